package io.triple.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI against grpc-java's server with grpc-java's reflection and health services. Its
 * reflection is the older v1alpha only, so every lookup goes through the CLI's fallback.
 */
class GrpcJavaServerCliTest {
  private static Server server;
  private static HealthStatusManager health;
  private static String target;

  @BeforeAll
  @SuppressWarnings("deprecation") // v1alpha on purpose: the fallback is what is tested
  static void start() throws Exception {
    health = new HealthStatusManager();
    health.setStatus("clitest.Down", ServingStatus.NOT_SERVING);
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ProtoReflectionService.newInstance())
        .addService(health.getHealthService())
        .build().start();
    target = "127.0.0.1:" + server.getPort();
  }

  @AfterAll
  static void stop() {
    server.shutdownNow();
  }

  @Test
  void listsAndDescribesThroughV1Alpha() {
    Cli list = Cli.run("list", target);
    assertEquals(0, list.exit(), list::toString);
    assertEquals("grpc.health.v1.Health\ngrpc.reflection.v1alpha.ServerReflection\n", list.out());

    Cli describe = Cli.run("describe", target, "grpc.health.v1.Health/Check");
    assertEquals(0, describe.exit(), describe::toString);
    assertEquals("grpc.health.v1.Health.Check is a method:\n"
        + "rpc Check ( .grpc.health.v1.HealthCheckRequest ) returns ( .grpc.health.v1.HealthCheckResponse );\n", describe.out());

    Cli message = Cli.run("describe", target, "grpc.health.v1.HealthCheckResponse.ServingStatus");
    assertEquals(0, message.exit(), message::toString);
    assertTrue(message.out().startsWith("grpc.health.v1.HealthCheckResponse.ServingStatus is an enum:\n"
        + "enum ServingStatus {\n  UNKNOWN = 0;\n  SERVING = 1;\n"), message::toString);
  }

  @Test
  void callsAMethodFoundByReflection() {
    Cli r = Cli.run("call", target, "grpc.health.v1.Health/Check", "-d", "{\"service\":\"\"}");
    assertEquals(0, r.exit(), r::toString);
    assertEquals("{\"status\":\"SERVING\"}\n", r.out());
  }

  @Test
  void healthStatuses() {
    Cli serving = Cli.run("health", target);
    assertEquals(0, serving.exit(), serving::toString);
    assertEquals("SERVING\n", serving.out());

    Cli down = Cli.run("health", target, "clitest.Down");
    assertEquals(1, down.exit(), down::toString);
    assertEquals("NOT_SERVING\n", down.out());

    Cli unknown = Cli.run("health", target, "nope.Nope");
    assertEquals(64 + 5, unknown.exit(), unknown::toString);
    assertTrue(unknown.err().startsWith("ERROR:\n  Code: NotFound\n"), unknown::toString);
  }

  @Test
  void unknownServiceIsNotFoundByReflection() {
    Cli r = Cli.run("list", target, "nope.Nope");
    assertEquals(1, r.exit(), r::toString);
    assertTrue(r.err().startsWith("Error: Symbol not found: nope.Nope"), r::toString);
  }
}
