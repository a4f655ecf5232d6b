/**
 * HTTP/1.1, and plain-HTTP exchanges on both HTTP versions. One call for plain exchanges, one
 * for framed dialects, each on both HTTP versions:
 *
 * <ul>
 *   <li>plain exchanges, where a whole bare JSON or protobuf body comes in and goes out (Triple's
 *       unary calls, server streams as server-sent events): {@code PlainHttpCall}, run by
 *       {@code Http1PlainExchange} on an HTTP/1.1 connection and by {@code Http2PlainExchange} on
 *       an HTTP/2 stream (the server's {@code PlainHttpStreams});
 *   <li>Connect and gRPC-Web over HTTP/1.1: the server package's {@code FramedCall}, the same
 *       call as on HTTP/2, over {@code Http1FramedExchange} (its transport: a chunked response,
 *       the request body deframed as it arrives).
 * </ul>
 *
 * {@code Http1ServerHandler} takes an HTTP/1.1 connection's requests in turn and starts one or
 * the other. Builds on the server package (method registry, admission, settings, CORS,
 * connection lifetime, the framed call, the HTTP/2 connection's write queue) and the wire
 * format; the server does not know this package.
 */
package io.triple.netty.internal.web;
