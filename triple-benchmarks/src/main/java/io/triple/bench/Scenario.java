package io.triple.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@link LoadBench}'s table: what is called, how large, how many in flight, and for
 * streams how many messages per call; {@code h2load} when h2load drives it too.
 */
record Scenario(String label, Kind kind, int size, int inflight, long perCall, boolean h2load) {
  enum Kind {
    UNARY,
    BLOCKING_UNARY,
    STREAM,
    PING_PONG,
    BIDI_STREAM
  }

  /** Every scenario, in the table's order; a {@link ClientWorker} is told one by its index. */
  static List<Scenario> all() {
    List<Scenario> s = new ArrayList<>();
    for (int size : new int[] {0, 1024}) {
      for (int inflight : new int[] {1, 16, 256}) {
        s.add(
            new Scenario(
                "unary " + (size == 0 ? "empty" : "1 KiB") + ", " + inflight + " in flight",
                Kind.UNARY,
                size,
                inflight,
                0,
                true));
      }
    }
    s.add(
        new Scenario(
            "unary empty, blocking stub, 1 in flight", Kind.BLOCKING_UNARY, 0, 1, 0, false));
    s.add(new Scenario("unary 1 MiB, 1 in flight", Kind.UNARY, 1024 * 1024, 1, 0, true));
    s.add(new Scenario("server stream 100 B msgs", Kind.STREAM, 100, 1, 20_000, true));
    s.add(new Scenario("server stream 64 KiB msgs", Kind.STREAM, 64 * 1024, 1, 400, true));
    s.add(new Scenario("bidi ping-pong 100 B", Kind.PING_PONG, 100, 1, 0, false));
    s.add(new Scenario("bidi stream 100 B msgs", Kind.BIDI_STREAM, 100, 1, 20_000, false));
    return s;
  }
}
