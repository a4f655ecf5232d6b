package io.triple.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.triple.ConnectionListener;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A server's or a channel's connections as meters (a {@link ConnectionListener}): open now,
 * opened in all, the bytes their sockets read and wrote, and the flow-control stalls of their
 * streams; under {@code triple.server.} or {@code triple.client.} by {@link End}. The
 * OpenTelemetry RPC conventions define no connection metrics, so these carry triple-java's own
 * prefix, with the same {@code rpc.system} tag as the call meters. Counters are Micrometer's
 * (striped adders): the per-read and per-write calls on the I/O threads do not contend.
 */
final class ConnectionMeters implements ConnectionListener {
  /** Which end of the connections: their meters' prefix and the words of their descriptions. */
  enum End {
    SERVER("triple.server", "Connections accepted", "client"),
    CLIENT("triple.client", "Connections made (TCP connect succeeded)", "server");

    final String prefix;
    final String openedDescription;
    final String peer;

    End(String prefix, String openedDescription, String peer) {
      this.prefix = prefix;
      this.openedDescription = openedDescription;
      this.peer = peer;
    }
  }

  private final LongAdder open;
  private final Counter opened;
  private final Counter received;
  private final Counter sent;
  private final Counter stalls;
  private final Counter inboundStalls;

  ConnectionMeters(End end, MeterRegistry registry, String system,
      Map<MeterRegistry, Map<Meter.Id, LongAdder>> gauges) {
    Tags tags = Tags.of(TripleMetrics.SYSTEM, system);
    String p = end.prefix;
    // One number per registry and id, however many TripleMetrics share the registry: a gauge
    // registered twice keeps the first object it was given.
    Meter.Id openId = new Meter.Id(p + ".connections.active", tags, null, null, Meter.Type.GAUGE);
    this.open = gauges.computeIfAbsent(registry, r -> new ConcurrentHashMap<>())
        .computeIfAbsent(openId, id -> new LongAdder());
    Gauge.builder(p + ".connections.active", open, LongAdder::sum)
        .description("Connections open now").tags(tags).strongReference(true).register(registry);
    this.opened = Counter.builder(p + ".connections")
        .description(end.openedDescription).tags(tags).register(registry);
    this.received = Counter.builder(p + ".received").baseUnit("bytes")
        .description("Bytes read from connections' sockets (TLS and HTTP/2 framing included)")
        .tags(tags).register(registry);
    this.sent = Counter.builder(p + ".sent").baseUnit("bytes")
        .description("Bytes written to connections' sockets (TLS and HTTP/2 framing included)")
        .tags(tags).register(registry);
    this.stalls = Counter.builder(p + ".flow_control.stalls")
        .description("Times a stream could not send: the " + end.peer + "'s flow-control window was used up")
        .tags(tags).register(registry);
    this.inboundStalls = Counter.builder(p + ".flow_control.inbound_stalls")
        .description("Times the " + end.peer + " could not send on a stream: the flow-control window this side gave"
            + " it was used up (messages taken slower than they came, or one larger than the window)")
        .tags(tags).register(registry);
  }

  @Override
  public void connectionOpened(SocketAddress remote) {
    opened.increment();
    open.increment();
  }

  @Override
  public void connectionClosed(SocketAddress remote) {
    open.decrement();
  }

  @Override
  public void bytesReceived(long bytes) {
    received.increment(bytes);
  }

  @Override
  public void bytesSent(long bytes) {
    sent.increment(bytes);
  }

  @Override
  public void streamBlocked() {
    stalls.increment();
  }

  @Override
  public void streamReceiveBlocked() {
    inboundStalls.increment();
  }
}
