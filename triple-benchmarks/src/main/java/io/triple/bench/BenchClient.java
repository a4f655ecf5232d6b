package io.triple.bench;

import io.triple.bench.proto.Payload;
import io.triple.bench.proto.StreamRequest;

/** The calls the load harness makes, implemented by our client and by grpc-java's. */
public interface BenchClient extends AutoCloseable {
  /** Receives the outcome of one call or the messages of a stream. */
  interface Sink {
    void onMessage(Payload message);

    /** Called once: {@code error} is null on success. */
    void onDone(Throwable error);
  }

  /** The request side of a ping-pong stream. */
  interface PingPong {
    void send(Payload message);

    void complete();
  }

  String name();

  /** Starts a unary call; the sink gets the response and then done, from a client thread. */
  void unary(Payload request, Sink sink);

  /**
   * A unary call through the blocking stub, on the calling thread: what most applications do when
   * they make one call at a time.
   */
  Payload blockingUnary(Payload request) throws Exception;

  /** A server-streaming call read through the blocking stub's iterator on the calling thread. */
  java.util.Iterator<Payload> blockingServerStream(StreamRequest request);

  /** Starts a server-streaming call. */
  void serverStream(StreamRequest request, Sink sink);

  /** Opens a bidi ping-pong stream. */
  PingPong pingPong(Sink sink);

  @Override
  void close();
}
