package io.triple.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrpcTimeoutTest {
  @ParameterizedTest
  @CsvSource({"1n,1", "99999999n,99999999", "5u,5000", "250m,250000000", "3S,3000000000",
      "2M,120000000000", "1H,3600000000000", "00000007S,7000000000"})
  void decodesEveryUnit(String header, long nanos) {
    assertEquals(nanos, GrpcTimeout.decode(header));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "S", "123456789S", "5s", "-5S", "5 S", "1.5S", "soon"})
  void rejectsMalformedValuesNamingThem(String header) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GrpcTimeout.decode(header));
    assertTrue(e.getMessage().contains("grpc-timeout"), e.getMessage());
  }

  @Test
  void encodesTheFinestUnitThatFitsEightDigits() {
    assertEquals("1n", GrpcTimeout.encode(0));
    assertEquals("99999999n", GrpcTimeout.encode(99_999_999));
    assertEquals("500000u", GrpcTimeout.encode(TimeUnit.MILLISECONDS.toNanos(500)));
    assertEquals("30000000u", GrpcTimeout.encode(TimeUnit.SECONDS.toNanos(30)));
    assertEquals("300000m", GrpcTimeout.encode(TimeUnit.SECONDS.toNanos(300)));
    assertEquals("100000S", GrpcTimeout.encode(TimeUnit.SECONDS.toNanos(100_000)));
  }

  @Test
  void encodingNeverShortensTheDeadline() {
    long nanos = 123_456_789_123L; // not a whole number of microseconds
    long back = GrpcTimeout.decode(GrpcTimeout.encode(nanos));
    assertTrue(back >= nanos, back + " < " + nanos);
  }
}
