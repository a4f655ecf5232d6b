package io.triple.netty.internal;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.triple.JsonMarshaller;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerCall;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.server.ServerStreamSettings;
import io.triple.netty.internal.server.ServerTransportSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tiny service for the handler tests, whose handlers run on the calling thread (a direct
 * executor: the embedded channel's thread is the test's), and a server connection built on an
 * {@link EmbeddedChannel} by the real {@link ServerConnectionInitializer}.
 *
 * <ul>
 *   <li>{@code test.Echo/Unary} answers "hello " + the request, with a response header and a
 *       trailer;
 *   <li>{@code test.Echo/Hang} takes messages and never answers; the test ends it through
 *       {@link #hanging}.
 *   <li>{@code test.Echo/Count} (server streaming) answers "x-1" and "x-2" to "x", with a trailer;
 *   <li>{@code test.Echo/Join} (client streaming) answers its requests joined with "+";
 *   <li>{@code test.Echo/Stall} (client streaming) asks for no message until the test does,
 *       through {@link #hanging}.
 * </ul>
 *
 * What the handlers saw is in {@link #events}, in order.
 */
public final class TestService {
  static final String NAME = "test.Echo";

  /** Strings as messages; their JSON form is a JSON string (no escapes: tests send plain text). */
  static final JsonMarshaller<String> STRINGS = new JsonMarshaller<>() {
    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public String parseJson(String json) throws IOException {
      String s = json.strip();
      if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
        throw new IOException("not a JSON string: " + json);
      }
      return s.substring(1, s.length() - 1);
    }

    @Override
    public String toJson(String value) {
      return '"' + value + '"';
    }
  };

  public static final MethodDescriptor<String, String> UNARY =
      MethodDescriptor.of(NAME, "Unary", MethodType.UNARY, STRINGS, STRINGS);
  static final MethodDescriptor<String, String> HANG =
      MethodDescriptor.of(NAME, "Hang", MethodType.BIDI_STREAMING, STRINGS, STRINGS);

  static final MethodDescriptor<String, String> COUNT =
      MethodDescriptor.of(NAME, "Count", MethodType.SERVER_STREAMING, STRINGS, STRINGS);
  static final MethodDescriptor<String, String> JOIN =
      MethodDescriptor.of(NAME, "Join", MethodType.CLIENT_STREAMING, STRINGS, STRINGS);

  static final MethodDescriptor<String, String> STALL =
      MethodDescriptor.of(NAME, "Stall", MethodType.CLIENT_STREAMING, STRINGS, STRINGS);

  public final List<String> events = new ArrayList<>();
  public final List<ServerCall<String, String>> hanging = new ArrayList<>();

  public MethodRegistry registry() {
    ServiceDefinition def = ServiceDefinition.builder(NAME)
        .addMethod(UNARY, this::unary)
        .addMethod(HANG, this::hang)
        .addMethod(COUNT, this::count)
        .addMethod(JOIN, this::join)
        .addMethod(STALL, (call, headers) -> {
          hanging.add(call);
          return new Recorder();
        })
        .build();
    return new MethodRegistry(List.of(def));
  }

  private ServerCall.Listener<String> unary(ServerCall<String, String> call, Metadata headers) {
    call.request(1);
    return new Recorder() {
      private String request;

      @Override
      public void onMessage(String message) {
        super.onMessage(message);
        request = message;
      }

      @Override
      public void onHalfClose() {
        super.onHalfClose();
        call.sendHeaders(new Metadata().add("x-answer", "h"));
        call.sendMessage("hello " + request);
        call.close(Status.OK, new Metadata().add("x-trailer", "t"));
      }
    };
  }

  private ServerCall.Listener<String> count(ServerCall<String, String> call, Metadata headers) {
    call.request(1);
    return new Recorder() {
      private String request;

      @Override
      public void onMessage(String message) {
        super.onMessage(message);
        request = message;
      }

      @Override
      public void onHalfClose() {
        super.onHalfClose();
        call.sendMessage(request + "-1");
        call.sendMessage(request + "-2");
        call.close(Status.OK, new Metadata().add("x-trailer", "t"));
      }
    };
  }

  private ServerCall.Listener<String> join(ServerCall<String, String> call, Metadata headers) {
    call.request(1);
    return new Recorder() {
      private final List<String> got = new ArrayList<>();

      @Override
      public void onMessage(String message) {
        super.onMessage(message);
        got.add(message);
        call.request(1);
      }

      @Override
      public void onHalfClose() {
        super.onHalfClose();
        call.sendMessage(String.join("+", got));
        call.close(Status.OK, new Metadata());
      }
    };
  }

  private ServerCall.Listener<String> hang(ServerCall<String, String> call, Metadata headers) {
    hanging.add(call);
    call.request(Integer.MAX_VALUE);
    return new Recorder();
  }

  /** Records every callback in {@link #events}. */
  private class Recorder extends ServerCall.Listener<String> {
    @Override
    public void onMessage(String message) {
      events.add("message " + message);
    }

    @Override
    public void onHalfClose() {
      events.add("halfClose");
    }

    @Override
    public void onCancel() {
      events.add("cancel");
    }

    @Override
    public void onComplete() {
      events.add("complete");
    }
  }

  /** A gRPC request's headers for {@code method} of this service. */
  public static Http2Headers grpcRequest(String method) {
    return new DefaultHttp2Headers()
        .method("POST")
        .scheme("http")
        .path("/" + NAME + "/" + method)
        .authority("localhost")
        .set("content-type", "application/grpc")
        .set("te", "trailers");
  }

  /** Server transport settings as TripleServer's defaults would be, with keepalive off. */
  public static ServerTransportSettings transport(long gracefulShutdownTimeoutMillis) {
    return new ServerTransportSettings(
        100, // maxConcurrentStreams
        8192, // maxHeaderListSize
        1024 * 1024, // initialWindowSize
        false, // autoTuneWindow: its PINGs would be frames the tests do not expect
        gracefulShutdownTimeoutMillis,
        0, 0, // keepAliveTime, keepAliveTimeout: off
        TimeUnit.MINUTES.toNanos(5), false, // permitKeepAliveTime, permitKeepAliveWithoutCalls
        0, 0, 0, // maxConnectionIdle, maxConnectionAge, maxConnectionAgeGrace
        TimeUnit.SECONDS.toNanos(20), // handshakeTimeout
        null, // cleartext
        null); // no connection listener
  }

  /**
   * An accepted cleartext connection as the server sets it up: the initializer's protocol sniffer
   * first, which adds the HTTP/2 or HTTP/1.1 pipeline when the peer's first bytes come in.
   */
  public EmbeddedChannel serverConnection(ServerTransportSettings transport, int maxInboundMessageSize) {
    ServerConnectionInitializer init = new ServerConnectionInitializer(registry(),
        new ServerStreamSettings(Runnable::run, maxInboundMessageSize), transport,
        new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), () -> false);
    return new EmbeddedChannel(init);
  }
}
