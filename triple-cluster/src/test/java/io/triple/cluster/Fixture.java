package io.triple.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCalls;
import io.triple.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/** A real ZooKeeper, Triple providers that say who they are, and helpers. */
final class Fixture implements AutoCloseable {
  static final String IFACE = "org.apache.dubbo.sample.tri.Greeter";
  static final Marshaller<String> UTF8 = new Marshaller<>() {
    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };
  static final MethodDescriptor<String, String> GREET =
      MethodDescriptor.of(IFACE, "greet", MethodType.UNARY, UTF8, UTF8);

  final TestingServer zk;
  final List<Node> nodes = new ArrayList<>();
  final List<AutoCloseable> closeables = new ArrayList<>();

  Fixture(boolean withZooKeeper) throws Exception {
    zk = withZooKeeper
        ? new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true)
        : null;
  }

  ServiceUrl registryUrl() {
    return Registries.parseAddress(zk.getConnectString(), "zookeeper", Duration.ofSeconds(5))
        .withParameter("session", "4000");
  }

  Registry registry() {
    Registry r = Registries.create(registryUrl());
    closeables.add(r);
    return r;
  }

  /** A provider; answers its name (prefixed by version when serving several). */
  final class Node {
    final String name;
    final int weight;
    final String version;
    final String group;
    final AtomicInteger served = new AtomicInteger();
    final Map<String, AtomicInteger> servedByVersion = new ConcurrentHashMap<>();
    volatile long delayMillis;
    /** Non-null: every call fails with this status (after counting as served). */
    volatile Status failWith;
    volatile TripleServer server;
    Registry registry;
    /** The URL registered by a test that registers it itself. */
    volatile ServiceUrl registeredUrl;
    int port;

    Node(String name, int weight, String version, String group) {
      this.name = name;
      this.weight = weight;
      this.version = version;
      this.group = group;
    }

    ServiceDefinition service(String v, String g) {
      return ServiceDefinition.builder(IFACE)
          .addMethod(GREET, ServerCalls.unaryCall(req -> {
            served.incrementAndGet();
            servedByVersion.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet();
            Status failure = failWith;
            if (failure != null) {
              return CompletableFuture.failedFuture(failure.asException());
            }
            String answer = v.isEmpty() ? name : name + "@" + v;
            long d = delayMillis;
            return d <= 0 ? CompletableFuture.completedFuture(answer)
                : CompletableFuture.supplyAsync(() -> answer, CompletableFuture.delayedExecutor(d, TimeUnit.MILLISECONDS));
          }))
          .build()
          .withVersion(v)
          .withGroup(g);
    }

    void start(int port, List<String> extraVersions) {
      TripleServer.Builder b = TripleServer.builder().host("127.0.0.1").port(port)
          .addService(service(version, group));
      for (String v : extraVersions) {
        b.addService(service(v, group));
      }
      server = b.build().start();
      this.port = server.port();
    }

    ServiceUrl url(String v) {
      return ServiceUrl.parse("tri://127.0.0.1:" + port + "/" + IFACE + "?anyhost=false&application=" + name
          + "&deprecated=false&dubbo=2.0.2&dynamic=true&group=" + group + "&interface=" + IFACE
          + "&methods=greet&protocol=tri&release=triple-java&side=provider&timestamp=" + System.currentTimeMillis()
          + "&version=" + v + "&weight=" + weight);
    }

    void register(String... versions) {
      registry = registry();
      if (versions.length == 0) {
        registry.register(url(version));
      }
      for (String v : versions) {
        registry.register(url(v));
      }
    }

    String target() {
      return "tri://127.0.0.1:" + port + "?weight=" + weight;
    }
  }

  Node provider(String name, int weight, String version, String group, boolean register) {
    Node n = new Node(name, weight, version, group);
    n.start(0, List.of());
    nodes.add(n);
    if (register) {
      n.register();
    }
    return n;
  }

  Node provider(String name) {
    return provider(name, 100, "", "", zk != null);
  }

  static String call(Channel channel) {
    return ClientCalls.blockingUnary(channel, GREET, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)), "hi");
  }

  /** Makes n sequential calls; returns answers counted by provider name. */
  static Map<String, Integer> calls(Channel channel, int n) {
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(call(channel), 1, Integer::sum);
    }
    return counts;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, st) -> {
          if (t.getName().startsWith("Thread-") || t.getName().startsWith("triple")) {
            dump.append(t.getName()).append(' ').append(t.getState()).append('\n');
            for (int i = 0; i < Math.min(st.length, 25); i++) {
              dump.append("    at ").append(st[i]).append('\n');
            }
          }
        });
        System.err.println("Threads at timeout:\n" + dump);
        fail("Timed out after 20 s waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  /** A port nothing listens on (bound then released). */
  static int deadPort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (Node n : nodes) {
      if (n.server != null) {
        n.server.shutdownNow();
      }
    }
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception ignored) {
        // best effort
      }
    }
    if (zk != null) {
      zk.close();
    }
  }
}
