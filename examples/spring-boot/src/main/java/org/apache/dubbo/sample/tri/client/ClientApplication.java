package org.apache.dubbo.sample.tri.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.triple.spring.boot.TripleReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The greeter's consumer: one unary call and one server stream through an injected client, metered
 * into Actuator's MeterRegistry.
 */
@SpringBootApplication
public class ClientApplication {

  /** The reference "greeter" of greeter-client.yml (the only one of the Greeter service). */
  @TripleReference
  GreeterClient greeter;

  /** Actuator's registry: the starter meters every reference's calls into it. */
  @Autowired
  MeterRegistry meters;

  /** Calls the server and returns the lines it printed. */
  public List<String> callAll() {
    List<String> lines = new ArrayList<>();
    GreeterReply reply = greeter.greet(GreeterRequest.newBuilder().setName("spring boot").build());
    lines.add("unary: " + reply.getMessage());
    Iterator<GreeterReply> stream = greeter.greetServerStream(GreeterRequest.newBuilder().setName("s").build());
    stream.forEachRemaining(r -> lines.add("server stream: " + r.getMessage()));
    // Recorded when each call's status arrived, before the call returned to us.
    long calls = meters.find("rpc.client.duration").timers().stream().mapToLong(Timer::count).sum();
    lines.add("rpc.client.duration: " + calls + " calls metered");
    return lines;
  }

  /** Runs the client application with Spring arguments; the exit code. */
  public static int run(String... args) {
    try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ClientApplication.class)
        .web(WebApplicationType.NONE).properties("spring.config.name=greeter-client").run(args)) {
      ctx.getBean(ClientApplication.class).callAll().forEach(System.out::println);
      return 0;
    }
  }
}
