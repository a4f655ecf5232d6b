package io.triple.opentelemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.triple.ClientInterceptor;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerInterceptor;
import io.triple.Status;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Tracing of RPC calls through the OpenTelemetry API, after the OpenTelemetry RPC semantic
 * conventions: a CLIENT span per call a client makes and a SERVER span per call a server
 * receives, named {@code package.Service/Method}, with {@code rpc.system}, {@code rpc.service},
 * {@code rpc.method}, {@code rpc.grpc.status_code} and the peer's address; the trace context and
 * baggage travel in the request metadata through the {@code OpenTelemetry}'s propagators (W3C
 * {@code traceparent}, {@code tracestate}, {@code baggage} with the usual setup). The server span
 * is the current context while the service runs, so calls it makes from inside its handler are
 * its children. Errors set the span status (with the status description), cancellations too;
 * each message sent or received is an {@code rpc.message} event. A call whose span the SDK's
 * sampler drops records nothing, but its context is still current and still propagated.
 *
 * <pre>{@code
 * TripleTracing tracing = TripleTracing.create(openTelemetry);   // or TripleTracing.global()
 * TripleServer.builder().intercept(tracing.serverInterceptor()) ...
 * Channel channel = ClientInterceptors.intercept(TripleChannel.forAddress(..).build(), tracing.clientInterceptor());
 * }</pre>
 *
 * <p>Without an OpenTelemetry SDK (the API's no-op, which is what {@link #global()} is when
 * nothing installed one) the interceptors pass calls through untouched.
 */
public final class TripleTracing {
  static final String INSTRUMENTATION = "io.triple";

  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> RPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");
  static final AttributeKey<String> PEER_ADDRESS = AttributeKey.stringKey("network.peer.address");
  static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");
  static final AttributeKey<String> MESSAGE_TYPE = AttributeKey.stringKey("rpc.message.type");
  static final AttributeKey<Long> MESSAGE_ID = AttributeKey.longKey("rpc.message.id");
  static final String MESSAGE_EVENT = "rpc.message";

  /** Server-side codes that are the server's fault (the conventions' list); the others are the caller's. */
  private static final Set<Status.Code> SERVER_ERRORS = EnumSet.of(Status.Code.UNKNOWN,
      Status.Code.DEADLINE_EXCEEDED, Status.Code.UNIMPLEMENTED, Status.Code.INTERNAL, Status.Code.UNAVAILABLE,
      Status.Code.DATA_LOSS);

