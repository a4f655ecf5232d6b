package io.triple.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import io.triple.cli.testing.EchoOuterClass;
import io.triple.cli.testing.EchoTriple;
import io.triple.server.TripleServer;
import io.triple.services.HealthService;
import io.triple.services.ProtoReflectionService;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI against our server: reflection, health and a service with every call kind. */
class TripleServerCliTest {
  private static TripleServer server;
  private static String target;

  @BeforeAll
  static void start() {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(EchoTriple.bindService(new EchoService()))
        .addService(HealthService.create().bindService())
        .addService(ProtoReflectionService.create())
        .build().start();
    target = "127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.shutdownNow();
  }

  private static void assertExit(int expected, Cli r) {
    assertEquals(expected, r.exit(), r::toString);
  }

  @Test
  void listsServicesAndMethods() {
    Cli services = Cli.run("list", target);
    assertExit(0, services);
    assertEquals("clitest.Echo\ngrpc.health.v1.Health\ngrpc.reflection.v1.ServerReflection\n", services.out());

    Cli dns = Cli.run("list", "dns:///" + target);
    assertExit(0, dns);
    assertEquals(services.out(), dns.out());

    Cli methods = Cli.run("list", "tri://" + target, "clitest.Echo");
    assertExit(0, methods);
    assertEquals("clitest.Echo.Unary\nclitest.Echo.ServerStream\nclitest.Echo.ClientStream\nclitest.Echo.Bidi\n", methods.out());
  }

  @Test
  void describesServicesMethodsAndMessages() {
    Cli service = Cli.run("describe", target, "clitest.Echo");
    assertExit(0, service);
    assertTrue(service.out().startsWith("clitest.Echo is a service:\nservice Echo {\n"), service::toString);
    assertTrue(service.out().contains(
        "  rpc Bidi ( stream .clitest.EchoRequest ) returns ( stream .clitest.EchoResponse );\n"), service::toString);

    Cli method = Cli.run("describe", target, "clitest.Echo/ServerStream");
    assertEquals("clitest.Echo.ServerStream is a method:\n"
        + "rpc ServerStream ( .clitest.EchoRequest ) returns ( stream .clitest.EchoResponse );\n", method.out(), method::toString);

    Cli message = Cli.run("describe", target, "clitest.EchoRequest");
    assertEquals("clitest.EchoRequest is a message:\nmessage EchoRequest {\n  string text = 1;\n  int32 count = 2;\n"
        + "  int32 delay_ms = 3;\n  .google.protobuf.Any extra = 4;\n}\n", message.out(), message::toString);
  }

  @Test
  void unaryCallWithAnyMetadataAndVerboseOutput() {
    Cli r = Cli.run("call", target, "clitest.Echo/Unary", "-v", "-H", "x-tag: blue",
        "-d", "{\"text\":\"hi\",\"extra\":{\"@type\":\"type.googleapis.com/clitest.Note\",\"note\":\"n1\"}}");
    assertExit(0, r);
    assertEquals("{\"text\":\"hi tag=blue\",\"extra\":{\"@type\":\"type.googleapis.com/clitest.Note\",\"note\":\"n1\"}}\n", r.out());
    assertTrue(r.err().contains("Response headers received:\n"), r::toString);
    assertTrue(r.err().contains("x-answer: h1\n"), r::toString);
    assertTrue(r.err().contains("Response trailers received:\n"), r::toString);
    assertTrue(r.err().contains("x-done: t1\n"), r::toString);
  }

  @Test
  void serverStreamPrintsOneJsonPerLine() {
    Cli r = Cli.run("call", target, "clitest.Echo/ServerStream", "-d", "{\"text\":\"s\",\"count\":3}");
    assertExit(0, r);
    assertEquals("{\"text\":\"s 1\"}\n{\"text\":\"s 2\"}\n{\"text\":\"s 3\"}\n", r.out());
  }

  @Test
  void clientAndBidiStreamsReadJsonLinesFromStdin() {
    Cli client = Cli.runWithInput("{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\n  \"text\": \"c\"\n}\n",
        "call", target, "clitest.Echo/ClientStream", "-d", "@-");
    assertExit(0, client);
    assertEquals("{\"text\":\"a+b+c\"}\n", client.out());

    Cli bidi = Cli.runWithInput("{\"text\":\"x\"}\n{\"text\":\"y\"}\n", "call", target, "clitest.Echo/Bidi", "-d", "@-");
    assertExit(0, bidi);
    assertEquals("{\"text\":\"echo x\"}\n{\"text\":\"echo y\"}\n", bidi.out());
  }

