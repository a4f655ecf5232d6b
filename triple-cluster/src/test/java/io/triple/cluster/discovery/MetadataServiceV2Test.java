package io.triple.cluster.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.triple.registry.ServiceUrl;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.MetadataInfo.ServiceInfo;
import io.triple.registry.discovery.ServiceInstance;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written MetadataServiceV2 messages and the provider URLs built from metadata. */
class MetadataServiceV2Test {

  @Test
  void requestIsFieldOneString() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MetadataServiceV2.GET_METADATA_INFO.requestMarshaller().serialize("ab", out);
    assertArrayEquals(new byte[] {0x0A, 2, 'a', 'b'}, out.toByteArray()); // what protobuf-java writes
    assertEquals("ab", MetadataServiceV2.GET_METADATA_INFO.requestMarshaller()
        .parse(new ByteArrayInputStream(out.toByteArray())));
  }

  @Test
  void metadataRoundTrips() throws Exception {
    MetadataInfo info = MetadataInfo.of("app", List.of(
        new ServiceInfo("org.example.A", "", "", "tri", 50051, "org.example.A", Map.of("methods", "x,y")),
        new ServiceInfo("org.example.B", "g", "1.0.0", "tri", 50052, "org.example.B",
            Map.of("side", "provider", "weight", "150"))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MetadataServiceV2.GET_METADATA_INFO.responseMarshaller().serialize(info, out);
    MetadataInfo back = MetadataServiceV2.GET_METADATA_INFO.responseMarshaller()
        .parse(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(info, back);
  }

  @Test
  void providerUrlFromInstanceAndServiceInfo() {
    ServiceInstance instance = new ServiceInstance("app", "10.0.0.5", 20880,
        Map.of(ServiceInstance.ENDPOINTS, "[{\"port\":50051,\"protocol\":\"tri\"}]"));
    ServiceUrl u = ApplicationSubscription.providerUrl("app", instance,
        new ServiceInfo("org.example.B", "g", "1.0.0", "tri", 0, "", Map.of("methods", "m")));
    assertEquals("tri", u.protocol());
    assertEquals("10.0.0.5", u.host());
    assertEquals(50051, u.port()); // from the endpoints, not the instance port
    assertEquals("org.example.B", u.serviceInterface());
    assertEquals("1.0.0", u.version());
    assertEquals("g", u.group());
    assertEquals("app", u.parameter(ServiceUrl.APPLICATION));
    assertEquals("m", u.parameter(ServiceUrl.METHODS));
  }
}
