package io.triple.interop.dubbo;

import com.google.protobuf.StringValue;
import io.triple.interop.pojo.PojoEcho;
import io.triple.interop.pojo.PojoEchoImpl;
import io.triple.interop.pojo.model.Dog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.stream.StreamObserver;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.MethodConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.StatusRpcException;
import org.apache.dubbo.rpc.TriRpcStatus;

/**
 * Apache Dubbo Java as an interop peer, in one of three modes:
 *
 * <ul>
 *   <li>{@code server PORT [ZK]}: serves {@link DubboEcho} and the interface (POJO) service {@link
 *       PojoEcho} over Triple on 127.0.0.1:PORT (one port for both) until killed; registered in
 *       the ZooKeeper at ZK ({@code host:port}) if given, with no version;
 *   <li>{@code client PORT [ZK]}: calls {@link DubboEcho} on {@code tri://127.0.0.1:PORT} (a
 *       triple-java server in the tests) and, if ZK is given, on whatever provider of it that
 *       ZooKeeper lists; one line per case, "PASS name" or "FAIL name: why"; exits 0 only if
 *       every case passed;
 *   <li>{@code pojo-client PORT [ZK]}: the same for {@link PojoEcho} ({@link PojoClientMode}):
 *       every case with hessian2, then with fastjson2, then generic calls with each; with ZK, a
 *       few cases again on the provider of version 1.0.0 that ZooKeeper lists.
 * </ul>
 *
 * <p>{@link WireTap} (a separate main) shows what these put on the wire; POJO-WIRE.md in this
 * module records it for the POJO service.
 */
public final class DubboPeer {
  static final int TIMEOUT_MS = 30_000;

