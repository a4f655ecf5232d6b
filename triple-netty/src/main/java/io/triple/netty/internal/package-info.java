/**
 * The transport's internals, and here at their top the one port: {@code
 * ServerConnectionInitializer} builds each accepted connection's pipeline (TLS with ALPN, or
 * {@code ProtocolSniffer} on cleartext) and puts HTTP/2 ({@code server}) or HTTP/1.1 ({@code
 * web}) behind it. Why here and not in {@code server}: the assembly is the one place that knows
 * both protocols' handlers, so it sits above both packages, and only {@code TripleServer} uses it.
 *
 * <p>The packages below, from the bottom up:
 *
 * <ul>
 *   <li>{@code wire}: bytes and headers of every dialect (framing, status, envelopes, timeouts);
 *   <li>{@code http2}: the HTTP/2 plumbing both sides share (write queue, windows, keepalive, TLS
 *       contexts, event loops);
 *   <li>{@code server}: the HTTP/2 server and its calls (gRPC, Connect streams, gRPC-Web);
 *   <li>{@code web}: plain-HTTP exchanges on HTTP/1.1 and HTTP/2, over the server's registry;
 *   <li>{@code client}: connections and calls of a {@code TripleChannel}, which use no server code.
 * </ul>
 *
 * <p>The public API ({@code io.triple.server}, {@code io.triple.client}, {@code io.triple.tls})
 * builds on these packages; none of them knows it. {@code ArchitectureTest} (triple-tests) checks
 * this graph.
 */
package io.triple.netty.internal;
