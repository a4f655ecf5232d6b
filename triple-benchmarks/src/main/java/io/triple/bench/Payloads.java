package io.triple.bench;

import com.google.protobuf.ByteString;
import io.triple.bench.proto.Payload;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/** Payloads of a given body size, built once (random, so incompressible) and reused. */
public final class Payloads {
  private static final ConcurrentHashMap<Integer, Payload> CACHE = new ConcurrentHashMap<>();

  private Payloads() {}

  public static Payload ofSize(int bodyBytes) {
    return CACHE.computeIfAbsent(
        bodyBytes,
        n -> {
          byte[] b = new byte[n];
          new Random(42).nextBytes(b);
          return Payload.newBuilder().setBody(ByteString.copyFrom(b)).build();
        });
  }
}
