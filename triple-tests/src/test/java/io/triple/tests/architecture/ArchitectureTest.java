package io.triple.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the library modules, checked on their compiled classes (everything under
 * {@code io.triple} on this module's class path: core, protobuf, netty, config, registry,
 * cluster, bootstrap, services). Why here: this module is the one that sees them all.
 */
class ArchitectureTest {
  /** triple-core's packages: the API and what the other modules build on. */
  static final String[] CORE = {
      "io.triple", "io.triple.internal..", "io.triple.stub..", "io.triple.spi..", "io.triple.interceptor.."};
  /** triple-netty's packages: the transport, its public API beside its internals. */
  static final String[] NETTY = {"io.triple.netty..", "io.triple.server..", "io.triple.client..", "io.triple.tls.."};

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.triple");
  }

  /** The rules below see every library module (a rule over nothing would pass). */
  @Test
  void everyLibraryModuleIsImported() {
    for (String name : new String[] {
        "io.triple.Channels", "io.triple.protobuf.ProtoMarshaller", "io.triple.server.TripleServer",
        "io.triple.netty.internal.server.ServerStream",
        "io.triple.netty.internal.web.PlainHttpCall", "io.triple.netty.internal.client.NettyClientCall", "io.triple.config.ConfigLoader",
        "io.triple.registry.ServiceUrl", "io.triple.registry.zookeeper.ZookeeperRegistry",
        "io.triple.cluster.ClusterChannel", "io.triple.bootstrap.Dubbo", "io.triple.services.HealthService",
        "io.triple.pojo.PojoService"}) {
      assertEquals(true, classes.contain(name), name + " imported");
    }
  }

  /** "A core that depends on SLF4J only": anything else would reach every user. */
  @Test
  void coreDependsOnTheJdkAndSlf4jOnly() {
    classes().that().resideInAnyPackage(CORE)
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            concat(CORE, "java..", "javax.annotation..", "org.slf4j.."))
        .check(classes);
  }

  /** The transport's internals are used by the transport alone; other modules go through its API. */
  @Test
  void nettyInternalsStayInsideTheTransport() {
    noClasses().that().resideOutsideOfPackages(NETTY)
        .should().dependOnClassesThat().resideInAPackage("io.triple.netty.internal..")
        .check(classes);
  }

  /** triple-netty's internal packages, each one concern; {@code PORT} is the package itself. */
  static final String PORT = "io.triple.netty.internal";
  static final String WIRE = "io.triple.netty.internal.wire..";
  static final String HTTP2 = "io.triple.netty.internal.http2..";
  static final String SERVER = "io.triple.netty.internal.server..";
  static final String WEB = "io.triple.netty.internal.web..";
  static final String CLIENT = "io.triple.netty.internal.client..";
  /** The transport's public API, which builds on the internals and is built on by none of them. */
  static final String[] API = {"io.triple.server..", "io.triple.client..", "io.triple.tls.."};

  /**
   * The wire format (gRPC framing, headers and status, status details, the dialects' envelopes
   * and error bodies, timeouts) is the transport's bottom layer: it knows nothing of
   * connections, calls or servers built on it, so it can be tested and benchmarked on its own.
   */
  @Test
  void theWireLayerDependsOnNothingAboveIt() {
    noClasses().that().resideInAPackage(WIRE)
        .should().dependOnClassesThat().resideInAnyPackage(concat(API, PORT, HTTP2, SERVER, WEB, CLIENT))
        .check(classes);
  }

  /**
   * The HTTP/2 plumbing (write queue, coalescing, the codec's setup, windows, keepalive PINGs,
   * drain, event loops, TLS contexts) serves both sides and knows no call, dialect or server: it
   * sits below the calls and beside the wire format.
   */
  @Test
  void theHttp2LayerKnowsNoCalls() {
    noClasses().that().resideInAPackage(HTTP2)
        .should().dependOnClassesThat().resideInAnyPackage(
            concat(API, PORT, WIRE, SERVER, WEB, CLIENT, "io.triple.stub.."))
        .check(classes);
  }

  /**
   * The client knows nothing of serving: a channel pulls in no server code, and a change to the
   * server cannot break calls made from the client side.
   */
  @Test
  void theClientUsesNoServerCode() {
    noClasses().that().resideInAPackage(CLIENT)
        .should().dependOnClassesThat().resideInAnyPackage(
            concat(API, PORT, SERVER, WEB))
        .check(classes);
  }

  /**
   * The HTTP/2 server (gRPC, Connect streams and gRPC-Web on one call machinery) does not know
   * the web package's plain-HTTP calls: it hands them over through {@code PlainHttpStreams}, and
   * the web calls build on the server's method registry, settings and connections.
   */
  @Test
  void theServerDoesNotKnowTheWebCalls() {
    noClasses().that().resideInAPackage(SERVER)
        .should().dependOnClassesThat().resideInAnyPackage(concat(API, PORT, WEB, CLIENT))
        .check(classes);
    noClasses().that().resideInAPackage(WEB)
        .should().dependOnClassesThat().resideInAnyPackage(concat(API, PORT, CLIENT))
        .check(classes);
  }

  /** The port's assembly (one pipeline per accepted connection) is built by TripleServer alone. */
  @Test
  void onlyTheServerApiAssemblesThePort() {
    noClasses().that().resideOutsideOfPackages(PORT, "io.triple.server..")
        .should().dependOnClassesThat().resideInAPackage(PORT)
        .check(classes);
  }

  /**
   * Cluster and registry code knows channels only through triple-core ({@code Channels},
   * {@code ManagedChannel}): the transport is found at run time, so either can be swapped.
   */
  @Test
  void clusterAndRegistryBuildOnCoreOnly() {
    noClasses().that().resideInAnyPackage("io.triple.cluster..", "io.triple.registry..")
        .should().dependOnClassesThat().resideInAnyPackage(
            concat(NETTY, "io.triple.bootstrap..", "io.triple.config..", "io.netty.."))
        .check(classes);
  }

  /**
   * Interface services are calls like any other: they build on core's API and stubs (and
   * protobuf for unwrapped methods), so they work over any transport and through the cluster.
   * Serializations see only the SPI they implement, so one can be swapped without the other.
   */
  @Test
  void interfaceServicesBuildOnCoreAndSerializationsOnTheSpi() {
    noClasses().that().resideInAPackage("io.triple.pojo..")
        .should().dependOnClassesThat().resideInAnyPackage(concat(NETTY, "io.triple.bootstrap..",
            "io.triple.config..", "io.triple.cluster..", "io.triple.registry..", "io.triple.serialization..",
            "io.netty.."))
        .check(classes);
    noClasses().that().resideInAPackage("io.triple.serialization..")
        .should().dependOnClassesThat().resideInAnyPackage(concat(CORE, "io.triple.pojo", "io.triple.pojo.internal.."))
        .check(classes);
  }

  /** Nothing but the bootstrap reads configuration files. */
  @Test
  void onlyTheBootstrapUsesTheConfigModule() {
    noClasses().that().resideOutsideOfPackages("io.triple.config..", "io.triple.bootstrap..")
        .should().dependOnClassesThat().resideInAPackage("io.triple.config..")
        .check(classes);
  }

  /**
   * No cycles between the library's parts: core's API (with its SPI), stubs, interceptors and
   * internals; the transport's packages (wire, http2, server, web, client, the port's assembly)
   * and each package of its public API; protobuf; config; registry; cluster; bootstrap;
   * services. A cycle would make two parts one in all but name.
   */
  @Test
  void thePartsDependOnEachOtherWithoutCycles() {
    slices().assignedFrom(PARTS).should().beFreeOfCycles().check(classes);
  }

  static final SliceAssignment PARTS = new SliceAssignment() {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass c) {
      String p = c.getPackageName();
      if (!p.startsWith("io.triple")) {
        return SliceIdentifier.ignore();
      }
      if (p.startsWith("io.triple.netty.internal.")) {
        return SliceIdentifier.of("transport " + p.substring("io.triple.netty.internal.".length()).split("\\.")[0]);
      }
      if (p.startsWith("io.triple.netty")) {
        return SliceIdentifier.of("transport port");
      }
      if (p.startsWith("io.triple.server") || p.startsWith("io.triple.client") || p.startsWith("io.triple.tls")) {
        return SliceIdentifier.of("transport API " + p);
      }
      if (p.equals("io.triple") || p.startsWith("io.triple.spi")) {
        return SliceIdentifier.of("core API"); // the SPI is the API that transports implement
      }
      String rest = p.substring("io.triple.".length());
      int dot = rest.indexOf('.');
      return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    @Override
    public String getDescription() {
      return "the library's parts";
    }
  };

  /**
   * Each package comes from one module (one jar or classes directory): a package split over two
   * is a class-path accident waiting for the module path, and hides which module owns what.
   */
  @Test
  void noPackageIsSplitAcrossModules() {
    Map<String, Set<String>> origins = new TreeMap<>();
    for (JavaClass c : classes) {
      c.getSource().ifPresent(source -> origins
          .computeIfAbsent(c.getPackageName(), p -> new TreeSet<>())
          .add(root(source.getUri().toString(), c.getName())));
    }
    Map<String, Set<String>> split = new TreeMap<>();
    origins.forEach((pkg, roots) -> {
      if (roots.size() > 1) {
        split.put(pkg, roots);
      }
    });
    assertEquals(Map.of(), split, "packages split across modules");
  }

  /** The jar or directory a class file was loaded from. */
  static String root(String uri, String className) {
    String path = className.replace('.', '/') + ".class";
    int at = uri.lastIndexOf(path);
    return at > 0 ? uri.substring(0, at) : uri;
  }

  static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
