package io.triple.interceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.triple.Metadata;
import org.junit.jupiter.api.Test;

/** The access log names a call's W3C trace id, so a line leads to its trace. */
class AccessLogTraceIdTest {
  static String traceOf(String traceparent) {
    Metadata h = new Metadata();
    if (traceparent != null) {
      h.put("traceparent", traceparent);
    }
    return AccessLogInterceptor.traceId(h);
  }

  @Test
  void aValidTraceparentGivesItsTraceId() {
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
        traceOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  }

  @Test
  void noneMalformedOrZeroGiveNothing() {
    assertNull(traceOf(null));
    assertNull(traceOf("garbage"));
    assertNull(traceOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"), "upper case is invalid");
    assertNull(traceOf("00-00000000000000000000000000000000-00f067aa0ba902b7-01"), "all zeros is invalid");
    assertNull(traceOf("00-4bf92f3577b34da6a3ce929d0e0e4736x00f067aa0ba902b7-01"));
  }
}
