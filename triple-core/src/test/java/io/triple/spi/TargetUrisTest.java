package io.triple.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TargetUrisTest {
  @Test
  void bareHostAndPortIsTri() {
    assertEquals("tri://127.0.0.1:50051", TargetUris.normalize("127.0.0.1:50051"));
    assertEquals("tri://[::1]:8080", TargetUris.normalize("[::1]:8080"));
  }

  @Test
  void urisStayAsTheyAre() {
    assertEquals("https://example.com", TargetUris.normalize("https://example.com"));
    assertEquals("zookeeper://127.0.0.1:2181/a.B", TargetUris.normalize("zookeeper://127.0.0.1:2181/a.B"));
  }

  @Test
  void grpcJavasDnsTargets() {
    assertEquals("tri://example.com:8443", TargetUris.normalize("dns:///example.com:8443"));
    assertEquals("tri://example.com:8443", TargetUris.normalize("dns://resolver.example/example.com:8443"));
    assertEquals("tri://example.com:8443", TargetUris.normalize("dns:example.com:8443"));
    assertEquals("tri://example.com:443", TargetUris.normalize("dns:///example.com"), "grpc-java's default port");
    assertEquals("tri://example.com:443", TargetUris.normalize("DNS:example.com"));
    assertEquals("tri://[::1]:9000", TargetUris.normalize("dns:///[::1]:9000"));
    assertEquals("tri://[::1]:443", TargetUris.normalize("dns:///[::1]"));
  }

  @Test
  void inprocessColonNameIsAnInProcessTarget() {
    assertEquals("inprocess://tests-1", TargetUris.normalize("inprocess:tests-1"));
    assertEquals("inprocess://tests-1", TargetUris.normalize("inprocess://tests-1"));
  }
}
