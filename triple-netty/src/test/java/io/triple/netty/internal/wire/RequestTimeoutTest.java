package io.triple.netty.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Deadline;
import io.triple.Status;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestTimeoutTest {
  static Http2Headers headers(String... nameValues) {
    Http2Headers h = new DefaultHttp2Headers();
    for (int i = 0; i < nameValues.length; i += 2) {
      h.set(nameValues[i], nameValues[i + 1]);
    }
    return h;
  }

  static long millisLeft(Deadline d) {
    return d.timeRemaining(TimeUnit.MILLISECONDS);
  }

  @Test
  void noHeaderNoDeadline() throws Exception {
    assertNull(RequestTimeout.of(headers(), true));
    assertNull(RequestTimeout.of(headers(), false));
  }

  @Test
  void grpcTimeoutCountsForEveryDialect() throws Exception {
    long left = millisLeft(RequestTimeout.of(headers("grpc-timeout", "5S"), false));
    assertTrue(left > 4000 && left <= 5000, "5 s: " + left);
    left = millisLeft(RequestTimeout.of(headers("grpc-timeout", "5S"), true));
    assertTrue(left > 4000 && left <= 5000, "5 s: " + left);
  }

  @Test
  void millisecondHeadersWinWhereTheyCountAndAreIgnoredForGrpc() throws Exception {
    Http2Headers h = headers("connect-timeout-ms", "2000", "grpc-timeout", "60S");
    long left = millisLeft(RequestTimeout.of(h, true));
    assertTrue(left > 1000 && left <= 2000, "connect-timeout-ms first: " + left);
    left = millisLeft(RequestTimeout.of(h, false));
    assertTrue(left > 50_000, "gRPC reads grpc-timeout only: " + left);
  }

  @Test
  void dubbosHeaderComesFirst() throws Exception {
    Http2Headers h = headers("tri-service-timeout", "3000", "triple-timeout-ms", "9000", "connect-timeout-ms", "9000");
    long left = millisLeft(RequestTimeout.of(h, true));
    assertTrue(left > 2000 && left <= 3000, "tri-service-timeout: " + left);
  }

  @Test
  void badValuesNameTheirHeader() {
    for (String bad : new String[] {"abc", "0", "-5", ""}) {
      RequestTimeout.Invalid e = assertThrows(RequestTimeout.Invalid.class,
          () -> RequestTimeout.of(headers("triple-timeout-ms", bad), true));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.status().code());
      assertEquals("Invalid triple-timeout-ms '" + bad + "': expected a positive number of milliseconds",
          e.status().description());
    }
    RequestTimeout.Invalid e = assertThrows(RequestTimeout.Invalid.class,
        () -> RequestTimeout.of(headers("grpc-timeout", "soon"), false));
    assertTrue(e.status().description().contains("grpc-timeout"), e.status().description());
  }
}
