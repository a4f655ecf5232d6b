package io.triple.inprocess.internal;

import java.util.ArrayDeque;

/**
 * One direction of a call: the messages sent and not yet handed to the receiver, and how many
 * more the receiver has asked for ({@code request(n)}). A message leaves only against a request,
 * so a slow receiver never gets more than it asked for. Guarded by the stream's lock.
 *
 * <p>What bounds the queue: the sender's {@code isReady()} turns false once
 * {@value #READY_THRESHOLD} bytes wait here (the network transport's sender threshold), and
 * {@code onReady} follows when the receiver's requests take it below. A sender that ignores
 * {@code isReady()} queues without limit, as it does over the network, where the bytes wait in
 * the sender's buffers once the peer's window is full.
 */
final class MessageQueue {
  /** Bytes waiting at which the sender stops being ready. */
  static final long READY_THRESHOLD = 32 * 1024;

  /** What the network transport adds to each message: its 5-byte length prefix. */
  private static final int FRAME_HEADER = 5;

  private final ArrayDeque<byte[]> messages = new ArrayDeque<>();
  private long bytes;
  private int requested;
  private long added; // for the calls' wireBytes*: counted as a network transport would
  private long taken;

  void add(byte[] message) {
    messages.add(message);
    bytes += message.length;
    added += message.length + FRAME_HEADER;
  }

  void request(int n) {
    requested = (int) Math.min(Integer.MAX_VALUE, (long) requested + n);
  }

  /** The next message if the receiver asked for one, counting it against the request; else null. */
  byte[] takeRequested() {
    if (requested == 0 || messages.isEmpty()) {
      return null;
    }
    requested--;
    byte[] m = messages.poll();
    bytes -= m.length;
    taken += m.length + FRAME_HEADER;
    return m;
  }

  /** Bytes of every message the sender added, each with the prefix the network would add. */
  long addedBytes() {
    return added;
  }

  /** Bytes of every message handed to the receiver, counted as {@link #addedBytes}. */
  long takenBytes() {
    return taken;
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  boolean belowReadyThreshold() {
    return bytes < READY_THRESHOLD;
  }

  /** Drops what waits (the call ended: nobody will read it). */
  void clear() {
    messages.clear();
    bytes = 0;
  }
}
