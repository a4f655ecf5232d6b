package io.triple.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.triple.ClientInterceptor;
import io.triple.ConnectionListener;
import io.triple.MethodDescriptor;
import io.triple.ServerInterceptor;
import io.triple.Status;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * RPC metrics in a Micrometer {@link MeterRegistry}, named and tagged after the OpenTelemetry RPC
 * semantic conventions: per call duration ({@code rpc.server.duration}, {@code rpc.client.duration},
 * tagged with the status code), calls started, calls in flight, and request and response messages
 * per call, each tagged with {@code rpc.system}, {@code rpc.service} and {@code rpc.method}. See
 * {@code docs/observability.md} for every meter.
 *
 * <pre>{@code
 * TripleMetrics metrics = TripleMetrics.of(registry);
 * TripleServer.builder().port(50051).intercept(metrics.serverInterceptor()) ...
 * Channel channel = ClientInterceptors.intercept(TripleChannel.forAddress(..).build(), metrics.clientInterceptor());
 * }</pre>
 *
 * <p>Tag values stay bounded: past {@link Builder#maxMethods} distinct methods on one side, further
 * methods are counted under service and method {@value #OTHER} (a generic client can name any
 * method; a server only meters the methods it serves). Nothing is created until a call is made;
 * the registry is the caller's, and this class never creates one.
 */
public final class TripleMetrics {
  /** The service and method tag value of methods past the {@link Builder#maxMethods} limit. */
  public static final String OTHER = "_OTHER";

  static final String SYSTEM = "rpc.system";
  static final String SERVICE = "rpc.service";
  static final String METHOD = "rpc.method";
  static final String STATUS = "rpc.grpc.status_code";

  /**
   * In-flight counts by registry and meter id, shared by every {@code TripleMetrics} on one
   * registry: a gauge registered twice is the first one, so its state must be too. Striped
   * adders: every call adds and subtracts one on the method's count, from whichever thread runs
   * it, and one shared atomic number would bounce between the cores.
   */
  private static final Map<MeterRegistry, Map<Meter.Id, LongAdder>> ACTIVE =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final MeterRegistry registry;
  private final String system;
  private final int maxMethods;
  private final boolean histogram;
  private final double[] percentiles;
  private final Duration[] slos;
  private final Duration minExpected;
  private final Duration maxExpected;
  /** Null: Micrometer's default (2 minutes). */
  private final Duration statisticExpiry;
  private final Side server;
  private final Side client;
  private final ServerInterceptor serverInterceptor;
  private final ClientInterceptor clientInterceptor;
  private volatile ConnectionMeters connections;
  private volatile ConnectionMeters clientConnections;

  private TripleMetrics(Builder b) {
    this.registry = b.registry;
    this.system = b.system;
    this.maxMethods = b.maxMethods;
    this.histogram = b.histogram;
    this.percentiles = b.percentiles.clone();
    this.slos = b.slos.clone();
    this.minExpected = b.minExpected;
    this.maxExpected = b.maxExpected;
    this.statisticExpiry = b.statisticExpiry;
    this.server = new Side("rpc.server", "triple.server.call");
    this.client = new Side("rpc.client", "triple.client.call");
    this.serverInterceptor = new MetricsServerInterceptor(server);
    this.clientInterceptor = new MetricsClientInterceptor(client);
  }

  /** Metrics with the defaults (see {@link Builder}) into {@code registry}. */
  public static TripleMetrics of(MeterRegistry registry) {
    return builder(registry).build();
  }

  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /** The interceptor that meters calls a server receives; one instance, install it anywhere. */
  public ServerInterceptor serverInterceptor() {
    return serverInterceptor;
  }

  /** The interceptor that meters calls a client makes; one instance, install it anywhere. */
  public ClientInterceptor clientInterceptor() {
    return clientInterceptor;
  }

  /**
   * A listener for {@code TripleServer.Builder.connectionListener}: connections open now
   * ({@code triple.server.connections.active}), accepted ({@code triple.server.connections}),
   * the bytes their sockets read and wrote ({@code triple.server.received}, {@code
   * triple.server.sent}, in bytes) and their streams' flow-control stalls ({@code
   * triple.server.flow_control.stalls}). One instance; give it to as many servers as you like.
   */
  public ConnectionListener connectionListener() {
    ConnectionMeters c = connections;
    if (c == null) {
      synchronized (this) {
        c = connections;
        if (c == null) {
          connections = c = new ConnectionMeters(ConnectionMeters.End.SERVER, registry, system, ACTIVE);
        }
      }
    }
    return c;
  }

  /**
   * A listener for {@code TripleChannel.Builder.connectionListener}: the channels' connections
   * open now ({@code triple.client.connections.active}), made ({@code triple.client.connections},
   * counted once the TCP connect succeeds), the bytes their sockets read and wrote ({@code
   * triple.client.received}, {@code triple.client.sent}, in bytes) and their calls' flow-control
   * stalls ({@code triple.client.flow_control.stalls}: a call sending faster than the server's
   * window). One instance; give it to as many channels as you like.
   */
  public ConnectionListener clientConnectionListener() {
    ConnectionMeters c = clientConnections;
    if (c == null) {
      synchronized (this) {
        c = clientConnections;
        if (c == null) {
          clientConnections = c = new ConnectionMeters(ConnectionMeters.End.CLIENT, registry, system, ACTIVE);
        }
      }
    }
    return c;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The meters of one side (server or client), by method. */
  final class Side {
    final String prefix;
    /** For meters the conventions do not name (per-call bytes): triple-java's own prefix. */
    final String bytesPrefix;
    private final Map<String, MethodMeters> byMethod = new ConcurrentHashMap<>();
    private volatile MethodMeters other;

    Side(String prefix, String bytesPrefix) {
      this.prefix = prefix;
      this.bytesPrefix = bytesPrefix;
    }

    MethodMeters of(MethodDescriptor<?, ?> method) {
      MethodMeters m = byMethod.get(method.fullMethodName());
      if (m != null) {
        return m;
      }
      if (byMethod.size() >= maxMethods) {
        MethodMeters o = other;
        if (o == null) {
          synchronized (this) {
            o = other;
            if (o == null) {
              other = o = new MethodMeters(this, OTHER, OTHER);
            }
          }
        }
        return o;
      }
      return byMethod.computeIfAbsent(method.fullMethodName(),
          k -> new MethodMeters(this, method.serviceName(), method.methodName()));
    }
  }

  /** One method's meters on one side; the duration timer per status code is made at its first use. */
  final class MethodMeters {
    private final Side side;
    private final Tags tags;
    final Counter started;
    final LongAdder active;
    final DistributionSummary requests;
    final DistributionSummary responses;
    final DistributionSummary requestBytes;
    final DistributionSummary responseBytes;
    private final AtomicReferenceArray<Timer> durations = new AtomicReferenceArray<>(Status.Code.values().length);

    MethodMeters(Side side, String service, String method) {
      this.side = side;
      this.tags = Tags.of(SYSTEM, system, SERVICE, service, METHOD, method);
      String p = side.prefix;
      this.started = Counter.builder(p + ".calls.started")
          .description("Calls started").tags(tags).register(registry);
      Meter.Id activeId = new Meter.Id(p + ".calls.active", tags, null, null, Meter.Type.GAUGE);
      this.active = ACTIVE.computeIfAbsent(registry, r -> new ConcurrentHashMap<>())
          .computeIfAbsent(activeId, id -> new LongAdder());
      Gauge.builder(p + ".calls.active", active, LongAdder::sum)
          .description("Calls in flight").tags(tags).strongReference(true).register(registry);
      this.requests = DistributionSummary.builder(p + ".requests_per_rpc")
          .description("Request messages per call").tags(tags).register(registry);
      this.responses = DistributionSummary.builder(p + ".responses_per_rpc")
          .description("Response messages per call").tags(tags).register(registry);
      // Per call, as grpc-java's OpenTelemetry metrics count them (the conventions' request.size
      // is per message and uncompressed, which the transport does not see for free): the call's
      // messages as framed on the wire, compressed if they were.
      this.requestBytes = DistributionSummary.builder(side.bytesPrefix + ".request_bytes").baseUnit("bytes")
          .description("Request message bytes per call, as framed on the wire").tags(tags).register(registry);
      this.responseBytes = DistributionSummary.builder(side.bytesPrefix + ".response_bytes").baseUnit("bytes")
          .description("Response message bytes per call, as framed on the wire").tags(tags).register(registry);
    }

    Timer duration(Status.Code code) {
      int i = code.ordinal();
      Timer t = durations.get(i);
      if (t == null) {
        Timer.Builder b = Timer.builder(side.prefix + ".duration")
            .description("Call duration, from the call's start to its status")
            .tags(tags).tag(STATUS, Integer.toString(code.value()))
            .publishPercentileHistogram(histogram)
            .minimumExpectedValue(minExpected)
            .maximumExpectedValue(maxExpected);
        if (percentiles.length > 0) {
          b.publishPercentiles(percentiles);
        }
        if (slos.length > 0) {
          b.serviceLevelObjectives(slos);
        }
        if (statisticExpiry != null) {
          b.distributionStatisticExpiry(statisticExpiry);
        }
        t = b.register(registry);
        durations.set(i, t);
      }
      return t;
    }

    /**
     * The end of one call: its duration by status, its message counts and bytes (not recorded
     * when the transport does not count them: -1), one fewer in flight.
     */
    void finish(long startNanos, Status.Code code, int requestCount, int responseCount,
        long requestByteCount, long responseByteCount) {
      duration(code).record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
      requests.record(requestCount);
      responses.record(responseCount);
      if (requestByteCount >= 0) {
        requestBytes.record(requestByteCount);
      }
      if (responseByteCount >= 0) {
        responseBytes.record(responseByteCount);
      }
      active.decrement();
    }

    void start() {
      started.increment();
      active.increment();
    }
  }

  /** Settings of a {@link TripleMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private String system = "grpc";
    private int maxMethods = 1000;
    private boolean histogram = true;
    private double[] percentiles = {};
    private Duration[] slos = {};
    private Duration minExpected = Duration.ofMillis(1);
    private Duration maxExpected = Duration.ofSeconds(30);
    private Duration statisticExpiry;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * The {@code rpc.system} tag: {@code grpc} (default: the wire protocol, and the one under which
     * the conventions define {@code rpc.grpc.status_code}) or, say, {@code apache_dubbo}.
     */
    public Builder rpcSystem(String system) {
      this.system = Objects.requireNonNull(system, "system");
      return this;
    }

    /** Distinct methods metered by name on each side (default 1000); the rest fold into {@value #OTHER}. */
    public Builder maxMethods(int maxMethods) {
      if (maxMethods < 0) {
        throw new IllegalArgumentException("maxMethods < 0: " + maxMethods);
      }
      this.maxMethods = maxMethods;
      return this;
    }

    /**
     * Whether durations publish a histogram (Prometheus buckets, for {@code histogram_quantile});
     * default true, with buckets between {@link #expectedDurations} (1 ms to 30 s by default).
     */
    public Builder histogram(boolean enabled) {
      this.histogram = enabled;
      return this;
    }

    /** The bucket range of the duration histogram. */
    public Builder expectedDurations(Duration min, Duration max) {
      this.minExpected = Objects.requireNonNull(min, "min");
      this.maxExpected = Objects.requireNonNull(max, "max");
      return this;
    }

    /** Client-side computed percentiles of the durations (e.g. 0.5, 0.99); none by default. */
    public Builder percentiles(double... percentiles) {
      this.percentiles = percentiles.clone();
      return this;
    }

    /** Extra histogram buckets at these durations (service-level objectives). */
    public Builder slos(Duration... slos) {
      this.slos = slos.clone();
      return this;
    }

    /**
     * How long a recorded duration counts in the computed percentiles and the maximum (Micrometer's
     * distribution statistic expiry; 2 minutes by default).
     */
    public Builder statisticExpiry(Duration expiry) {
      if (expiry.isNegative() || expiry.isZero()) {
        throw new IllegalArgumentException("statisticExpiry must be positive: " + expiry);
      }
      this.statisticExpiry = expiry;
      return this;
    }

    public TripleMetrics build() {
      return new TripleMetrics(this);
    }
  }
}
