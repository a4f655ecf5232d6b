package io.triple.netty.internal.server;

import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.wire.Dialect;
import java.util.function.BooleanSupplier;

/**
 * Where {@link ServerStream} hands an HTTP/2 request that is not a framed call: Triple's
 * plain-HTTP exchanges (a bare JSON or protobuf body), which the web package serves on HTTP/1.1
 * and HTTP/2 alike. An interface so that the HTTP/2 server does not
 * depend on the web calls that depend on it (its method registry, settings and connection);
 * the port's assembly, {@code ServerConnectionInitializer}, gives web's implementation.
 */
@FunctionalInterface
public interface PlainHttpStreams {
  /**
   * A new exchange on {@code stream} (event loop). {@code resetIfOpen} stops a client still
   * sending after the answer's END_STREAM; {@code writable} tells whether the stream takes more
   * DATA now.
   */
  Stream open(ServerConnectionHandler connection, Http2FrameStream stream, ServerStreamSettings settings,
      Runnable resetIfOpen, BooleanSupplier writable);

  /** One exchange's frames and events, from {@link ServerStream} on the event loop. */
  interface Stream {
    /** The request's HEADERS: route the call, or answer with an error. */
    void onRequestHeaders(Http2HeadersFrame headers, Dialect dialect, MethodRegistry registry);

    void onData(Http2DataFrame data);

    /** The request ended (END_STREAM on DATA, HEADERS or trailers). */
    void onEnd();

    /** The stream was reset or closed: a call still running is cancelled. */
    void onGone(String why);

    /** The stream can take more DATA again. */
    void onWritable();
  }
}
