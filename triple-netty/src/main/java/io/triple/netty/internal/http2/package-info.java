/**
 * The HTTP/2 plumbing both sides share: the frame codec's setup ({@code FrameCodecBuilder},
 * {@code FrameCumulator}, {@code DrainingConnection}, {@code UniquePerCall} for HPACK), writes ({@code WriteQueue},
 * {@code WriteCoalescer}), receive windows ({@code WindowUpdates}, {@code WindowTuner}), PINGs
 * ({@code KeepAliveHandler}, {@code KeepAliveEnforcer}, {@code ClientKeepAlive}), GOAWAY
 * ({@code GracefulShutdownHandler}), event loops ({@code EventLoops}) and TLS contexts
 * ({@code Tls}: HTTP/2 over TLS needs "h2" through ALPN, which is why TLS lives with HTTP/2; the
 * public {@code TlsContexts}, {@code TripleServer} and {@code TripleChannel} build on it).
 *
 * <p>Knows no call, dialect, server or client: it sits beside the wire format, below both.
 */
package io.triple.netty.internal.http2;
