package io.triple.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.ManagedChannel;
import io.triple.ServerMethodDefinition;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.config.ConfigException;
import io.triple.config.ConfigLoader;
import io.triple.config.ProtocolConfig;
import io.triple.config.ReferenceConfig;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.config.SerializeCheckConfig;
import io.triple.config.ServiceConfig;
import io.triple.stub.ClientCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.example.generated.Echo;
import org.example.generated.EchoTriple;
import org.example.generated.LoudEcho;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.example.outside.Parcel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interface (POJO) services through the bootstrap: registered in code or named by {@code ref},
 * called through {@link Dubbo#reference}, with the configuration's serializations and guard.
 * The real serializations live in other modules; here {@link JavaSerializationForTests} plays
 * their part, so every call goes over a real server.
 */
@Timeout(30)
class DubboPojoTest {
  static final String INVENTORY = Inventory.class.getName();
  static final String JAVATEST = JavaSerializationForTests.NAME;

  private static RootConfig.Builder providerAndConsumer(int port, ServiceConfig service) {
    return RootConfig.builder()
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(port).build())
        .service("inventory", service)
        .reference("inventory", ReferenceConfig.builder().interfaceName(INVENTORY)
            .url("tri://127.0.0.1:" + port).serialization(JAVATEST).build());
  }

  private static Set<String> methods(ServiceDefinition def) {
    Set<String> names = new TreeSet<>();
    for (ServerMethodDefinition<?, ?> m : def.methods()) {
      names.add(m.method().methodName());
    }
    return names;
  }

  /** The code path without a file: register(Class, impl), a RootConfig built in code, reference(). */
  @Test
  void registeredInterfaceServiceIsServedAndCalledThroughReference() throws Exception {
    int port = DubboRegistryTest.freePort();
    RootConfig cfg = providerAndConsumer(port,
        ServiceConfig.builder().interfaceName(INVENTORY).version("1.0.0").build()).build();
    try (Dubbo dubbo = Dubbo.create().withConfig(cfg).register(Inventory.class, new Inventory.Impl()).start()) {
      ServiceDefinition def = dubbo.servers().get(0).services().stream()
          .filter(d -> d.serviceName().equals(INVENTORY)).findFirst().orElseThrow();
      // The interface's methods, and Dubbo's generic-call built-ins every interface provider answers.
      assertEquals(Set.of("count", "find", "echo", "$invoke", "$invokeAsync", "$echo"), methods(def));
      assertEquals("1.0.0", def.version());
      assertEquals(List.of("triple://127.0.0.1:" + port + "/" + INVENTORY), dubbo.urls());

      Inventory inventory = dubbo.reference("inventory", Inventory.class);
      assertEquals(5, inventory.count("apple"));
      assertEquals(new Inventory.Item("pear", 7), inventory.find("pear"));
      assertSame(inventory, dubbo.reference("inventory", Inventory.class), "one proxy per reference");
    }
  }

  @Test
  void registerRefusesWhatIsNotAnInterfaceService() {
    Dubbo dubbo = Dubbo.create();
    @SuppressWarnings({"unchecked", "rawtypes"})
    IllegalArgumentException notInterface = assertThrows(IllegalArgumentException.class,
        () -> dubbo.register((Class) Inventory.Impl.class, new Inventory.Impl()));
    assertTrue(notInterface.getMessage().contains("is not an interface"), notInterface.getMessage());
    dubbo.register(Inventory.class, new Inventory.Impl());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> dubbo.register(Inventory.class, new Inventory.Impl()));
    assertEquals("Service " + INVENTORY + " registered twice", twice.getMessage());
  }

  /** A generated interface registered as a class is bound as generated, on its proto name. */
  @Test
  void registeringAGeneratedInterfaceBindsItsGeneratedService() throws Exception {
    int port = DubboRegistryTest.freePort();
    RootConfig cfg = RootConfig.builder()
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(port).build())
        .reference("echo", ReferenceConfig.builder().interfaceName(EchoTriple.SERVICE_NAME)
            .url("tri://127.0.0.1:" + port).build())
        .build();
    try (Dubbo dubbo = Dubbo.create().withConfig(cfg).register(Echo.class, new LoudEcho()).start()) {
      assertEquals(List.of("triple://127.0.0.1:" + port + "/demo.echo.Echo"), dubbo.urls());
      ManagedChannel ch = dubbo.channel("echo");
      assertEquals("HI", ClientCalls.blockingUnary(ch, EchoTriple.METHOD_ECHO, CallOptions.DEFAULT, "hi"));
    }
  }

  /** What a dubbo.yaml needs to serve an interface with ref: interface, ref, a protocol. */
  static String yaml(int port, String serviceExtra, String applicationExtra) {
    return """
        dubbo:
          application:
            name: inventory%s
          protocols:
            tri:
              ip: 127.0.0.1
              port: %d
          provider:
            services:
              inventory:
                interface: %s
        %s
          consumer:
            serialization: [kryo, %s]
            references:
              inventory:
                interface: %s
                url: tri://127.0.0.1:%d
        """.formatted(applicationExtra, port, INVENTORY, serviceExtra.indent(8).stripTrailing(), JAVATEST,
        INVENTORY, port);
  }

  private static Path write(Path dir, String yaml) throws Exception {
    return Files.writeString(dir.resolve("dubbo.yaml"), yaml);
  }

  @Test
  void refServesTheInterfaceFromDubboYaml(@TempDir Path dir) throws Exception {
    int port = DubboRegistryTest.freePort();
    Path file = write(dir, yaml(port, "ref: " + Inventory.Impl.class.getName(), ""));
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(file)).start()) {
      // kryo comes first in dubbo.consumer.serialization: a Dubbo name, not installed, passed over.
      Inventory inventory = dubbo.reference("inventory", Inventory.class);
      assertEquals(3, inventory.count("fig"));
      assertEquals(new Inventory.Item("fig", 7), inventory.find("fig"));
    }
  }

  /** Each entry's ref is an instance of its own: one interface, two versions, two classes. */
  @Test
  void twoEntriesServeTwoVersionsWithTwoRefs() throws Exception {
    int port = DubboRegistryTest.freePort();
    RootConfig cfg = RootConfig.builder()
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(port).build())
        .service("v1", ServiceConfig.builder().interfaceName(INVENTORY).version("1")
            .ref(Inventory.Impl.class.getName()).build())
        .service("v2", ServiceConfig.builder().interfaceName(INVENTORY).version("2")
            .ref(Inventory.Doubling.class.getName()).build())
        .reference("v1", ReferenceConfig.builder().interfaceName(INVENTORY).version("1")
            .url("tri://127.0.0.1:" + port).serialization(JAVATEST).build())
        .reference("v2", ReferenceConfig.builder().interfaceName(INVENTORY).version("2")
            .url("tri://127.0.0.1:" + port).serialization(JAVATEST).build())
        .build();
    try (Dubbo dubbo = Dubbo.create().withConfig(cfg).start()) {
      assertEquals(4, dubbo.reference("v1", Inventory.class).count("plum"));
      assertEquals(8, dubbo.reference("v2", Inventory.class).count("plum"));
    }
  }

  @Test
  void codeRegistrationWinsOverRef(@TempDir Path dir) throws Exception {
    int port = DubboRegistryTest.freePort();
    Path file = write(dir, yaml(port, "ref: " + Inventory.Broken.class.getName(), ""));
    Inventory.Impl mine = new Inventory.Impl() {
      @Override
      public int count(String item) {
        return 42;
      }
    };
    // Broken's constructor throws: had ref been used, start would fail.
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(file))
        .register(Inventory.class, mine).start()) {
      assertEquals(42, dubbo.reference("inventory", Inventory.class).count("x"));
    }
  }

  /** start()'s ConfigException for a dubbo.yaml whose inventory service has {@code serviceExtra}. */
  private static ConfigException startFails(Path dir, String serviceExtra) throws Exception {
    Path file = write(dir, yaml(DubboRegistryTest.freePort(), serviceExtra, ""));
    Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(file));
    try {
      ConfigException e = assertThrows(ConfigException.class, dubbo::start);
      assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
      return e;
    } finally {
      dubbo.close();
    }
  }

  @Test
  void refErrorsNameTheFileAndTheKey(@TempDir Path dir) throws Exception {
    String ref = "dubbo.provider.services.inventory.ref";
    ConfigException missing = startFails(dir, "ref: com.example.NoSuchImpl");
    assertEquals(ref, missing.keyPath());
    assertTrue(missing.getMessage().endsWith("class com.example.NoSuchImpl not found on the class path"),
        missing.getMessage());

    ConfigException noConstructor = startFails(dir, "ref: " + Inventory.NeedsArgument.class.getName());
    assertEquals(ref, noConstructor.keyPath());
    assertTrue(noConstructor.getMessage().contains("has no public no-arg constructor"), noConstructor.getMessage());

    ConfigException abstractClass = startFails(dir, "ref: " + Inventory.Partial.class.getName());
    assertTrue(abstractClass.getMessage().contains(Inventory.Partial.class.getName() + " is abstract"),
        abstractClass.getMessage());

    ConfigException throwing = startFails(dir, "ref: " + Inventory.Broken.class.getName());
    assertEquals(ref, throwing.keyPath());
    assertTrue(throwing.getMessage().contains("threw java.lang.IllegalStateException: no database"),
        throwing.getMessage());

    ConfigException notImplementing = startFails(dir, "ref: " + Parcel.class.getName());
    assertTrue(notImplementing.getMessage().endsWith(
        ref + ": " + Parcel.class.getName() + " does not implement " + INVENTORY), notImplementing.getMessage());
  }

  @Test
  void interfaceErrorsNameTheFileAndTheKey(@TempDir Path dir) throws Exception {
    String impl = Inventory.Impl.class.getName();
    Path file = write(dir, yaml(DubboRegistryTest.freePort(), "ref: " + impl, "")
        .replace("interface: " + INVENTORY + "\n        ref", "interface: " + impl + "\n        ref"));
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(file))) {
      ConfigException e = assertThrows(ConfigException.class, dubbo::start);
      assertEquals(file + ": dubbo.provider.services.inventory.interface: " + impl
          + " is a class, not an interface: name the service interface here and its implementation under ref",
          e.getMessage());
    }
    Path unknown = write(dir, yaml(DubboRegistryTest.freePort(), "ref: " + impl, "")
        .replace("interface: " + INVENTORY + "\n        ref", "interface: com.example.Nothing\n        ref"));
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(unknown))) {
      ConfigException e = assertThrows(ConfigException.class, dubbo::start);
      assertEquals("dubbo.provider.services.inventory.interface", e.keyPath());
      assertTrue(e.getMessage().contains("no interface com.example.Nothing on the class path"), e.getMessage());
    }
  }

  /** A generated .proto service named by ref: bound with XxxTriple.bindService, found by its proto name. */
  @Test
  void refBindsAGeneratedServiceByItsProtoName() throws Exception {
    int port = DubboRegistryTest.freePort();
    RootConfig cfg = RootConfig.builder()
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(port).build())
        .service("echo", ServiceConfig.builder().interfaceName(EchoTriple.SERVICE_NAME)
            .ref("org.example.generated.LoudEcho").build())
        .reference("echo", ReferenceConfig.builder().interfaceName(EchoTriple.SERVICE_NAME)
            .url("tri://127.0.0.1:" + port).build())
        .build();
    try (Dubbo dubbo = Dubbo.create().withConfig(cfg).start()) {
      ManagedChannel ch = dubbo.channel("echo");
      assertEquals("HI", ClientCalls.blockingUnary(ch, EchoTriple.METHOD_ECHO, CallOptions.DEFAULT, "hi"));
    }
    RootConfig byJavaName = cfg.toBuilder().service("echo", ServiceConfig.builder()
        .interfaceName("org.example.generated.Echo").ref("org.example.generated.LoudEcho").build()).build();
    try (Dubbo dubbo = Dubbo.create().withConfig(byJavaName)) {
      ConfigException e = assertThrows(ConfigException.class, dubbo::start);
      assertEquals("<code>: dubbo.provider.services.echo.interface: org.example.generated.Echo is generated for"
          + " the service demo.echo.Echo; set interface: demo.echo.Echo", e.getMessage());
    }
  }

  @Test
  void serializationErrorsNameTheFileAndTheKey(@TempDir Path dir) throws Exception {
    int port = DubboRegistryTest.freePort();
    String yaml = yaml(port, "ref: " + Inventory.Impl.class.getName(), "");
    Path provider = write(dir, yaml.replace("  provider:\n", "  provider:\n    serialization: [javatest, fastjson2]\n"));
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(provider))) {
      ConfigException e = assertThrows(ConfigException.class, dubbo::start);
      assertEquals(provider + ": dubbo.provider.serialization: serialization 'fastjson2' is not installed"
          + " (installed: javatest); add io.triple:triple-serialization-fastjson2 to the class path or remove it",
          e.getMessage());
    }
    Path typo = write(dir, yaml.replace("[kryo, javatest]", "[hessain2, javatest]"));
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(typo))) {
      ConfigException e = assertThrows(ConfigException.class, () -> dubbo.reference("inventory", Inventory.class));
      assertEquals("dubbo.consumer.references.inventory.serialization", e.keyPath());
      assertTrue(e.getMessage().startsWith(typo + ": dubbo.consumer.references.inventory.serialization: unknown"
          + " serialization 'hessain2'; installed: javatest; Dubbo's: hessian2, fastjson2,"), e.getMessage());
    }
    Path noneInstalled = write(dir, yaml.replace("[kryo, javatest]", "[kryo, fastjson2]"));
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(noneInstalled))) {
      ConfigException e = assertThrows(ConfigException.class, () -> dubbo.reference("inventory", Inventory.class));
      assertEquals(noneInstalled + ": dubbo.consumer.references.inventory.serialization: none of [kryo, fastjson2]"
          + " is installed (installed: javatest); add io.triple:triple-serialization-kryo to the class path",
          e.getMessage());
    }
    RootConfig defaults = RootConfig.builder().reference("r", ReferenceConfig.builder().interfaceName(INVENTORY)
        .url("tri://127.0.0.1:" + port).build()).build();
    try (Dubbo dubbo = Dubbo.create().withConfig(defaults)) {
      ConfigException e = assertThrows(ConfigException.class, () -> dubbo.reference("r", Inventory.class));
      assertEquals("<code>: dubbo.consumer.references.r.serialization: none of [hessian2, fastjson2] (the default)"
          + " is installed (installed: javatest); add io.triple:triple-serialization-hessian2 to the class path",
          e.getMessage());
    }
  }

  /** The guard of both sides comes from dubbo.application.serialize_*. */
  @Test
  void serializeCheckSettingsGuardBothSides() throws Exception {
    int port = DubboRegistryTest.freePort();
    RootConfig base = providerAndConsumer(port,
        ServiceConfig.builder().interfaceName(INVENTORY).ref(Inventory.Impl.class.getName()).build()).build();
    Parcel parcel = new Parcel("fragile");

    try (Dubbo strict = Dubbo.create().withConfig(base).start()) {
      Inventory inventory = strict.reference("inventory", Inventory.class);
      assertEquals(new Inventory.Item("a", 1), inventory.echo(new Inventory.Item("a", 1)), "a signature type");
      StatusException e = assertThrows(StatusException.class, () -> inventory.echo(parcel));
      assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().code(), e.toString());
      assertTrue(e.getStatus().description().contains(Parcel.class.getName()), e.getStatus().description());
    }
    RootConfig allowed = base.toBuilder()
        .serializeCheck(new SerializeCheckConfig("STRICT", List.of("org.example.outside."), List.of())).build();
    try (Dubbo dubbo = Dubbo.create().withConfig(allowed).start()) {
      assertEquals(parcel, dubbo.reference("inventory", Inventory.class).echo(parcel));
    }
    RootConfig warn = base.toBuilder()
        .serializeCheck(new SerializeCheckConfig("warn", List.of(), List.of())).build();
    try (Dubbo dubbo = Dubbo.create().withConfig(warn).start()) {
      assertEquals(parcel, dubbo.reference("inventory", Inventory.class).echo(parcel));
    }
    RootConfig denied = base.toBuilder().serializeCheck(
        new SerializeCheckConfig("DISABLE", List.of("org.example.outside."), List.of(Parcel.class.getName()))).build();
    try (Dubbo dubbo = Dubbo.create().withConfig(denied).start()) {
      StatusException e = assertThrows(StatusException.class,
          () -> dubbo.reference("inventory", Inventory.class).echo(parcel));
      assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().code(), e.toString());
    }
  }

  /** Through a real ZooKeeper: the provider registers the interface service, the reference finds it. */
  @Test
  void referenceFindsAnInterfaceServiceInZookeeper() throws Exception {
    try (TestingServer zk = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true)) {
      RegistryConfig registry = RegistryConfig.builder().address("zookeeper://" + zk.getConnectString()).build();
      RootConfig provider = RootConfig.builder()
          .application("inventory-provider")
          .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(DubboRegistryTest.freePort()).build())
          .registry("zk", registry)
          .service("inventory", ServiceConfig.builder().interfaceName(INVENTORY).version("2.0.0")
              .ref(Inventory.Impl.class.getName()).build())
          .build();
      RootConfig consumer = RootConfig.builder()
          .application("inventory-consumer")
          .registry("zk", registry)
          .reference("inventory", ReferenceConfig.builder().interfaceName(INVENTORY).version("2.0.0")
              .serialization(JAVATEST).build())
          .build();
      try (Dubbo server = Dubbo.create().withConfig(provider).start();
          Dubbo client = Dubbo.create().withConfig(consumer)) {
        Inventory inventory = client.reference("inventory", Inventory.class);
        assertEquals(4, inventory.count("kiwi"));
        assertEquals(new Inventory.Item("kiwi", 7), inventory.find("kiwi"));
      }
    }
  }
}