  static final TextMapGetter<Metadata> GETTER = new TextMapGetter<>() {
    @Override
    @SuppressWarnings("deprecation") // still abstract in the interface
    public Iterable<String> keys(Metadata carrier) {
      return carrier.keys();
    }

    @Override
    public String get(Metadata carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  /**
   * Sets a propagator's header: {@code add} when the request has none (the usual case: {@code put}
   * would first scan and rebuild the entries to remove it), {@code put} to replace one that the
   * application or another instrumentation set.
   */
  static final TextMapSetter<Metadata> SETTER = (carrier, key, value) -> {
    if (carrier == null) {
      return;
    }
    if (carrier.containsKey(key)) {
      carrier.put(key, value);
    } else {
      carrier.add(key, value);
    }
  };

  /**
   * The attributes of the first {@value #CACHED_EVENTS} {@code rpc.message} events each way, made
   * once: a unary call's two events then allocate no attributes of ours.
   */
  private static final int CACHED_EVENTS = 8;

  private static final Attributes[] SENT_EVENTS = eventAttributes("SENT");
  private static final Attributes[] RECEIVED_EVENTS = eventAttributes("RECEIVED");

  final Tracer tracer;
  final TextMapPropagator propagator;
  final String system;
  final boolean messageEvents;
  final boolean noop;
  /** Whether the rpc.* attributes go on the span builder, for a sampler that may read them ({@link SamplerInputs}). */
  final boolean attributesForSampler;
  private final ServerInterceptor serverInterceptor;
  private final ClientInterceptor clientInterceptor;

  private TripleTracing(Builder b) {
    this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION);
    this.propagator = b.openTelemetry.getPropagators().getTextMapPropagator();
    this.system = b.system;
    this.messageEvents = b.messageEvents;
    // GlobalOpenTelemetry without an SDK is a wrapper of the no-op: look at what it hands out.
    this.noop = b.openTelemetry.getTracerProvider() == TracerProvider.noop()
        && propagator == TextMapPropagator.noop();
    this.attributesForSampler = !SamplerInputs.attributeBlind(b.openTelemetry);
    this.serverInterceptor = new TracingServerInterceptor(this);
    this.clientInterceptor = new TracingClientInterceptor(this);
  }

  /** Tracing through {@code openTelemetry} (its tracer provider and propagators). */
  public static TripleTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * Tracing through {@link GlobalOpenTelemetry}: what the OpenTelemetry Java agent or the SDK's
   * autoconfiguration installed, or the no-op when nothing did.
   */
  public static TripleTracing global() {
    return create(GlobalOpenTelemetry.get());
  }

  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  public ServerInterceptor serverInterceptor() {
    return serverInterceptor;
  }

  public ClientInterceptor clientInterceptor() {
    return clientInterceptor;
  }

  private static Attributes[] eventAttributes(String type) {
    Attributes[] a = new Attributes[CACHED_EVENTS];
    for (int i = 0; i < a.length; i++) {
      a[i] = Attributes.of(MESSAGE_TYPE, type, MESSAGE_ID, (long) i + 1);
    }
    return a;
  }

  /**
   * Whether calls traced with {@code span} record {@code rpc.message} events: only when they are
   * on and the span records (a span the sampler dropped would throw each event away).
   */
  boolean messageEvents(Span span) {
    return messageEvents && span.isRecording();
  }

  /**
   * A span for {@code method} from {@code builder} (parent and kind set), with the rpc.* attributes:
   * on the builder when the sampler may read them, else on the span once started, if it records.
   */
  Span start(SpanBuilder builder, MethodDescriptor<?, ?> method) {
    if (attributesForSampler) {
      return builder.setAttribute(RPC_SYSTEM, system)
          .setAttribute(RPC_SERVICE, method.serviceName())
          .setAttribute(RPC_METHOD, method.methodName())
          .startSpan();
    }
    Span span = builder.startSpan();
    if (span.isRecording()) {
      span.setAttribute(RPC_SYSTEM, system);
      span.setAttribute(RPC_SERVICE, method.serviceName());
      span.setAttribute(RPC_METHOD, method.methodName());
    }
    return span;
  }

  /** One {@code rpc.message} event on {@code span}, the {@code id}th (from 1) this way. */
  static void message(Span span, boolean sent, long id) {
    Attributes[] cached = sent ? SENT_EVENTS : RECEIVED_EVENTS;
    span.addEvent(MESSAGE_EVENT, id >= 1 && id <= CACHED_EVENTS ? cached[(int) id - 1]
        : Attributes.of(MESSAGE_TYPE, sent ? "SENT" : "RECEIVED", MESSAGE_ID, id));
  }

  /**
   * Sets the outcome of a call on its span and ends it; a span that does not record (not
   * sampled) is only ended, without building its status description.
   */
  static void end(Span span, Status status, boolean server) {
    if (!span.isRecording()) {
      span.end();
      return;
    }
    span.setAttribute(RPC_STATUS, (long) status.code().value());
    boolean error = server ? SERVER_ERRORS.contains(status.code()) : !status.isOk();
    if (error) {
      String d = status.description();
      span.setStatus(StatusCode.ERROR, d == null ? status.code().name() : status.code().name() + ": " + d);
      if (status.cause() != null) {
        span.recordException(status.cause());
      }
    }
    span.end();
  }

  /** Settings of a {@link TripleTracing}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private String system = "grpc";
    private boolean messageEvents = true;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /** The {@code rpc.system} attribute: {@code grpc} (default) or, say, {@code apache_dubbo}. */
    public Builder rpcSystem(String system) {
      this.system = Objects.requireNonNull(system, "system");
      return this;
    }

    /** Whether each message is an {@code rpc.message} event (default true; long streams make big spans). */
    public Builder messageEvents(boolean enabled) {
      this.messageEvents = enabled;
      return this;
    }

    public TripleTracing build() {
      return new TripleTracing(this);
    }
  }
}
