package io.triple.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientInterceptors;
import io.triple.ManagedChannel;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerInterceptor;
import io.triple.ServiceDefinition;
import io.triple.StatusException;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCalls;
import io.triple.stub.ResponseIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans of real calls over 127.0.0.1, exported to memory by the OpenTelemetry SDK. */
class TripleTracingTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
          W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
      .build();
  private final TripleTracing tracing = TripleTracing.create(sdk);
  private final List<TripleServer> servers = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    servers.forEach(TripleServer::shutdownNow);
    sdk.close();
  }

  private TripleServer serve(ServiceDefinition service, ServerInterceptor... interceptors) {
    TripleServer s = TripleServer.builder().host("127.0.0.1").port(0).intercept(interceptors)
        .addService(service).build().start();
    servers.add(s);
    return s;
  }

  private Channel channel(TripleServer server, TripleTracing t) {
    ManagedChannel c = TripleChannel.forAddress("127.0.0.1", server.port()).build();
    channels.add(c);
    return ClientInterceptors.intercept(c, t.clientInterceptor());
  }

  static final MethodDescriptor<String, String> RELAY =
      MethodDescriptor.of("test.Relay", "relay", MethodType.UNARY, EchoService.STRING, EchoService.STRING);

  @Test
  @SuppressWarnings("try") // the scopes are only opened and closed
  void oneTraceFromTheClientThroughTheServerToTheCallItMakes() {
    TripleServer back = serve(EchoService.definition(), tracing.serverInterceptor());
    Channel toBack = channel(back, tracing);
    ServiceDefinition relay = ServiceDefinition.builder("test.Relay")
        .addMethod(RELAY, io.triple.stub.ServerCalls.unaryCall(r -> CompletableFuture.completedFuture(
            ClientCalls.blockingUnary(toBack, EchoService.ECHO, CallOptions.DEFAULT,
                r + " user=" + Baggage.current().getEntryValue("user")))))
        .build();
    TripleServer front = serve(relay, tracing.serverInterceptor());

    Span root = sdk.getTracer("test").spanBuilder("root").startSpan();
    String answer;
    try (Scope s1 = root.makeCurrent();
        Scope s2 = Baggage.builder().put("user", "alice").build().makeCurrent()) {
      answer = ClientCalls.blockingUnary(channel(front, tracing), RELAY, CallOptions.DEFAULT, "hi");
    } finally {
      root.end();
    }
    assertEquals("hi user=alice", answer, "baggage reached the server's handler");

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertEquals(5, spans.size(), spans.toString());
    SpanData clientRelay = find(spans, "test.Relay/relay", SpanKind.CLIENT);
    SpanData serverRelay = find(spans, "test.Relay/relay", SpanKind.SERVER);
    SpanData clientEcho = find(spans, "test.Echo/echo", SpanKind.CLIENT);
    SpanData serverEcho = find(spans, "test.Echo/echo", SpanKind.SERVER);
    for (SpanData s : spans) {
      assertEquals(root.getSpanContext().getTraceId(), s.getTraceId(), s.getName());
    }
    assertEquals(root.getSpanContext().getSpanId(), clientRelay.getParentSpanId());
    assertEquals(clientRelay.getSpanId(), serverRelay.getParentSpanId());
    assertEquals(serverRelay.getSpanId(), clientEcho.getParentSpanId());
    assertEquals(clientEcho.getSpanId(), serverEcho.getParentSpanId());
    assertTrue(serverRelay.getParentSpanContext().isRemote());

    assertEquals("grpc", serverEcho.getAttributes().get(TripleTracing.RPC_SYSTEM));
    assertEquals("test.Echo", serverEcho.getAttributes().get(TripleTracing.RPC_SERVICE));
    assertEquals("echo", serverEcho.getAttributes().get(TripleTracing.RPC_METHOD));
    assertEquals(0L, serverEcho.getAttributes().get(TripleTracing.RPC_STATUS));
    assertEquals("127.0.0.1", serverEcho.getAttributes().get(TripleTracing.PEER_ADDRESS));
    assertEquals(StatusCode.UNSET, clientEcho.getStatus().getStatusCode());
  }

  @Test
  void errorsSetTheStatusTheConventionsWay() {
    Channel channel = channel(serve(EchoService.definition(), tracing.serverInterceptor()), tracing);
    assertThrows(StatusException.class,
        () -> ClientCalls.blockingUnary(channel, EchoService.FAIL, CallOptions.DEFAULT, "bad input"));
    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData client = find(spans, "test.Echo/fail", SpanKind.CLIENT);
    SpanData server = find(spans, "test.Echo/fail", SpanKind.SERVER);
    assertEquals(3L, client.getAttributes().get(TripleTracing.RPC_STATUS));
    assertEquals(3L, server.getAttributes().get(TripleTracing.RPC_STATUS));
    assertEquals(StatusCode.ERROR, client.getStatus().getStatusCode());
    assertEquals("INVALID_ARGUMENT: bad input", client.getStatus().getDescription());
    // INVALID_ARGUMENT is the caller's fault: not an error of the server's span.
    assertEquals(StatusCode.UNSET, server.getStatus().getStatusCode());
  }

  @Test
  void aCancellationEndsBothSpansInError() throws Exception {
    Channel channel = channel(serve(EchoService.definition(), tracing.serverInterceptor()), tracing);
    EchoService.hangStarted = new java.util.concurrent.CountDownLatch(1);
    CompletableFuture<String> call = ClientCalls.futureUnary(channel, EchoService.HANG, CallOptions.DEFAULT, "x");
    assertTrue(EchoService.hangStarted.await(30, TimeUnit.SECONDS), "the server got the call");
    call.cancel(true);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (exporter.getFinishedSpanItems().size() < 2 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    SpanData client = find(spans, "test.Echo/hang", SpanKind.CLIENT);
    SpanData server = find(spans, "test.Echo/hang", SpanKind.SERVER);
    assertEquals(1L, client.getAttributes().get(TripleTracing.RPC_STATUS));
    assertEquals(StatusCode.ERROR, client.getStatus().getStatusCode());
    assertTrue(client.getEvents().stream().anyMatch(e -> e.getName().startsWith("cancelled")), client.toString());
    assertEquals(1L, server.getAttributes().get(TripleTracing.RPC_STATUS));
    assertEquals(StatusCode.ERROR, server.getStatus().getStatusCode());
    assertEquals("cancelled by the client", server.getStatus().getDescription());
  }

  @Test
  void streamsRecordEachMessage() throws Exception {
    Channel channel = channel(serve(EchoService.definition(), tracing.serverInterceptor()), tracing);
    try (ResponseIterator<String> it =
        ClientCalls.blockingServerStreaming(channel, EchoService.SPLIT, CallOptions.DEFAULT, "a,b,c")) {
      it.forEachRemaining(s -> { });
    }
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertEquals(List.of("SENT 1", "RECEIVED 1", "RECEIVED 2", "RECEIVED 3"),
        events(find(spans, "test.Echo/split", SpanKind.CLIENT)));
    assertEquals(List.of("RECEIVED 1", "SENT 1", "SENT 2", "SENT 3"),
        events(find(spans, "test.Echo/split", SpanKind.SERVER)));
  }

  @Test
  @SuppressWarnings("try") // the scopes are only opened and closed
  void withoutAnSdkCallsPassUntouched() {
    AtomicReference<Metadata> seen = new AtomicReference<>();
    TripleTracing noop = TripleTracing.create(OpenTelemetry.noop());
    assertTrue(noop.noop);
    assertTrue(!tracing.noop);
    ServerInterceptor capture = new ServerInterceptor() {
      @Override
      public <Q, R> io.triple.ServerCall.Listener<Q> interceptCall(io.triple.ServerCall<Q, R> call, Metadata headers,
          io.triple.ServerCallHandler<Q, R> next) {
        seen.set(headers);
        return next.startCall(call, headers);
      }
    };
    Channel channel = channel(serve(EchoService.definition(), capture, noop.serverInterceptor()), noop);
    Span root = sdk.getTracer("test").spanBuilder("root").startSpan();
    try (Scope s = root.makeCurrent()) {
      assertEquals("x", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "x"));
    } finally {
      root.end();
    }
    assertNull(seen.get().get("traceparent"));
    assertEquals(1, exporter.getFinishedSpanItems().size(), "the root span only");
    assertTrue(Context.current() == Context.root());
  }

  @Test
  void anUnsampledCallCarriesItsTraceOnAndRecordsNothing() {
    // One trace in none sampled, the way a ratio sampler drops most: parent-based, so the
    // servers follow the client's decision, which travels in traceparent's flags.
    InMemorySpanExporter dropped = InMemorySpanExporter.create();
    try (OpenTelemetrySdk unsampled = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.parentBased(Sampler.alwaysOff()))
            .addSpanProcessor(SimpleSpanProcessor.create(dropped)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build()) {
      TripleTracing t = TripleTracing.create(unsampled);
      List<String> headers = new ArrayList<>();
      ServerInterceptor capture = new ServerInterceptor() {
        @Override
        public <Q, R> io.triple.ServerCall.Listener<Q> interceptCall(io.triple.ServerCall<Q, R> call,
            Metadata h, io.triple.ServerCallHandler<Q, R> next) {
          headers.add(call.getMethodDescriptor().methodName() + " " + h.getAll("traceparent"));
          return next.startCall(call, h);
        }
      };
      TripleServer back = serve(EchoService.definition(), capture, t.serverInterceptor());
      Channel toBack = channel(back, t);
      AtomicReference<String> inHandler = new AtomicReference<>();
      ServiceDefinition relay = ServiceDefinition.builder("test.Relay")
          .addMethod(RELAY, io.triple.stub.ServerCalls.unaryCall(r -> {
            inHandler.set(Span.current().getSpanContext().getTraceId()
                + " recording=" + Span.current().isRecording());
            return CompletableFuture.completedFuture(
                ClientCalls.blockingUnary(toBack, EchoService.ECHO, CallOptions.DEFAULT, r));
          }))
          .build();
      TripleServer front = serve(relay, capture, t.serverInterceptor());

      // a stale traceparent set by the application is replaced, not doubled
      io.triple.ClientInterceptor stale = new io.triple.ClientInterceptor() {
        @Override
        public <Q, R> io.triple.ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
            Channel next) {
          return new io.triple.ForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata h) {
              h.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
              super.start(listener, h);
            }
          };
        }
      };
      ManagedChannel c = TripleChannel.forAddress("127.0.0.1", front.port()).build();
      channels.add(c);
      assertEquals("hi", ClientCalls.blockingUnary(ClientInterceptors.intercept(c, stale, t.clientInterceptor()),
          RELAY, CallOptions.DEFAULT, "hi"));

      assertEquals(2, headers.size(), headers.toString());
      String traceId = inHandler.get().split(" ")[0];
      assertEquals(traceId + " recording=false", inHandler.get());
      assertTrue(!traceId.equals("0af7651916cd43dd8448eb211c80319c") && !traceId.equals("0".repeat(32)), traceId);
      for (String h : headers) {
        // one traceparent each, of the same trace, its flags' sampled bit (1) clear
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("(relay|echo) \\[00-" + traceId + "-[0-9a-f]{16}-([0-9a-f]{2})\\]").matcher(h);
        assertTrue(m.matches(), h);
        assertEquals(0, Integer.parseInt(m.group(2), 16) & 1, h);
      }
      assertEquals(List.of(), dropped.getFinishedSpanItems(), "no span recorded, so no events either");
    }
  }

  @Test
  void flowCallbacksRunWithTheSpanCurrentOnlyForListenersThatWantThem() throws Exception {
    // A listener that overrides onReady and onComplete gets them, with the server span current;
    // the stubs' listener overrides only onReady (a unary call's server rarely sees it), and
    // tracing must not make the transport schedule onComplete (a thread hand-off per call), nor
    // onReady on a client whose listener ignores it.
    MethodDescriptor<String, String> raw = EchoService.method("raw", MethodType.UNARY);
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.CountDownLatch completed = new java.util.concurrent.CountDownLatch(1);
    io.triple.ServerCallHandler<String, String> rawHandler = (call, headers) -> {
          call.request(1);
          return new io.triple.ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
              seen.add("halfClose " + Span.current().getSpanContext().getSpanId());
              call.sendHeaders(new Metadata());
              call.sendMessage("ok");
              call.close(io.triple.Status.OK, new Metadata());
            }

            @Override
            public void onReady() {
              // a unary call's server sees it only if its answer fills the stream's window
            }

            @Override
            public void onComplete() {
              seen.add("complete " + Span.current().getSpanContext().getSpanId());
              completed.countDown();
            }
          };
        };
    ServiceDefinition service = ServiceDefinition.builder(EchoService.NAME)
        .addMethod(EchoService.ECHO, io.triple.stub.ServerCalls.unaryCall(CompletableFuture::completedFuture))
        .addMethod(raw, rawHandler)
        .build();
    List<String> wants = java.util.Collections.synchronizedList(new ArrayList<>());
    ServerInterceptor outside = new ServerInterceptor() {
      @Override
      public <Q, R> io.triple.ServerCall.Listener<Q> interceptCall(io.triple.ServerCall<Q, R> call, Metadata h,
          io.triple.ServerCallHandler<Q, R> next) {
        io.triple.ServerCall.Listener<Q> l = next.startCall(call, h);
        wants.add(call.getMethodDescriptor().methodName()
            + " onReady=" + io.triple.internal.ListenerOverrides.wantsOnReady(l)
            + " onComplete=" + io.triple.internal.ListenerOverrides.wantsOnComplete(l));
        return l;
      }
    };
    List<String> clientWants = java.util.Collections.synchronizedList(new ArrayList<>());
    io.triple.ClientInterceptor inside = new io.triple.ClientInterceptor() {
      @Override
      public <Q, R> io.triple.ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
          Channel next) {
        return new io.triple.ForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata h) {
            clientWants.add(method.methodName() + " onReady=" + io.triple.internal.ListenerOverrides.wantsOnReady(listener));
            super.start(listener, h);
          }
        };
      }
    };
    TripleServer server = serve(service, outside, tracing.serverInterceptor());
    ManagedChannel c = TripleChannel.forAddress("127.0.0.1", server.port()).build();
    channels.add(c);
    Channel channel = ClientInterceptors.intercept(c, tracing.clientInterceptor(), inside);

    assertEquals("x", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "x"));
    // A client listener that wants onReady gets it with the client span current.
    CompletableFuture<String> clientReady = new CompletableFuture<>();
    CompletableFuture<io.triple.Status> closed = new CompletableFuture<>();
    io.triple.ClientCall<String, String> call = channel.newCall(raw, CallOptions.DEFAULT);
    call.start(new io.triple.ClientCall.Listener<>() {
      @Override
      public void onReady() {
        clientReady.complete(Span.current().getSpanContext().getSpanId());
      }

      @Override
      public void onClose(io.triple.Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    String readySpan = clientReady.get(30, TimeUnit.SECONDS); // the stream opened, before anything was sent
    call.sendMessage("x");
    call.halfClose();
    assertTrue(closed.get(30, TimeUnit.SECONDS).isOk());
    assertTrue(completed.await(30, TimeUnit.SECONDS), "onComplete delivered");

    assertEquals(List.of("echo onReady=true onComplete=false", "raw onReady=true onComplete=true"), wants);
    assertEquals(List.of("echo onReady=false", "raw onReady=true"), clientWants);
    List<SpanData> spans = exporter.getFinishedSpanItems();
    String serverSpan = find(spans, "test.Echo/raw", SpanKind.SERVER).getSpanId();
    assertTrue(seen.contains("halfClose " + serverSpan), seen.toString());
    assertTrue(seen.contains("complete " + serverSpan), seen.toString());
    assertEquals(find(spans, "test.Echo/raw", SpanKind.CLIENT).getSpanId(), readySpan);
  }

  @Test
  void aSamplerThatReadsAttributesSeesTheMethod() {
    // A sampler of the application's own may decide by rpc.method: the attributes must be on the
    // span builder for it (with the SDK's built-in samplers they may go on the started span).
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    io.opentelemetry.sdk.trace.samplers.Sampler byMethod = new io.opentelemetry.sdk.trace.samplers.Sampler() {
      @Override
      public io.opentelemetry.sdk.trace.samplers.SamplingResult shouldSample(Context parentContext, String traceId,
          String name, SpanKind spanKind, io.opentelemetry.api.common.Attributes attributes,
          List<io.opentelemetry.sdk.trace.data.LinkData> parentLinks) {
        String m = attributes.get(TripleTracing.RPC_METHOD);
        seen.add(spanKind + " " + m);
        return "fail".equals(m) ? io.opentelemetry.sdk.trace.samplers.SamplingResult.drop()
            : io.opentelemetry.sdk.trace.samplers.SamplingResult.recordAndSample();
      }

      @Override
      public String getDescription() {
        return "ByMethod";
      }
    };
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk own = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().setSampler(byMethod)
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build()) {
      TripleTracing t = TripleTracing.create(own);
      assertTrue(t.attributesForSampler);
      assertTrue(!tracing.attributesForSampler, "the SDK's default sampler does not read them");
      Channel channel = channel(serve(EchoService.definition(), t.serverInterceptor()), t);
      assertEquals("x", ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "x"));
      assertThrows(StatusException.class,
          () -> ClientCalls.blockingUnary(channel, EchoService.FAIL, CallOptions.DEFAULT, "y"));
      assertEquals(List.of("CLIENT echo", "SERVER echo", "CLIENT fail", "SERVER fail"), seen);
      assertEquals(List.of("test.Echo/echo", "test.Echo/echo"),
          spans.getFinishedSpanItems().stream().map(SpanData::getName).toList());
    }
  }

  private static List<String> events(SpanData span) {
    List<String> out = new ArrayList<>();
    for (EventData e : span.getEvents()) {
      if (e.getName().equals(TripleTracing.MESSAGE_EVENT)) {
        out.add(e.getAttributes().get(TripleTracing.MESSAGE_TYPE) + " " + e.getAttributes().get(TripleTracing.MESSAGE_ID));
      }
    }
    return out;
  }

  private static SpanData find(List<SpanData> spans, String name, SpanKind kind) {
    return spans.stream().filter(s -> s.getName().equals(name) && s.getKind() == kind).findFirst()
        .orElseThrow(() -> new AssertionError(name + " " + kind + " in " + spans));
  }
}
