package io.triple.cluster.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Channels;
import io.triple.ManagedChannel;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.pojo.internal.Wrappers;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.WireObject;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.MetadataInfo.ServiceInfo;
import io.triple.registry.discovery.ServiceInstance;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCalls;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dubbo's V1 MetadataService: the bytes of Dubbo's MetadataInfo against those Dubbo 3.3.6 wrote,
 * the service over a real Triple server, and the fetcher's choice between V1 and V2.
 */
class MetadataServiceV1Test {
  /**
   * Dubbo 3.3.6's hessian2 ({@code Hessian2ObjectOutput} with its own factory, as its providers
   * write) of {@code new MetadataInfo("echo-app", "abc123", {"g1/com.example.Echo:1.0.0:tri":
   * new ServiceInfo("com.example.Echo", "g1", "1.0.0", "tri", 50051, "com.example.Echo",
   * {methods=echo, side=provider})})}, HashMaps; made once with the Dubbo peer's class path.
   */
  private static final String DUBBO_BYTES = "4330266f72672e6170616368652e647562626f2e6d657461646174612e4d65746164617461"
      + "496e666f93087365727669636573087265766973696f6e0361707060481d67312f636f6d2e6578616d706c652e4563686f3a31"
      + "2e302e303a7472694330326f72672e6170616368652e647562626f2e6d657461646174612e4d65746164617461496e666f2453"
      + "657276696365496e666f9706706172616d73047061746804706f72740870726f746f636f6c0776657273696f6e0567726f7570"
      + "046e616d65614804736964650870726f7669646572076d6574686f6473046563686f5a10636f6d2e6578616d706c652e456368"
      + "6fd4c3830374726905312e302e3002673110636f6d2e6578616d706c652e4563686f5a06616263313233086563686f2d617070";
  private static final MetadataInfo ECHO = new MetadataInfo("echo-app", "abc123", Map.of(
      "g1/com.example.Echo:1.0.0:tri", new ServiceInfo("com.example.Echo", "g1", "1.0.0", "tri", 50051,
          "com.example.Echo", Map.of("methods", "echo", "side", "provider"))));

  private TripleServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdownNow();
    }
  }

  @Test
  void availableWithPojoAndHessian2OnTheClassPath() {
    assertTrue(MetadataServiceV1.available());
  }

  @Test
  void writesTheBytesDubboWrites() throws Exception {
    assertArrayEquals(HexFormat.of().parseHex(DUBBO_BYTES), MetadataV1Calls.write(ECHO));
  }

  @Test
  void readsDubboBytesIntoOurModel() throws Exception {
    assertEquals(ECHO, MetadataV1Calls.read(HexFormat.of().parseHex(DUBBO_BYTES)));
  }

  @Test
  void refusesAnyOtherClassInTheReply() throws Exception {
    Map<String, Object> fields = new HashMap<>();
    fields.put("services", Map.of("x", new WireObject("com.example.Gadget", Map.of("cmd", "rm"))));
    byte[] bytes = hessianOf(new WireObject("org.apache.dubbo.metadata.MetadataInfo", fields));
    IOException e = assertThrows(IOException.class, () -> MetadataV1Calls.read(bytes));
    assertTrue(e instanceof ClassRefusedException, e.toString());
    assertTrue(e.getMessage().contains("com.example.Gadget"), e.getMessage());
  }

  @Test
  void servesAndFetchesByRevisionOverTriple() {
    ManagedChannel channel = serve(Map.of("abc123", ECHO));
    try {
      assertEquals(ECHO, MetadataServiceV1.fetch(channel, options("echo-app"), "abc123"));
      assertNull(MetadataServiceV1.fetch(channel, options("echo-app"), "unknown"), "Dubbo answers null");
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void otherMethodsAnswerUnimplementedSayingWhatIsServed() {
    ManagedChannel channel = serve(Map.of());
    try {
      StatusException e = assertThrows(StatusException.class, () -> ClientCalls.blockingUnary(channel,
          io.triple.MethodDescriptor.of(MetadataServiceV1.SERVICE, "getMetadataInfos", io.triple.MethodType.UNARY,
              Wrappers.REQUEST, Wrappers.RESPONSE),
          options("echo-app"), new Wrappers.Request("hessian4", List.of(), List.of())));
      assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().code());
      assertTrue(e.getStatus().description().contains("only getMetadataInfo(String revision)"),
          e.getStatus().description());
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void fetcherAsksV1WhenTheInstanceDoesNotAnnounceV2() {
    serve(Map.of("abc123", ECHO));
    ServiceInstance instance = instance(Map.of(ServiceInstance.REVISION, "abc123",
        ServiceInstance.METADATA_SERVICE_VERSION, "1.0.0"));
    assertEquals(ECHO, new MetadataFetcher().load(null, instance));
  }

  @Test
  void fetcherFallsBackToV1WhenV2IsUnimplemented() {
    serve(Map.of("abc123", ECHO)); // V1 only: V2's GetMetadataInfo answers UNIMPLEMENTED
    ServiceInstance instance = instance(Map.of(ServiceInstance.REVISION, "abc123",
        ServiceInstance.METADATA_SERVICE_VERSION, MetadataServiceV2.VERSION));
    assertEquals(ECHO, new MetadataFetcher().load(null, instance));
  }

  private ServiceInstance instance(Map<String, String> metadata) {
    Map<String, String> m = new HashMap<>(metadata);
    m.put(ServiceInstance.METADATA_SERVICE_PARAMS, "{\"port\":\"" + server.port() + "\",\"protocol\":\"tri\"}");
    return new ServiceInstance("echo-app", "127.0.0.1", server.port(), m);
  }

  private ManagedChannel serve(Map<String, MetadataInfo> byRevision) {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(MetadataServiceV1.definition("echo-app", byRevision::get))
        .build().start();
    return Channels.forTarget("tri://127.0.0.1:" + server.port());
  }

  private static CallOptions options(String app) {
    return CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(10)).withMetadata(new Metadata()
        .put("tri-service-version", MetadataServiceV1.VERSION).put("tri-service-group", app));
  }

  private static byte[] hessianOf(Object value) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    MetadataV1Calls.hessian2().write(value, Object.class, out);
    return out.toByteArray();
  }
}
