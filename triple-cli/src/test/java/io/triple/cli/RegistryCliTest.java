package io.triple.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.cli.testing.EchoTriple;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import io.triple.server.TripleServer;
import io.triple.services.HealthService;
import io.triple.services.ProtoReflectionService;
import java.time.Duration;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code ls} and calls through a ZooKeeper registry holding one provider in Dubbo's layout. */
class RegistryCliTest {
  private static TestingServer zk;
  private static TripleServer server;
  private static Registry registry;
  private static String zkTarget;

  @BeforeAll
  static void start() throws Exception {
    zk = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(EchoTriple.bindService(new EchoService()).withVersion("1.0.0"))
        // As a Dubbo provider has it: the service under a version, reflection under none.
        .addService(ProtoReflectionService.create())
        .addService(HealthService.create().bindService())
        .build().start();
    registry = Registries.create(Registries.parseAddress(zk.getConnectString(), "zookeeper", Duration.ofSeconds(5)));
    registry.register(ServiceUrl.parse("tri://127.0.0.1:" + server.port() + "/clitest.Echo?application=echo-app"
        + "&interface=clitest.Echo&methods=Unary,ServerStream,ClientStream,Bidi&side=provider&version=1.0.0"));
    zkTarget = "zookeeper://" + zk.getConnectString();
  }

  @AfterAll
  static void stop() throws Exception {
    registry.close();
    server.shutdownNow();
    zk.close();
  }

  @Test
  void listsServicesAndProviders() {
    Cli r = Cli.run("ls", zkTarget);
    assertEquals(0, r.exit(), r::toString);
    assertEquals("clitest.Echo\n  tri://127.0.0.1:" + server.port() + " version=1.0.0 application=echo-app\n", r.out());

    Cli unknown = Cli.run("ls", zkTarget, "nope.Nope");
    assertEquals(1, unknown.exit(), unknown::toString);
    assertTrue(unknown.err().startsWith("Error: No service nope.Nope in the registry"), unknown::toString);
  }

  @Test
  void callsThroughTheClusterLayer() {
    Cli unary = Cli.run("call", zkTarget + "?version=1.0.0", "clitest.Echo/Unary", "-d", "{\"text\":\"via zk\"}");
    assertEquals(0, unary.exit(), unary::toString);
    assertEquals("{\"text\":\"via zk\"}\n", unary.out());

    Cli stream = Cli.runWithInput("{\"text\":\"a\"}\n{\"text\":\"b\"}\n",
        "call", zkTarget + "/clitest.Echo?version=1.0.0", "clitest.Echo/Bidi", "-d", "@-");
    assertEquals(0, stream.exit(), stream::toString);
    assertEquals("{\"text\":\"echo a\"}\n{\"text\":\"echo b\"}\n", stream.out());
  }

  @Test
  void builtinServicesOfAVersionedProviderAreFoundWithoutTheVersion() {
    Cli health = Cli.run("health", zkTarget + "/clitest.Echo?version=1.0.0");
    assertEquals(0, health.exit(), health::toString);
    assertEquals("SERVING\n", health.out());

    // Direct, with the version in the target: the call carries it, reflection does not.
    Cli direct = Cli.run("call", "tri://127.0.0.1:" + server.port() + "?version=1.0.0", "clitest.Echo/Unary", "-d", "{\"text\":\"v\"}");
    assertEquals(0, direct.exit(), direct::toString);
    assertEquals("{\"text\":\"v\"}\n", direct.out());

    Cli wrongVersion = Cli.run("call", "tri://127.0.0.1:" + server.port() + "?version=2.0.0", "clitest.Echo/Unary", "-d", "{}");
    assertEquals(64 + 12, wrongVersion.exit(), wrongVersion::toString);
  }
}
