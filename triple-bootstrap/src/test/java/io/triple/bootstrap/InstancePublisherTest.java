package io.triple.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.triple.ServiceDefinition;
import io.triple.cluster.discovery.MetadataServiceV1;
import io.triple.cluster.discovery.MetadataServiceV2;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which metadata services a provider serves. This module's test class path has no
 * triple-serialization-hessian2 (the bootstrap does not depend on it), which is the case here:
 * V2 only. With it, V1 is served too (MetadataServiceV1InteropTest, triple-interop).
 */
class InstancePublisherTest {

  @Test
  void withoutHessian2OnlyMetadataServiceV2IsServed() {
    assertFalse(MetadataServiceV1.available(), "hessian2 is on this test class path");
    List<ServiceDefinition> services = new InstancePublisher("app", false).metadataServices();
    assertEquals(List.of(MetadataServiceV2.SERVICE), services.stream().map(ServiceDefinition::serviceName).toList());
    assertEquals("app", services.get(0).group());
    assertEquals(MetadataServiceV2.VERSION, services.get(0).version());
  }
}
