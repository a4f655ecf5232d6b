package io.triple.bench;

import io.triple.bench.proto.SoakMessage;
import java.util.BitSet;

/**
 * Checks one direction of one soak call as its messages arrive: each must belong to the call,
 * carry an intact body and a sequence number not seen before, below the count announced for
 * the direction. Used by the provider on requests and by the soak's clients on responses.
 *
 * <p>Not thread-safe: both frameworks deliver one call's messages one at a time, in order, and
 * this is what checks that they do.
 */
final class SeqCheck {
  private final String client;
  private final long call;
  private final BitSet seen = new BitSet();
  private int count = -1;
  private long highest = -1;
  private long received;
  private long duplicated;
  private long reordered;
  private long corrupt;
  private long misrouted;

  SeqCheck(String client, long call) {
    this.client = client;
    this.call = call;
  }

  /** A check whose call and count the first message tells: the provider's side. */
  static SeqCheck fromFirst(SoakMessage first) {
    SeqCheck c = new SeqCheck(first.getClient(), first.getCall());
    c.count = first.getCount();
    return c;
  }

  /** The number of messages this direction must carry, when the receiver knows it in advance. */
  SeqCheck expecting(int count) {
    this.count = count;
    return this;
  }

  void accept(SoakMessage m) {
    received++;
    long seq = m.getSeq();
    if (!m.getClient().equals(client) || m.getCall() != call || seq < 0 || seq >= count) {
      misrouted++;
      return;
    }
    if (!SoakMessages.bodyIntact(m)) {
      corrupt++;
    }
    if (seen.get((int) seq)) {
      duplicated++;
      return;
    }
    seen.set((int) seq);
    if (seq < highest) {
      reordered++; // a later message came first
    }
    highest = Math.max(highest, seq);
  }

  long received() {
    return received;
  }

  /** Distinct messages of the call received. */
  int distinct() {
    return seen.cardinality();
  }

  /**
   * The violations so far; with {@code complete} (the call ended OK, so every message should have
   * come) those missing count as lost.
   */
  Violations violations(boolean complete) {
    long lost = complete ? Math.max(0, count - distinct()) : 0;
    return new Violations(lost, duplicated, reordered, corrupt, misrouted);
  }
}
