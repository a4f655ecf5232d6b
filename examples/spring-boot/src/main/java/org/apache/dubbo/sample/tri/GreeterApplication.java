package org.apache.dubbo.sample.tri;

import java.util.Arrays;
import org.apache.dubbo.sample.tri.client.ClientApplication;
import org.apache.dubbo.sample.tri.server.ServerApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * {@code java -jar greeter-spring-boot.jar} serves the greeter (greeter-server.yml);
 * {@code java -jar greeter-spring-boot.jar client} calls it (greeter-client.yml) and exits.
 * Spring's arguments follow: {@code --dubbo.protocols.tri.port=50052}.
 */
public final class GreeterApplication {
  private GreeterApplication() {}

  public static void main(String[] args) {
    boolean client = args.length > 0 && args[0].equals("client");
    String[] rest = client ? Arrays.copyOfRange(args, 1, args.length) : args;
    if (client) {
      System.exit(ClientApplication.run(rest));
    }
    new SpringApplicationBuilder(ServerApplication.class).web(WebApplicationType.NONE)
        .properties("spring.config.name=greeter-server").run(rest);
  }
}
