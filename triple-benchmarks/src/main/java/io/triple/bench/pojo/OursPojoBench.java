package io.triple.bench.pojo;

import io.triple.pojo.PojoClient;
import io.triple.pojo.PojoService;
import io.triple.server.TripleServer;
import java.io.InputStream;
import java.time.Duration;

/**
 * triple-java's side of the POJO benchmark ({@link PojoBench} starts it): {@code server} serves
 * {@link BenchUserService} through {@link PojoService} on an ephemeral port of every address (both
 * serializations accepted), prints {@code PORT n} and serves until standard input closes; {@code
 * client PORT SERIALIZATION INFLIGHT WARMUP_MS MEASURE_MS} calls {@code updateAsync} of the
 * provider on 127.0.0.1:PORT (ours or Dubbo's) through a {@link PojoClient} proxy in {@link
 * ClosedLoop} and prints its result line. Defaults otherwise (threads, one connection).
 */
public final class OursPojoBench {
  private OursPojoBench() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("server")) {
      TripleServer server = TripleServer.builder().host("0.0.0.0").port(Integer.parseInt(args[1]))
          .addService(PojoService.builder(BenchUserService.class, new BenchUserService.Impl()).build())
          .build().start();
      System.out.println("PORT " + server.port());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // serve until the harness closes our stdin
      }
      server.shutdownNow();
      System.exit(0);
    }
    BenchUserService service = PojoClient.builder(BenchUserService.class)
        .serialization(args[2])
        .timeout(Duration.ofSeconds(10))
        .create("tri://127.0.0.1:" + args[1]);
    String result = ClosedLoop.run(service::updateAsync, Integer.parseInt(args[3]), Long.parseLong(args[4]),
        Long.parseLong(args[5]));
    System.out.println(result);
    System.out.flush();
    ((AutoCloseable) service).close();
    System.exit(0);
  }
}
