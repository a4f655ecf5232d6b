package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.triple.Marshaller;
import io.triple.StatusException;
import io.triple.netty.internal.wire.MessageFramer;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One call's framed messages that its sender has produced and the event loop has not yet written,
 * gathered into as few buffers as possible.
 *
 * <p>Why: a handler streaming small messages used to hand the event loop one buffer per message,
 * and each became its own DATA frame, flow-controller entry, write promise and {@code iovec}:
 * with 100-byte messages that bookkeeping, all on the one I/O thread, was what limited the
 * stream (about 70% of that thread's time). Now the sending thread frames a small message
 * straight into the open batch buffer, and the event loop writes whatever gathered since its last
 * visit as one DATA frame. Nothing waits for a batch to fill: a message that is alone is written
 * alone, as soon as the loop gets to it, so latency is unchanged. Messages larger than {@link
 * #MERGE_LIMIT} keep their own buffer (copying them would cost more than it saves).
 *
 * <p>Thread-safety: {@link #add} from the call's sending thread (one at a time, as the call API
 * requires), {@link #takeAll} from the event loop; both under this object's monitor, held only
 * for the framing of one small message or the swap of a few references.
 */
public final class OutboundMessages {
  /** Framed messages up to this size are copied into (or framed in) a shared batch buffer. */
  static final int MERGE_LIMIT = 4096;
  /** A batch buffer grows to at most this before the next one starts. */
  static final int BATCH_CAPACITY = 16 * 1024;
  private static final int FIRST_CAPACITY = 256;
  /**
   * At or above this many bytes added and not yet taken by the event loop, the call's {@code
   * isReady()} says no (Netty's default low water mark): without it a producer looping on
   * isReady() could queue without bound between two visits of the event loop.
   */
  public static final long READY_THRESHOLD = 32 * 1024;

  private final ByteBufAllocator alloc;
  // Small: most calls (unary ones) never hold more than one or two buffers.
  private final ArrayDeque<ByteBuf> closedBatches = new ArrayDeque<>(2); // guarded by this
  private final ArrayDeque<ByteBuf> taking = new ArrayDeque<>(2); // takeAll's, on the event loop
  private ByteBuf open; // guarded by this: the batch small messages are appended to
  private boolean takePending; // guarded by this: the event loop will call takeAll()
  private volatile long bytes; // written under this; read by isReady() on any thread
  private long total; // every byte ever added; under this

  public OutboundMessages(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  /**
   * Frames {@code message} (uncompressed) onto the end of the queue.
   *
   * @return true if the caller must arrange for the event loop to call {@link #takeAll}: this is
   *     the first message since the last take
   * @throws StatusException INTERNAL if the marshaller fails; the queue is left as it was
   */
  public <T> boolean add(Marshaller<T> marshaller, T message) throws StatusException {
    int size = marshaller.serializedSize(message);
    if (size < 0 || size > MERGE_LIMIT - MessageFramer.HEADER_SIZE) {
      return add(MessageFramer.frame(alloc, marshaller, message, false));
    }
    int framed = size + MessageFramer.HEADER_SIZE;
    synchronized (this) {
      ByteBuf batch = batchWithRoom(framed);
      MessageFramer.frameInto(batch, marshaller, message, size);
      return added(framed);
    }
  }

  /**
   * Appends an already framed message, taking ownership of {@code framed}.
   *
   * @return as for {@link #add(Marshaller, Object)}
   */
  public boolean add(ByteBuf framed) {
    int n = framed.readableBytes();
    synchronized (this) {
      if (n <= MERGE_LIMIT) {
        batchWithRoom(n).writeBytes(framed);
        framed.release();
      } else {
        closeOpenBatch();
        closedBatches.add(framed);
      }
      return added(n);
    }
  }

  /** Bytes added and not yet taken. */
  long bytes() {
    return bytes;
  }

  /** Every byte added so far, framing included (the call's {@code wireBytesSent}). Any thread. */
  public synchronized long totalBytes() {
    return total;
  }

  /** Fewer than {@link #READY_THRESHOLD} bytes wait for the event loop. Any thread. */
  public boolean belowReadyThreshold() {
    return bytes < READY_THRESHOLD;
  }

  /**
   * Event loop: hands every queued buffer, in order, to {@code sink} (which owns it from then on)
   * and returns how many bytes they held.
   */
  public long takeAll(Consumer<ByteBuf> sink) {
    long taken;
    synchronized (this) {
      takePending = false;
      closeOpenBatch();
      taken = bytes;
      bytes = 0;
      taking.addAll(closedBatches);
      closedBatches.clear();
    }
    // The sink writes to the channel: outside the monitor, so the sender never waits on Netty.
    ByteBuf b;
    while ((b = taking.poll()) != null) {
      sink.accept(b);
    }
    return taken;
  }

  private boolean added(int n) { // holding this
    bytes += n;
    total += n;
    if (takePending) {
      return false;
    }
    takePending = true;
    return true;
  }

  private ByteBuf batchWithRoom(int n) { // holding this
    if (open != null && open.maxWritableBytes() < n) {
      closeOpenBatch();
    }
    if (open == null) {
      // A batch that follows a full one is likely to fill too; a first one is often alone.
      int initial = closedBatches.isEmpty() ? Math.max(n, FIRST_CAPACITY) : BATCH_CAPACITY;
      open = alloc.buffer(initial, BATCH_CAPACITY); // n <= MERGE_LIMIT < BATCH_CAPACITY
    }
    return open;
  }

  private void closeOpenBatch() { // holding this
    if (open != null) {
      if (open.isReadable()) {
        closedBatches.add(open);
      } else {
        open.release();
      }
      open = null;
    }
  }
}
