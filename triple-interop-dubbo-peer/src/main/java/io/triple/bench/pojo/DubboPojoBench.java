package io.triple.bench.pojo;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * Apache Dubbo Java 3.3.6's side of the POJO benchmark (io.triple.bench.pojo.PojoBench in
 * triple-benchmarks starts it): {@code server PORT} exports {@link BenchUserService} on Triple
 * (both serializations accepted), prints {@code PORT n} and serves until standard input closes;
 * {@code client PORT SERIALIZATION INFLIGHT WARMUP_MS MEASURE_MS} calls {@code updateAsync} of the
 * provider on 127.0.0.1:PORT (ours or Dubbo's) through a Dubbo reference in {@link ClosedLoop} and
 * prints its result line. Dubbo's defaults otherwise (threads, connections).
 */
public final class DubboPojoBench {
  private DubboPojoBench() {}

  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE); // Dubbo's chatter
    ApplicationConfig app = new ApplicationConfig("triple-bench-dubbo-" + args[0]);
    app.setQosEnable(false);
    app.setLogger("jdk");
    int port = Integer.parseInt(args[1]);
    if (args[0].equals("server")) {
      ServiceConfig<BenchUserService> service = new ServiceConfig<>();
      service.setInterface(BenchUserService.class);
      service.setRef(new BenchUserService.Impl());
      service.setPreferSerialization("hessian2,fastjson2");
      ProtocolConfig tri = new ProtocolConfig("tri", port); // every address: Dubbo's consumer swaps 127.x for the machine's own
      DubboBootstrap.getInstance().application(app).registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
          .protocol(tri).service(service).start();
      System.out.println("PORT " + port);
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // serve until the harness closes our stdin
      }
      DubboBootstrap.getInstance().stop();
      System.exit(0);
    }
    String serialization = args[2];
    ReferenceConfig<BenchUserService> reference = new ReferenceConfig<>();
    reference.setInterface(BenchUserService.class);
    reference.setUrl("tri://127.0.0.1:" + port);
    reference.setTimeout(10_000);
    reference.setRetries(0);
    Map<String, String> parameters = new HashMap<>();
    parameters.put("serialization", serialization);
    parameters.put("prefer.serialization", serialization);
    parameters.put("connect.timeout", "30000"); // on a loaded machine the 3 s default (which bounds the HTTP/2 preface too) ran out
    reference.setParameters(parameters);
    DubboBootstrap.getInstance().application(app).reference(reference).start();
    BenchUserService service = reference.get();
    String result = ClosedLoop.run(service::updateAsync, Integer.parseInt(args[3]), Long.parseLong(args[4]),
        Long.parseLong(args[5]));
    System.out.println(result);
    System.out.flush();
    Runtime.getRuntime().halt(0); // Dubbo's shutdown hooks wait for nothing we need
  }
}
