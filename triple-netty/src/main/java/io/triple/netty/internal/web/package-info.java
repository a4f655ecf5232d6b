/**
 * Plain-HTTP exchanges, where a whole body comes in and goes out: Triple's unary calls with a
 * bare JSON or protobuf body, server streams as server-sent events, Connect's and gRPC-Web's
 * calls over HTTP/1.1, and gRPC-Web's text form on both HTTP versions. {@code PlainHttpCall} is
 * the call; {@code Http1ServerHandler} runs it on an HTTP/1.1 connection and
 * {@code Http2PlainExchange} on an HTTP/2 stream (the server's {@code PlainHttpStreams}).
 *
 * <p>Builds on the server package (method registry, settings, CORS, connection lifetime, the
 * HTTP/2 connection's write queue) and the wire format; the server does not know this package.
 */
package io.triple.netty.internal.web;
