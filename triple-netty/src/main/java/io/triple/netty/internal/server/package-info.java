/**
 * The HTTP/2 server: {@code ServerConnectionHandler} (one per connection) and a
 * {@code ServerStream} per stream; {@code FramedCall}, the one call of every framed dialect
 * (gRPC, Connect's streams, gRPC-Web binary and text), over a {@code FramedCall.Transport} that
 * the stream is on HTTP/2 (the web package's HTTP/1.1 exchange on HTTP/1.1);
 * {@code RequestAdmission} (the verdict on a request's headers, routed by core's
 * {@code io.triple.internal.MethodRegistry}), settings, {@code CorsPolicy} and
 * {@code ConnectionLifetime} (max idle and age, for HTTP/1.1 connections too).
 *
 * <p>Plain-HTTP requests on an HTTP/2 stream are handed to the web package through
 * {@code PlainHttpStreams}, an interface: the web calls build on this package's registry,
 * settings and connections, so this package does not name them and the two stay free of a
 * cycle. Uses {@code wire} and {@code http2}; knows neither the client nor the public API.
 */
package io.triple.netty.internal.server;
