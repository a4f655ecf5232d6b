package io.triple.pojo.testing;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.Deadline;
import io.triple.Marshaller;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerMethodDefinition;
import io.triple.ServiceDefinition;
import io.triple.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A channel to a {@link ServiceDefinition} in the same JVM, without a transport: each call's
 * messages are written with the client's marshallers and read with the server's (so the wrapper
 * encoding is exercised both ways), and its handler runs behind a minimal {@link ServerCall}.
 * Records each call (path, request headers, request bytes) for assertions on what went out.
 */
public final class LocalChannel implements Channel {
  /** One call as sent: its path, request headers and request message bytes. */
  public record Sent(String path, Metadata headers, byte[] request) {}

  private final ServiceDefinition service;
  public final List<Sent> sent = new CopyOnWriteArrayList<>();

  public LocalChannel(ServiceDefinition service) {
    this.service = service;
  }

  @Override
  public String authority() {
    return "local";
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
    return new LocalCall<>(method, options.executor());
  }

  private static <T> byte[] bytes(Marshaller<T> m, T value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      m.serialize(value, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static <T> T parse(Marshaller<T> m, byte[] data) {
    try {
      return m.parse(new ByteArrayInputStream(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final class LocalCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
    private final MethodDescriptor<ReqT, RespT> method;
    private final Executor executor;
    private Listener<RespT> listener;
    private Metadata headers;
    private byte[] request;

    LocalCall(MethodDescriptor<ReqT, RespT> method, Executor executor) {
      this.method = method;
      this.executor = executor != null ? executor : Runnable::run;
    }

    @Override
    public void start(Listener<RespT> listener, Metadata headers) {
      this.listener = listener;
      this.headers = headers;
    }

    @Override
    public void request(int n) {}

    @Override
    public void sendMessage(ReqT message) {
      request = bytes(method.requestMarshaller(), message);
    }

    @Override
    public void halfClose() {
      sent.add(new Sent(method.path(), headers, request));
      ServerMethodDefinition<?, ?> target = service.method(method.methodName());
      if (target == null || !service.serviceName().equals(method.serviceName())) {
        executor.execute(() -> listener.onClose(Status.UNIMPLEMENTED.withDescription("no " + method.path()),
            new Metadata()));
        return;
      }
      serve(target);
    }

    private <SReq, SResp> void serve(ServerMethodDefinition<SReq, SResp> target) {
      MethodDescriptor<SReq, SResp> sm = target.method();
      ServerCall<SReq, SResp> call = new ServerCall<>() {
        @Override
        public void request(int n) {}

        @Override
        public void sendHeaders(Metadata h) {
          executor.execute(() -> listener.onHeaders(h));
        }

        @Override
        public void sendMessage(SResp message) {
          RespT reply = parse(method.responseMarshaller(), bytes(sm.responseMarshaller(), message));
          executor.execute(() -> listener.onMessage(reply));
        }

        @Override
        public void close(Status status, Metadata trailers) {
          executor.execute(() -> listener.onClose(status, trailers == null ? new Metadata() : trailers));
        }

        @Override
        public boolean isCancelled() {
          return false;
        }

        @Override
        public MethodDescriptor<SReq, SResp> getMethodDescriptor() {
          return sm;
        }

        @Override
        public SocketAddress remoteAddress() {
          return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public Deadline deadline() {
          return null;
        }
      };
      ServerCallHandler<SReq, SResp> handler = target.handler();
      ServerCall.Listener<SReq> l = handler.startCall(call, headers);
      l.onMessage(parse(sm.requestMarshaller(), request));
      l.onHalfClose();
    }

    @Override
    public void cancel(String message, Throwable cause) {}
  }
}
