package io.triple.examples.registry;

import io.triple.bootstrap.Dubbo;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;

/**
 * Service discovery end to end, one process per role:
 *
 * <pre>
 * java -jar registry-demo.jar zookeeper                 # a ZooKeeper for the demo on 127.0.0.1:2181
 * DUBBO_PROTOCOLS_TRIPLE_PORT=50061 java -jar registry-demo.jar server   # reads ./dubbo.yaml
 * DUBBO_PROTOCOLS_TRIPLE_PORT=50062 java -jar registry-demo.jar server
 * java -jar registry-demo.jar client [zookeeper://127.0.0.1:2181/org.apache.dubbo.sample.tri.Greeter?version=1.0.0]
 * </pre>
 */
public final class RegistryDemo {
  static final String DEFAULT_TARGET =
      "zookeeper://127.0.0.1:2181/org.apache.dubbo.sample.tri.Greeter?version=1.0.0&loadbalance=roundrobin";

  private RegistryDemo() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "";
    switch (mode) {
      case "zookeeper" -> zookeeper(args.length > 1 ? Integer.parseInt(args[1]) : 2181);
      case "server" -> server();
      case "client" -> client(args.length > 1 ? args[1] : DEFAULT_TARGET, args.length > 2 ? Integer.parseInt(args[2]) : 10);
      default -> {
        System.err.println("usage: registry-demo zookeeper [port] | server | client [target] [calls]");
        System.exit(2);
      }
    }
  }

  /** An in-process ZooKeeper (Curator's TestingServer): for trying the example only. */
  static void zookeeper(int port) throws Exception {
    TestingServer zk = new TestingServer(
        new InstanceSpec(null, port, -1, -1, true, -1, -1, -1, null, "127.0.0.1"), true);
    System.out.println("ZooKeeper for the demo listening on " + zk.getConnectString());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        zk.close();
      } catch (Exception ignored) {
        // exiting
      }
    }));
    Thread.currentThread().join();
  }

  /** A provider: serves the Greeter as ./dubbo.yaml says and registers it in ZooKeeper. */
  static void server() throws InterruptedException {
    Dubbo dubbo = Dubbo.create();
    int[] port = new int[1];
    dubbo.register(GreeterTriple.bindService(new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        return GreeterReply.newBuilder()
            .setMessage("hello, " + request.getName() + " (from the server on port " + port[0] + ")")
            .build();
      }
    }));
    dubbo.start();
    port[0] = dubbo.servers().get(0).port();
    dubbo.blockUntilShutdown();
  }

  /** A consumer: finds the providers in ZooKeeper and spreads calls over them. */
  static void client(String target, int calls) {
    Map<String, Integer> byServer = new TreeMap<>();
    try (GreeterClient client = GreeterClient.create(target)) {
      for (int i = 0; i < calls; i++) {
        String reply = client.greet(GreeterRequest.newBuilder().setName("dubbo-" + i).build()).getMessage();
        System.out.println("Response: " + reply);
        byServer.merge(reply.substring(reply.indexOf("(from")), 1, Integer::sum);
      }
    }
    System.out.println("Calls per server: " + byServer);
  }
}