  @Test
  void requestFromFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("req.json"), "{\"text\":\"from file\"}");
    Cli r = Cli.run("call", target, "clitest.Echo.Unary", "-d", "@" + file);
    assertExit(0, r);
    assertEquals("{\"text\":\"from file\"}\n", r.out());
  }

  @Test
  void healthOfServerAndUnknownService() {
    Cli ok = Cli.run("health", target);
    assertExit(0, ok);
    assertEquals("SERVING\n", ok.out());

    Cli unknown = Cli.run("health", target, "nope.Nope");
    assertExit(64 + 5, unknown);
    assertTrue(unknown.err().startsWith("ERROR:\n  Code: NotFound\n  Message: "), unknown::toString);
  }

  @Test
  void failedCallPrintsStatusAndExitsWith64PlusCode() {
    Cli r = Cli.run("call", target, "clitest.Echo/Unary", "-d", "{\"text\":\"fail:PERMISSION_DENIED\"}");
    assertExit(64 + 7, r);
    assertEquals("ERROR:\n  Code: PermissionDenied\n  Message: asked to fail\n", r.err());
  }

  @Test
  void deadlineExceeded() {
    Cli r = Cli.run("call", target, "clitest.Echo/Unary", "--deadline", "200ms", "-d", "{\"delay_ms\":3000}");
    assertExit(64 + 4, r);
    assertTrue(r.err().startsWith("ERROR:\n  Code: DeadlineExceeded\n"), r::toString);
  }

  @Test
  void unknownServiceMethodAndBadJsonAreErrorsOnOurSide() {
    Cli service = Cli.run("call", target, "nope.Nope/Call", "-d", "{}");
    assertExit(1, service);
    assertTrue(service.err().startsWith("Error: Symbol not found: nope.Nope"), service::toString);

    Cli method = Cli.run("call", target, "clitest.Echo/Nope", "-d", "{}");
    assertExit(1, method);
    assertEquals("Error: Service 'clitest.Echo' has no method 'Nope'\n", method.err());

    Cli json = Cli.run("call", target, "clitest.Echo/Unary", "-d", "{\"txt\":1}");
    assertExit(1, json);
    assertTrue(json.err().startsWith("Error: Invalid JSON for clitest.EchoRequest: "), json::toString);

    Cli usage = Cli.run("call", target);
    assertExit(2, usage);
  }

  @Test
  void serverDownIsUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli r = Cli.run("list", "127.0.0.1:" + port);
    assertExit(64 + 14, r);
    assertTrue(r.err().startsWith("ERROR:\n  Code: Unavailable\n"), r::toString);
  }

  @Test
  void serverWithoutReflectionSaysToUseDescriptorFiles() {
    TripleServer bare = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(EchoTriple.bindService(new EchoService()))
        .build().start();
    try {
      Cli r = Cli.run("list", "127.0.0.1:" + bare.port());
      assertExit(1, r);
      assertEquals("Error: The server does not support the reflection API (neither grpc.reflection.v1.ServerReflection"
          + " nor grpc.reflection.v1alpha.ServerReflection): use --protoset or --proto\n", r.err());
    } finally {
      bare.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect", "grpc-web", "http1"})
  void httpProtocolsCallUnaryAndServerStreams(String protocol) {
    Cli unary = Cli.run("call", target, "clitest.Echo/Unary", "--protocol", protocol, "-H", "x-tag: p",
        "-d", "{\"text\":\"hi\",\"extra\":{\"@type\":\"type.googleapis.com/clitest.Note\",\"note\":\"n\"}}");
    assertExit(0, unary);
    assertEquals("{\"text\":\"hi tag=p\",\"extra\":{\"@type\":\"type.googleapis.com/clitest.Note\",\"note\":\"n\"}}\n", unary.out());

    Cli stream = Cli.run("call", target, "clitest.Echo/ServerStream", "--protocol", protocol, "-d", "{\"text\":\"s\",\"count\":2}");
    assertExit(0, stream);
    assertEquals("{\"text\":\"s 1\"}\n{\"text\":\"s 2\"}\n", stream.out());

    Cli failed = Cli.run("call", target, "clitest.Echo/Unary", "--protocol", protocol, "-d", "{\"text\":\"fail:NOT_FOUND\"}");
    assertExit(64 + 5, failed);
    assertEquals("ERROR:\n  Code: NotFound\n  Message: asked to fail\n", failed.err());

    Cli midStream = Cli.run("call", target, "clitest.Echo/ServerStream", "--protocol", protocol,
        "-d", "{\"text\":\"fail:ABORTED\",\"count\":1}");
    assertExit(64 + 10, midStream);
    assertEquals("{\"text\":\"fail:ABORTED 1\"}\n", midStream.out());

    Cli health = Cli.run("health", target, "--protocol", protocol);
    assertExit(0, health);

    Cli bidi = Cli.run("call", target, "clitest.Echo/Bidi", "--protocol", protocol, "-d", "{}");
    assertExit(1, bidi);
    assertTrue(bidi.err().contains("use --protocol grpc"), bidi::toString);
  }

  @Test
  void descriptorsFromProtosetWithoutReflection(@TempDir Path dir) throws Exception {
    Path protoset = dir.resolve("echo.protoset");
    Files.write(protoset, FileDescriptorSet.newBuilder()
        .addFile(com.google.protobuf.AnyProto.getDescriptor().toProto())
        .addFile(EchoOuterClass.getDescriptor().toProto())
        .build().toByteArray());
    Cli list = Cli.run("list", target, "--protoset", protoset.toString());
    assertExit(0, list);
    assertEquals("clitest.Echo\n", list.out());
    Cli call = Cli.run("call", target, "clitest.Echo/Unary", "--protoset", protoset.toString(), "-d", "{\"text\":\"p\"}");
    assertExit(0, call);
    assertEquals("{\"text\":\"p\"}\n", call.out());
  }

  @Test
  void descriptorsFromProtoSourcesThroughProtoc() {
    Path protos = Paths.get("src", "test", "protobuf");
    Cli call = Cli.run("call", target, "clitest.Echo/Unary", "--proto", "clitest/echo.proto", "-I", protos.toString(),
        "-d", "{\"text\":\"compiled\"}");
    assertExit(0, call);
    assertEquals("{\"text\":\"compiled\"}\n", call.out());
  }
}
