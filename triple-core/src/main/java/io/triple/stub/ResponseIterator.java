package io.triple.stub;

import io.triple.Metadata;
import io.triple.Status;
import java.util.Iterator;

/**
 * The blocking form of a server-streaming call. {@link #hasNext()} blocks for the next message;
 * if the call fails it throws {@link io.triple.StatusException}. Messages are requested from the
 * server as they are consumed, so a slow reader applies backpressure.
 *
 * <p>Close it (or read to the end) to release the call; closing early cancels it.
 *
 * <p>The call's callbacks run on the reading thread while it waits in {@link #hasNext()} or
 * {@link #headers()}. It may be handed from thread to thread, but only one may read at a time: a
 * second thread waiting while another does gets an {@link IllegalStateException}.
 */
public interface ResponseIterator<T> extends Iterator<T>, AutoCloseable {

  /** The response headers; blocks until they arrive (empty if the server sent trailers-only). */
  Metadata headers();

  /** The trailers, once the stream has ended; null before. */
  Metadata trailers();

  /** The final status once the stream has ended; null before. */
  Status status();

  /** Cancels the call if it is still running. */
  void cancel();

  @Override
  default void close() {
    cancel();
  }
}
