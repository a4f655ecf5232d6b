package io.triple.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import io.triple.Metadata;
import io.triple.Status;
import java.time.Duration;
import java.util.Iterator;

/** Makes one call of a method known by its descriptor, over one protocol. */
interface CallTransport extends AutoCloseable {
  /**
   * Sends {@code requests} (read lazily: for streams they may come from stdin as the call runs),
   * hands what comes back to {@code responses} on the calling thread, and returns how the call
   * ended. A request that cannot be read ends the call and is thrown.
   */
  Outcome call(MethodDescriptor method, Metadata headers, Duration deadline,
      Iterator<DynamicMessage> requests, Responses responses);

  @Override
  void close();

  /** What the server sends, in order. */
  interface Responses {
    void onHeaders(Metadata headers);

    void onMessage(DynamicMessage message);
  }

  record Outcome(Status status, Metadata trailers) {}
}
