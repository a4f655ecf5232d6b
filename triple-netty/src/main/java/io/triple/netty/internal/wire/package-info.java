/**
 * The wire format, the transport's bottom layer: gRPC's 5-byte framing ({@code MessageFramer},
 * {@code MessageDeframer}, {@code MessageReader}, {@code OutboundMessages}), a call's inbound
 * messages and the window they hold ({@code InboundMessages}, the server's and the client's),
 * headers and status ({@code GrpcHeaders}, {@code HeaderConvert}, {@code StatusDetails},
 * {@code ResponseStatus}), timeouts ({@code RequestTimeout}), and what each dialect puts on the
 * wire: {@code Dialect} (gRPC, Connect, gRPC-Web binary and text, Triple's plain HTTP; with
 * {@code ConnectStreams}), {@code JsonMessages}, {@code HttpErrors}, {@code HttpDate}.
 *
 * <p>Functions of bytes, headers and counts only: nothing here knows a connection, a stream, a call or
 * a server, so the server, the web calls and the client share it and it is tested and
 * benchmarked alone.
 */
package io.triple.netty.internal.wire;
