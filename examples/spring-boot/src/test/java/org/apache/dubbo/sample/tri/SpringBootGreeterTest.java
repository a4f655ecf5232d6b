package org.apache.dubbo.sample.tri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.apache.dubbo.sample.tri.client.ClientApplication;
import org.apache.dubbo.sample.tri.server.ServerApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The example's two applications, as run.sh runs them, on a free port. */
class SpringBootGreeterTest {

  @Test
  void theClientApplicationCallsTheServerApplication() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (ConfigurableApplicationContext server = new SpringApplicationBuilder(ServerApplication.class)
            .web(WebApplicationType.NONE).properties("spring.config.name=greeter-server")
            .run("--dubbo.protocols.tri.port=" + port);
        ConfigurableApplicationContext client = new SpringApplicationBuilder(ClientApplication.class)
            .web(WebApplicationType.NONE).properties("spring.config.name=greeter-client")
            .run("--greeter.port=" + port)) {
      assertEquals(List.of("unary: hello, spring boot", "server stream: msg1 from server",
          "server stream: msg2 from server", "server stream: msg3 from server",
          "rpc.client.duration: 2 calls metered"),
          client.getBean(ClientApplication.class).callAll());
    }
  }
}
