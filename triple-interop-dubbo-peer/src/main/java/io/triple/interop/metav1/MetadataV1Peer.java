package io.triple.interop.metav1;

import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.MetadataReportConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * Apache Dubbo Java with application-level discovery and no protobuf: run with protobuf-java
 * filtered out of the peer's class path, Dubbo has no MetadataServiceV2
 * ({@code MetadataServiceV2Detector.support()} is false), so it serves and calls only the V1
 * {@code org.apache.dubbo.metadata.MetadataService} (hessian2). No class reachable from here
 * names a protobuf type. Modes:
 *
 * <ul>
 *   <li>{@code provider PORT ZK}: serves {@link PlainEcho} (version 2.0.0, replies "dubbo " + text)
 *       over Triple on 127.0.0.1:PORT, registering only its instance ({@code register-mode
 *       instance}) in the ZooKeeper at ZK, until killed;
 *   <li>{@code consumer ZK}: references {@link PlainEcho} version 1.0.0 through ZK with
 *       {@code FORCE_APPLICATION}, calls it once; prints "PASS name" or "FAIL name: why" per
 *       case and exits 0 only if all passed.
 * </ul>
 */
public final class MetadataV1Peer {
  private MetadataV1Peer() {}

  public static void main(String[] args) throws Exception {
    boolean provider = args.length == 3 && args[0].equals("provider");
    if (!provider && !(args.length == 2 && args[0].equals("consumer"))) {
      System.err.println("Usage: MetadataV1Peer provider PORT ZK | consumer ZK");
      System.exit(2);
    }
    if (!provider) {
      System.setProperty("dubbo.application.service-discovery.migration", "FORCE_APPLICATION");
    }
    String zookeeper = "zookeeper://" + args[args.length - 1];
    ApplicationConfig app = new ApplicationConfig("triple-metav1-dubbo-" + args[0]);
    app.setQosEnable(false); // its port (22222) is fixed: two peers would collide
    app.setLogger("jdk"); // not SLF4J: ZooKeeper brings slf4j-api, with no binding
    app.setRegisterMode("instance");
    app.setMetadataServiceProtocol("tri");
    DubboBootstrap bootstrap = DubboBootstrap.getInstance()
        .application(app)
        .registry(new RegistryConfig(zookeeper))
        .metadataReport(new MetadataReportConfig(zookeeper));
    boolean protobuf = hasProtobuf();
    if (provider) {
      int port = Integer.parseInt(args[1]);
      ServiceConfig<PlainEcho> service = new ServiceConfig<>();
      service.setInterface(PlainEcho.class);
      service.setRef(new DubboPlainEcho());
      service.setVersion("2.0.0");
      ProtocolConfig tri = new ProtocolConfig("tri", port);
      tri.setHost("127.0.0.1");
      bootstrap.protocol(tri).service(service).start();
      System.out.println("DUBBO V1 PROVIDER READY " + port + (protobuf ? " (WITH protobuf)" : " (no protobuf)"));
      Thread.sleep(Long.MAX_VALUE);
    }
    ReferenceConfig<PlainEcho> reference = new ReferenceConfig<>();
    reference.setInterface(PlainEcho.class);
    reference.setVersion("1.0.0");
    reference.setTimeout(30_000);
    reference.setRetries(0);
    reference.setProtocol("tri");
    bootstrap.reference(reference);
    boolean ok = true;
    // Without this the test could pass on V2: the class path must really lack protobuf.
    ok &= report("no_protobuf", protobuf ? "com.google.protobuf.Message is on the class path" : null);
    try {
      bootstrap.start();
      String reply = reference.get().echo("v1");
      ok &= report("force_application_v1_metadata",
          "triple-java v1".equals(reply) ? null : "expected <triple-java v1> but was <" + reply + ">");
    } catch (Throwable t) {
      t.printStackTrace(System.out);
      ok &= report("force_application_v1_metadata", String.valueOf(t));
    }
    System.out.println(ok ? "ALL PASSED" : "FAILED");
    System.exit(ok ? 0 : 1);
  }

  /** A named class, not a lambda: Dubbo generates a wrapper for the implementation's class. */
  public static final class DubboPlainEcho implements PlainEcho {
    @Override
    public String echo(String text) {
      return "dubbo " + text;
    }
  }

  private static boolean hasProtobuf() {
    try {
      Class.forName("com.google.protobuf.Message");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static boolean report(String name, String failure) {
    System.out.println(failure == null ? "PASS " + name : "FAIL " + name + ": " + failure);
    return failure == null;
  }
}
