package demo;

import io.triple.server.TripleServer;

/** Serves Hello on a free port, calls it once through the generated client, and stops. */
public final class App {
  public static void main(String[] args) throws Exception {
    System.out.println(run("triple"));
  }

  static String run(String name) throws Exception {
    TripleServer server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(HelloTriple.bindService(new HelloImpl()))
        .build().start();
    try (HelloClient client = HelloClient.create("tri://127.0.0.1:" + server.port())) {
      return client.say(SayRequest.newBuilder().setName(name).build()).getMessage();
    } finally {
      server.shutdownNow();
    }
  }
}
