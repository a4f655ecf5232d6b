package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * The inbound half of a call, shared by the server's and the client's: received DATA not yet
 * handed to the application (a {@link MessageDeframer}), how many messages the application has
 * requested, and how much of what came in may go back to the peer's HTTP/2 window. As grpc-java's
 * {@code AbstractStream.TransportState}, but the window rule is ours:
 *
 * <p>the peer gets back, as messages are taken, every byte taken, and while the application
 * waits for a message ({@code requested > 0}) every byte received, so a message larger than the
 * window can still arrive; messages not requested stay bounded by the window.
 *
 * <p>Also the call's lock for this state and its own: every method here is called holding this
 * object's monitor ({@code synchronized (inbound)}). The event loop adds DATA under it and
 * {@code request(n)} takes messages under it on the application's thread, so a message already
 * here reaches the application without a round trip through the event loop. One object, as the
 * plain lock it replaces: no allocation per call or message is added.
 */
public final class InboundMessages {
  /** Null until {@link #open}: the client's stream does not exist when its call starts. */
  private MessageDeframer deframer;
  private boolean released;
  private int requested;
  private long received; // DATA payload bytes received
  private long returned; // of those, given back to the peer's window
  private boolean returnScheduled; // a task will give back what is taken until it runs

  /** Not open yet: requests are counted, DATA cannot come. */
  public InboundMessages() {}

  public InboundMessages(MessageDeframer deframer) {
    this.deframer = deframer;
  }

  /** DATA can come from now on, into {@code deframer}. */
  public void open(MessageDeframer deframer) {
    this.deframer = deframer;
  }

  public boolean isOpen() {
    return deframer != null;
  }

  /** Whether {@link #release()} has freed the buffered bytes: nothing more is delivered. */
  public boolean isReleased() {
    return released;
  }

  /** The application asks for {@code n} more messages (saturating at Integer.MAX_VALUE). */
  public void request(int n) {
    requested = (int) Math.min(Integer.MAX_VALUE, (long) requested + n);
  }

  public int requested() {
    return requested;
  }

  /** A DATA frame's payload (padding excluded), now owned here. */
  public void add(ByteBuf data) {
    received += data.readableBytes();
    deframer.add(data);
  }

  /** Hands up to the requested number of complete messages to {@code sink}, in order. */
  public void take(Consumer<MessageDeframer.Frame> sink) throws MessageDeframer.DeframeException {
    requested -= deframer.take(requested, sink);
  }

  public boolean hasPartialMessage() {
    return deframer.hasPartialMessage();
  }

  /**
   * DATA payload bytes received so far (the call's {@code wireBytesReceived}). Any thread: this
   * object is the calls' inbound lock, under which the event loop adds.
   */
  public synchronized long receivedBytes() {
    return received;
  }

  public int buffered() {
    return deframer.buffered();
  }

  /** The bytes to give back to the peer's window now, counted as given back. */
  public int takeReturnable() {
    long n = returnable() - returned;
    if (n <= 0) {
      return 0;
    }
    returned += n;
    return (int) n;
  }

  /**
   * Whether a task is to be scheduled to give window back: there is some to give and no task
   * is scheduled yet. One task at a time gives back whatever was taken until it runs
   * ({@link #returnTaskRuns()}).
   */
  public boolean scheduleReturnTask() {
    if (returnScheduled || returnable() <= returned) {
      return false;
    }
    returnScheduled = true;
    return true;
  }

  /**
   * As {@link #scheduleReturnTask()}, whether or not there is something to give back yet: for
   * a task at the end of a read, by when more may have been taken.
   */
  public boolean scheduleReturnTaskAnyway() {
    if (returnScheduled) {
      return false;
    }
    returnScheduled = true;
    return true;
  }

  /** The scheduled task runs: the next take schedules another. */
  public void returnTaskRuns() {
    returnScheduled = false;
  }

  /** Received bytes that may be back in the peer's window. */
  private long returnable() {
    return requested > 0 ? received : received - deframer.buffered();
  }

  /** Frees the buffered bytes, once. */
  public void release() {
    if (deframer != null && !released) {
      released = true;
      deframer.release();
    }
  }
}
