package io.triple.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.ClientInterceptors;
import io.triple.Deadline;
import io.triple.Marshaller;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.Status;
import io.triple.micrometer.TripleMetrics;
import io.triple.opentelemetry.TripleTracing;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the metrics and tracing interceptors themselves cost per unary call, without a transport:
 * {@code InterceptorCost [CALLS] [MODE...]} drives CALLS calls (default 300,000, after as many
 * unmeasured) on one thread through the client interceptors of a mode, into a fake transport that
 * hands the request headers straight to the server interceptors and a service that answers at
 * once, and prints the bytes allocated per call (every thread of the JVM) and the nanoseconds per
 * call, for the client side alone, the server side alone, and both. "off" is the fake transport
 * alone; the other modes are {@link ObservabilityBench}'s, except that a recorded span is exported
 * (made into its export form and dropped) as it ends, on the calling thread, instead of through a
 * batch queue that this loop would overflow. The bytes repeat to within tens of bytes; the times
 * are a single thread's on a shared machine, a hint only.
 */
public final class InterceptorCost {
  private static final Marshaller<String> NONE =
      new Marshaller<>() {
        @Override
        public void serialize(String value, OutputStream out) {
          throw new UnsupportedOperationException("the fake transport does not marshal");
        }

        @Override
        public String parse(InputStream in) {
          throw new UnsupportedOperationException("the fake transport does not marshal");
        }
      };
  private static final MethodDescriptor<String, String> METHOD =
      MethodDescriptor.of("io.triple.bench.BenchService", "unary", MethodType.UNARY, NONE, NONE);
  private static final SocketAddress PEER = new InetSocketAddress("127.0.0.1", 50000);

  private InterceptorCost() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    List<String> modes = args.length > 1 ? List.of(args).subList(1, args.length) : ObservabilityBench.MODES;
    System.out.printf("%d calls per row, after %d unmeasured%n", calls, calls);
    System.out.println("| mode | side | bytes/call | ns/call |");
    System.out.println("|---|---|---:|---:|");
    for (String mode : modes) {
      for (String side : List.of("client", "server", "both")) {
        List<ClientInterceptor> client = new ArrayList<>();
        List<ServerInterceptor> server = new ArrayList<>();
        AtomicLong spans = new AtomicLong();
        // As the bench and the docs install them: tracing outside metrics.
        if (ObservabilityBench.tracingOn(mode)) {
          TripleTracing t =
              TripleTracing.create(ObservabilityBench.openTelemetry(spans, ObservabilityBench.sampled(mode), false));
          client.add(t.clientInterceptor());
          server.add(t.serverInterceptor());
        }
        if (ObservabilityBench.metricsOn(mode)) {
          TripleMetrics m = TripleMetrics.of(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
          client.add(m.clientInterceptor());
          server.add(m.serverInterceptor());
        }
        ServerCallHandler<String, String> handler =
            chain(side.equals("client") ? List.of() : server, InterceptorCost::answer);
        Channel channel =
            ClientInterceptors.intercept(new FakeChannel(handler), side.equals("server") ? List.of() : client);
        run(channel, calls);
        long bytes = allocated();
        long t0 = System.nanoTime();
        run(channel, calls);
        long ns = System.nanoTime() - t0;
        bytes = allocated() - bytes;
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d |%n", mode, side, bytes / calls, ns / calls);
      }
    }
  }

  private static void run(Channel channel, int calls) {
    for (int i = 0; i < calls; i++) {
      ClientCall<String, String> call = channel.newCall(METHOD, CallOptions.DEFAULT);
      call.start(new ClientCall.Listener<>() {}, new Metadata());
      call.request(1);
      call.sendMessage("request");
      call.halfClose();
    }
  }

  /** Bytes allocated so far by every live thread. */
  private static long allocated() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(0, b);
    }
    return sum;
  }

  private static ServerCallHandler<String, String> chain(
      List<ServerInterceptor> interceptors, ServerCallHandler<String, String> service) {
    ServerCallHandler<String, String> h = service;
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      ServerInterceptor in = interceptors.get(i);
      ServerCallHandler<String, String> next = h;
      h = (call, headers) -> in.interceptCall(call, headers, next);
    }
    return h;
  }

  /** The service: answers one message and OK when the request is complete, as a unary stub does. */
  private static ServerCall.Listener<String> answer(ServerCall<String, String> call, Metadata headers) {
    call.request(2);
    return new ServerCall.Listener<>() {
      @Override
      public void onHalfClose() {
        call.sendHeaders(new Metadata());
        call.sendMessage("response");
        call.close(Status.OK, new Metadata());
      }
    };
  }

  /** A transport in one thread: the client's half-close runs the whole server side. */
  private record FakeChannel(ServerCallHandler<String, String> server) implements Channel {
    @Override
    @SuppressWarnings("unchecked")
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
      return (ClientCall<ReqT, RespT>) new FakeCall(server);
    }

    @Override
    public String authority() {
      return "127.0.0.1:50000";
    }
  }

  private static final class FakeCall extends ClientCall<String, String> {
    private final ServerCallHandler<String, String> server;
    private Listener<String> listener;
    private Metadata headers;
    private String request;

    FakeCall(ServerCallHandler<String, String> server) {
      this.server = server;
    }

    @Override
    public void start(Listener<String> listener, Metadata headers) {
      this.listener = listener;
      this.headers = headers;
    }

    @Override
    public void request(int n) {}

    @Override
    public void sendMessage(String message) {
      request = message;
    }

    @Override
    public void halfClose() {
      FakeServerCall call = new FakeServerCall(listener);
      ServerCall.Listener<String> l = server.startCall(call, headers);
      l.onMessage(request);
      l.onHalfClose();
      l.onComplete();
    }

    @Override
    public void cancel(String message, Throwable cause) {}
  }

  private static final class FakeServerCall extends ServerCall<String, String> {
    private final ClientCall.Listener<String> client;

    FakeServerCall(ClientCall.Listener<String> client) {
      this.client = client;
    }

    @Override
    public void request(int n) {}

    @Override
    public void sendHeaders(Metadata headers) {
      client.onHeaders(headers);
    }

    @Override
    public void sendMessage(String message) {
      client.onMessage(message);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      client.onClose(status, trailers);
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public MethodDescriptor<String, String> getMethodDescriptor() {
      return METHOD;
    }

    @Override
    public SocketAddress remoteAddress() {
      return PEER;
    }

    @Override
    public Deadline deadline() {
      return null;
    }
  }
}