  private DubboPeer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3 || !(args[0].equals("server")
        || args[0].equals("client") || args[0].equals("pojo-client"))) {
      System.err.println("Usage: DubboPeer server|client|pojo-client PORT [ZOOKEEPER_HOST:PORT]");
      System.exit(2);
    }
    allowPojoClasses(args[0].equals("server"));
    int port = Integer.parseInt(args[1]);
    String zookeeper = args.length == 3 ? args[2] : null;
    ApplicationConfig app = new ApplicationConfig("triple-interop-dubbo-" + args[0]);
    app.setQosEnable(false); // its port (22222) is fixed: two peers would collide
    app.setLogger("jdk"); // not SLF4J: ZooKeeper brings slf4j-api, with no binding
    if (args[0].equals("server")) {
      serve(app, port, zookeeper);
    } else if (args[0].equals("pojo-client")) {
      System.exit(PojoClientMode.run(app, port, zookeeper) ? 0 : 1);
    } else {
      System.exit(runClient(app, port, zookeeper) ? 0 : 1);
    }
  }

  /**
   * Dubbo 3.3 checks every class that hessian2 writes or reads, and that fastjson2 reads, against
   * its allow-list (STRICT by default): the types reachable from the exported or referenced
   * interfaces, Dubbo's list, and these. {@code Dog} is sent where {@code Animal} is declared, so
   * no signature reaches it; the provider-only exception is allowed on the provider only (it
   * could not even write it otherwise), so a caller has neither the class nor its name. A value
   * already set on the command line wins (to watch what Dubbo does without them).
   */
  private static void allowPojoClasses(boolean provider) {
    String property = "dubbo.security.serialize.allowedClassList";
    if (System.getProperty(property) == null) {
      System.setProperty(property, Dog.class.getName()
          + (provider ? "," + PojoEchoImpl.PROVIDER_ONLY_EXCEPTION : ""));
    }
  }

  private static void serve(ApplicationConfig app, int port, String zookeeper)
      throws InterruptedException {
    ServiceConfig<DubboEcho> service = new ServiceConfig<>();
    service.setInterface(DubboEcho.class);
    service.setRef(new DubboEchoImpl());
    // Published in its registry URL (timeout=1000, and slow's own 2000) for consumers that set
    // none: ours must use them.
    service.setTimeout(1000);
    MethodConfig slowMethod = new MethodConfig();
    slowMethod.setName("slow");
    slowMethod.setTimeout(2000);
    service.setMethods(List.of(slowMethod));
    // The interface (POJO) service, on the same port. Both serializations are accepted: a
    // provider accepts those its URL lists in prefer.serialization, then serialization, then
    // hessian2 (UrlUtils.allSerializations); Dubbo 3.3's default for prefer.serialization is
    // already "hessian2,fastjson2" (PreferSerializationProviderImpl), set here explicitly. It is
    // also what the registered URL tells consumers to prefer.
    ServiceConfig<PojoEcho> pojo = new ServiceConfig<>();
    pojo.setInterface(PojoEcho.class);
    pojo.setRef(new PojoEchoImpl());
    pojo.setPreferSerialization("hessian2,fastjson2");
    ProtocolConfig tri = new ProtocolConfig("tri", port);
    tri.setHost("127.0.0.1");
    DubboBootstrap.getInstance()
        .application(app)
        .registry(new RegistryConfig(
            zookeeper != null ? "zookeeper://" + zookeeper : RegistryConfig.NO_AVAILABLE))
        .protocol(tri)
        .service(service)
        .service(pojo)
        .start();
    System.out.println("DUBBO SERVER READY " + port);
    Thread.sleep(Long.MAX_VALUE);
  }

  private static boolean runClient(ApplicationConfig app, int port, String zookeeper) {
    ReferenceConfig<DubboEcho> reference = new ReferenceConfig<>();
    reference.setInterface(DubboEcho.class);
    reference.setUrl("tri://127.0.0.1:" + port);
    reference.setTimeout(TIMEOUT_MS);
    MethodConfig slow = new MethodConfig();
    slow.setName("slow");
    slow.setTimeout(500);
    reference.setMethods(List.of(slow));
    reference.setRetries(0);
    DubboBootstrap bootstrap = DubboBootstrap.getInstance().application(app).reference(reference);
    ReferenceConfig<DubboEcho> viaRegistry = null;
    if (zookeeper != null) {
      viaRegistry = new ReferenceConfig<>();
      viaRegistry.setInterface(DubboEcho.class);
      viaRegistry.setVersion("1.0.0"); // ours; Dubbo's own provider has no version
      viaRegistry.setRegistry(new RegistryConfig("zookeeper://" + zookeeper));
      // No timeout of its own: the provider's, from its registry URL, is the one Dubbo uses
      // (the test's provider publishes 30 s; Dubbo's default for Triple is 3 s, TripleInvoker's).
      viaRegistry.setRetries(0);
      bootstrap.reference(viaRegistry);
    }
    bootstrap.start();
    DubboEcho echo = reference.get();

    List<String> failed = new ArrayList<>();
    check("unary_metadata", failed, () -> {
      RpcContext.getClientAttachment().setAttachment("x-echo", "v1");
      String reply = echo.unary(StringValue.of("world")).getValue();
      expect("hello world x-echo=v1", reply, "reply");
      expect("triple-java", RpcContext.getServerContext().getAttachment("x-served-by"),
          "x-served-by from the response metadata");
    });
    check("camel_case_attachments", failed, () -> {
      // Our server restores the spelling from Dubbo's tri-header-convert (request headers) and
      // sends it for its own trailer servedBy, which Dubbo's client then finds under that key.
      RpcContext.getClientAttachment().setAttachment("userId", "u-42");
      String reply = echo.unary(StringValue.of("camel")).getValue();
      expect("hello camel userId=u-42 (as userId)", reply, "reply");
      expect("triple-java", RpcContext.getServerContext().getAttachment("servedBy"),
          "servedBy from the response trailers");
    });
    check("error_status", failed, () -> {
      TriRpcStatus status = statusOf(() -> echo.unary(StringValue.of("fail:now")));
      expect(TriRpcStatus.Code.INVALID_ARGUMENT, status.code, "status code");
      expect("bad request: fail:now", status.description, "status message");
    });
    check("unimplemented", failed, () -> {
      TriRpcStatus status = statusOf(() -> echo.missing(StringValue.of("x")));
      expect(TriRpcStatus.Code.UNIMPLEMENTED, status.code, "status code");
    });
    check("deadline", failed, () -> {
      // Dubbo's client gives up on its own (a 500 ms method timeout, sent as grpc-timeout; the
      // test asserts our server received it). It says so as a timeout RpcException, or, when its
      // timeout scanner fires first (a race inside Dubbo's client; it failed one full test run
      // on 2026-12-01), as RpcException(ExecutionException(StatusRpcException DEADLINE_EXCEEDED)).
      try {
        echo.slow(StringValue.of("3000"));
        throw new AssertionError("slow(3000) returned within a 500 ms timeout");
      } catch (RpcException e) {
        TriRpcStatus.Code code = null;
        for (Throwable t = e; t != null && code == null; t = t.getCause()) {
          if (t instanceof StatusRpcException s) {
            code = s.getStatus().code;
          }
        }
        expect(true, e.isTimeout() || code == TriRpcStatus.Code.DEADLINE_EXCEEDED,
            "a timeout RpcException or DEADLINE_EXCEEDED inside it: " + e);
      }
    });
    check("large_unary", failed, () -> {
      String big = "x".repeat(1 << 20);
      String reply = echo.unary(StringValue.of(big)).getValue();
      expect("hello ".length() + big.length(), reply.length(), "reply length");
    });
    check("five_mib_unary", failed, () -> {
      // Past grpc-java's 4 MiB default, within Dubbo's (and now our) 8 MiB, both ways.
      String big = "x".repeat(5 << 20);
      String reply = echo.unary(StringValue.of(big)).getValue();
      expect("hello ".length() + big.length(), reply.length(), "reply length");
    });
    check("server_stream", failed, () -> {
      Collector replies = new Collector();
      echo.serverStream(StringValue.of("s:5"), replies);
      expect(List.of("s0", "s1", "s2", "s3", "s4"), replies.await(), "messages");
    });
    check("bidi_stream", failed, () -> {
      Collector replies = new Collector();
      StreamObserver<StringValue> requests = echo.bidi(replies);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        String m = i + ":" + "y".repeat(1000);
        requests.onNext(StringValue.of(m));
        expected.add("echo " + m);
      }
      requests.onCompleted();
      expect(expected, replies.await(), "echoes");
    });
    if (viaRegistry != null) {
      // The provider Dubbo finds in ZooKeeper is the triple-java server the test registered.
      DubboEcho found = viaRegistry.get();
      check("registry_unary", failed, () -> {
        RpcContext.getClientAttachment().setAttachment("x-echo", "zk");
        expect("hello registry x-echo=zk", found.unary(StringValue.of("registry")).getValue(),
            "reply");
        expect("triple-java", RpcContext.getServerContext().getAttachment("x-served-by"),
            "x-served-by from the response metadata");
      });
      check("registry_server_stream", failed, () -> {
        Collector replies = new Collector();
        found.serverStream(StringValue.of("r:3"), replies);
        expect(List.of("r0", "r1", "r2"), replies.await(), "messages");
      });
      check("registry_provider_timeout", failed, () -> {
        // 3.5 s: past Dubbo's default timeout, within the one the provider published.
        expect("slept", found.unary(StringValue.of("sleep:3500")).getValue(), "reply");
      });
    }
    System.out.println(failed.isEmpty() ? "ALL PASSED" : "FAILED: " + failed);
    DubboBootstrap.getInstance().stop();
    return failed.isEmpty();
  }

  interface Case {
    void run() throws Exception;
  }

  static void check(String name, List<String> failed, Case c) {
    try {
      c.run();
      System.out.println("PASS " + name);
    } catch (Throwable t) {
      failed.add(name);
      System.out.println("FAIL " + name + ": " + t);
      t.printStackTrace(System.out);
    }
  }

  static TriRpcStatus statusOf(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // A synchronous call fails with RpcException(ExecutionException(StatusRpcException)):
      // the status as received is the innermost StatusRpcException's.
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof StatusRpcException s) {
          return s.getStatus();
        }
      }
      throw new AssertionError("no status in " + e, e);
    }
    throw new AssertionError("the call succeeded; expected it to fail");
  }

  static void expect(Object expected, Object actual, String what) {
    if (!java.util.Objects.equals(expected, actual)) {
      String a = String.valueOf(actual);
      throw new AssertionError(what + ": expected <" + abbreviate(String.valueOf(expected))
          + "> but was <" + abbreviate(a) + ">");
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "... (" + s.length() + " chars)" : s;
  }

  /** Collects a response stream's messages until it completes; an error fails {@link #await}. */
  private static final class Collector implements StreamObserver<StringValue> {
    private final List<String> messages = new ArrayList<>();
    private final CompletableFuture<List<String>> done = new CompletableFuture<>();

    @Override
    public synchronized void onNext(StringValue value) {
      messages.add(value.getValue());
    }

    @Override
    public synchronized void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public synchronized void onCompleted() {
      done.complete(new ArrayList<>(messages));
    }

    List<String> await() throws Exception {
      return done.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }
  }
}
