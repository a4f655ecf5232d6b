package io.triple.pojo.internal;

import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerCallHandler;
import io.triple.ServerContext;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.Serialization;
import io.triple.stub.ServerCalls;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an interface's implementation on Triple as Dubbo's providers do: one gRPC method per
 * method name ({@code /{interface}/{method}}), overloads told apart by the request wrapper's
 * argTypes, arguments read in the serialization the request names (if this server accepts it),
 * the answer written in that same serialization. A business exception (anything the
 * implementation throws that is not a {@link StatusException}) goes back as Dubbo sends it: the
 * response header {@code tri-exception-code: 3}, the serialized exception as the message and
 * status OK, so a Java caller gets the same exception class and message.
 */
public final class ServerMethods {
  private static final Logger log = LoggerFactory.getLogger(ServerMethods.class);
  /** Response header Dubbo's callers read: 3 is a business exception (RpcException.BIZ_EXCEPTION). */
  public static final String EXCEPTION_CODE_HEADER = "tri-exception-code";
  public static final String BIZ_EXCEPTION = "3";

  private final Class<?> iface;
  private final Object impl;
  private final ClassGuard guard;
  private final Set<String> accepted;

  public ServerMethods(Class<?> iface, Object impl, ClassGuard guard, Set<String> acceptedSerializations) {
    this.iface = iface;
    this.impl = impl;
    this.guard = guard;
    this.accepted = acceptedSerializations;
  }

  public ServiceDefinition definition() {
    Map<String, List<PojoMethod>> byName = new LinkedHashMap<>();
    for (Method m : iface.getMethods()) {
      if (m.getDeclaringClass() == Object.class || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      byName.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(PojoMethod.of(m));
    }
    ServiceDefinition.Builder b = ServiceDefinition.builder(iface.getName());
    for (Map.Entry<String, List<PojoMethod>> e : byName.entrySet()) {
      addMethod(b, e.getKey(), e.getValue());
    }
    new GenericMethods(this, iface, byName, guard).addTo(b); // $invoke, $invokeAsync, $echo, as Dubbo's providers
    return b.build();
  }

  private void addMethod(ServiceDefinition.Builder b, String name, List<PojoMethod> overloads) {
    PojoMethod first = overloads.get(0);
    for (PojoMethod m : overloads) {
      if (m.type() != first.type() || m.isProtobuf() != first.isProtobuf()) {
        throw new IllegalArgumentException(iface.getName() + "." + name + ": overloads must share one shape"
            + " (unary, server stream or bidi) and be all wrapped or all protobuf; found " + overloads);
      }
    }
    if (first.isProtobuf()) {
      if (overloads.size() > 1) {
        throw new IllegalArgumentException(iface.getName() + "." + name + ": protobuf methods cannot be overloaded");
      }
      addProtobuf(b, first);
      return;
    }
    MethodDescriptor<Wrappers.Request, Wrappers.Response> d =
        MethodDescriptor.of(iface.getName(), name, first.type(), JsonCalls.requestMarshaller(),
            JsonCalls.responseMarshaller()); // JSON forms for plain-HTTP calls when a codec is installed
    ServerCallHandler<Wrappers.Request, Wrappers.Response> h = switch (first.type()) {
      case UNARY -> ServerCalls.unaryCall(req -> unary(overloads, req));
      case SERVER_STREAMING -> ServerCalls.serverStreamingCall((Wrappers.Request req,
          StreamObserver<Wrappers.Response> out) -> serverStream(overloads, req, out));
      default -> ServerCalls.bidiStreamingCall(out -> bidi(overloads.get(0), out));
    };
    b.addMethod(d, h);
  }

  @SuppressWarnings("unchecked")
  private void addProtobuf(ServiceDefinition.Builder b, PojoMethod m) {
    Marshaller<Object> req = ProtobufMethods.marshaller(m.requestTypes()[0]);
    Marshaller<Object> resp = ProtobufMethods.marshaller(m.responseType());
    MethodDescriptor<Object, Object> d = MethodDescriptor.of(iface.getName(), m.name(), m.type(), req, resp);
    ServerCallHandler<Object, Object> h = switch (m.type()) {
      case UNARY -> ServerCalls.unaryCall(r -> {
        try {
          Object result = invoke(m, new Object[] {r});
          return m.isAsync() ? (CompletionStage<Object>) result : CompletableFuture.completedFuture(result);
        } catch (Throwable t) {
          return CompletableFuture.failedFuture(asStatus(m, t));
        }
      });
      case SERVER_STREAMING -> ServerCalls.serverStreamingCall((Object r, StreamObserver<Object> out) -> {
        try {
          invoke(m, new Object[] {r, out});
        } catch (Throwable t) {
          out.onError(asStatus(m, t));
        }
      });
      default -> ServerCalls.bidiStreamingCall(out -> {
        try {
          return (StreamObserver<Object>) invoke(m, new Object[] {out});
        } catch (Throwable t) {
          throw asStatus(m, t);
        }
      });
    };
    b.addMethod(d, h);
  }

  // ---- unary ----------------------------------------------------------------------------------

  private CompletionStage<Wrappers.Response> unary(List<PojoMethod> overloads, Wrappers.Request req) {
    ServerContext ctx = ServerContext.current();
    PojoMethod m;
    Serialization s;
    Object result;
    try {
      Object[] args;
      if (JsonCalls.isJson(req)) { // a plain-HTTP call with application/json
        JsonCalls.Call call = JsonCalls.decode(jsonCodec(), overloads, req, guard);
        m = call.method();
        s = JsonCalls.results(jsonCodec());
        args = call.args();
      } else {
        m = resolve(overloads, req);
        s = serialization(req);
        args = PojoCodec.arguments(s, m, req, guard);
      }
      result = invoke(m, args);
    } catch (StatusException e) {
      return CompletableFuture.failedFuture(e);
    } catch (Throwable t) {
      return CompletableFuture.completedFuture(businessException(ctx, overloads.get(0),
          JsonCalls.isJson(req) ? JsonCalls.results(JsonCalls.codec()) : serializationOrNull(req), t));
    }
    if (!m.isAsync()) {
      return CompletableFuture.completedFuture(response(ctx, m, s, result));
    }
    if (result == null) {
      return CompletableFuture.failedFuture(Status.INTERNAL.withDescription(m + " returned a null future").asException());
    }
    return ((CompletionStage<?>) result).handle((value, error) -> {
      if (error != null) {
        return businessException(ctx, m, s, unwrap(error));
      }
      return response(ctx, m, s, value);
    });
  }

  Wrappers.Response response(ServerContext ctx, PojoMethod m, Serialization s, Object value) {
    return new Wrappers.Response(Wrappers.toWireName(s.name()), PojoCodec.write(s, value, m.responseType()),
        m.responseType().getName());
  }

  /**
   * The exception, serialized, with {@code tri-exception-code: 3}; a StatusException (or one that
   * cannot be serialized) ends the call with its status instead.
   */
  Wrappers.Response businessException(ServerContext ctx, PojoMethod m, Serialization s, Throwable t) {
    StatusException status = statusOf(t);
    if (status != null) {
      throw status;
    }
    if (s == null || JsonCalls.isJson(s)) {
      throw asStatus(m, t); // over plain HTTP: UNKNOWN (500) naming the exception's class and message
    }
    log.debug("{} threw {}", m, t.toString());
    byte[] data;
    try {
      data = PojoCodec.write(s, t, Throwable.class);
    } catch (StatusException e) {
      log.warn("{} threw {}, which {} cannot serialize; the caller gets UNKNOWN", m, t, s.name(), e);
      throw asStatus(m, t);
    }
    ctx.responseHeaders().put(EXCEPTION_CODE_HEADER, BIZ_EXCEPTION);
    return new Wrappers.Response(Wrappers.toWireName(s.name()), data, m.responseType().getName());
  }

  // ---- streams --------------------------------------------------------------------------------

  private void serverStream(List<PojoMethod> overloads, Wrappers.Request req, StreamObserver<Wrappers.Response> out) {
    try {
      PojoMethod m;
      Serialization s;
      Object[] args;
      if (JsonCalls.isJson(req)) { // server-sent events of JSON
        JsonCalls.Call call = JsonCalls.decode(jsonCodec(), overloads, req, guard);
        m = call.method();
        s = JsonCalls.results(jsonCodec());
        args = call.args();
      } else {
        m = resolve(overloads, req);
        s = serialization(req);
        args = PojoCodec.arguments(s, m, req, guard);
      }
      invoke(m, new Object[] {args[0], new WrappingObserver(m, s, out)});
    } catch (Throwable t) {
      out.onError(streamError(t));
    }
  }

  @SuppressWarnings("unchecked")
  private StreamObserver<Wrappers.Request> bidi(PojoMethod m, StreamObserver<Wrappers.Response> out) {
    WrappingObserver responses = new WrappingObserver(m, null, out);
    StreamObserver<Object> requests;
    try {
      requests = (StreamObserver<Object>) invoke(m, new Object[] {responses});
    } catch (Throwable t) {
      throw asStatus(m, t);
    }
    return new StreamObserver<>() {
      @Override
      public void onNext(Wrappers.Request req) {
        if (!m.matches(req.argTypes())) {
          throw Status.INVALID_ARGUMENT.withDescription(m + " cannot take a message of " + req.argTypes()).asException();
        }
        Serialization s = serialization(req);
        responses.serialization = s; // answers follow the caller's latest choice
        requests.onNext(PojoCodec.arguments(s, m, req, guard)[0]); // a StatusException ends the call with it
      }

      @Override
      public void onError(Throwable t) {
        requests.onError(t);
      }

      @Override
      public void onCompleted() {
        requests.onCompleted();
      }
    };
  }

  /** The implementation's observer of results: wraps each in the call's serialization. */
  private static final class WrappingObserver implements StreamObserver<Object> {
    private final PojoMethod method;
    private final StreamObserver<Wrappers.Response> out;
    volatile Serialization serialization;

    WrappingObserver(PojoMethod method, Serialization s, StreamObserver<Wrappers.Response> out) {
      this.method = method;
      this.serialization = s;
      this.out = out;
    }

    @Override
    public void onNext(Object value) {
      Serialization s = serialization != null ? serialization : Serializations.firstInstalled(List.of("hessian2"));
      out.onNext(new Wrappers.Response(Wrappers.toWireName(s.name()),
          PojoCodec.write(s, value, method.responseType()), method.responseType().getName()));
    }

    @Override
    public void onError(Throwable t) {
      out.onError(streamError(t));
    }

    @Override
    public void onCompleted() {
      out.onCompleted();
    }
  }

  // ---- shared ---------------------------------------------------------------------------------

  private PojoMethod resolve(List<PojoMethod> overloads, Wrappers.Request req) throws StatusException {
    if (overloads.size() == 1 && (req.argTypes().isEmpty() || overloads.get(0).matches(req.argTypes()))) {
      return overloads.get(0);
    }
    for (PojoMethod m : overloads) {
      if (!req.argTypes().isEmpty() && m.matches(req.argTypes())) {
        return m;
      }
    }
    if (req.argTypes().isEmpty()) {
      for (PojoMethod m : overloads) {
        if (m.requestTypes().length == req.args().size()) {
          return m;
        }
      }
    }
    List<List<String>> known = overloads.stream().map(PojoMethod::argTypes).toList();
    throw Status.UNIMPLEMENTED.withDescription("no method " + overloads.get(0).name() + req.argTypes() + " in "
        + iface.getName() + "; it has " + known).asException();
  }

  private static io.triple.pojo.spi.JsonCodec jsonCodec() throws StatusException {
    io.triple.pojo.spi.JsonCodec codec = JsonCalls.codec();
    if (codec == null) {
      throw Status.UNIMPLEMENTED.withDescription("no JSON codec is installed; add"
          + " io.triple:triple-serialization-fastjson2 to the class path").asException();
    }
    return codec;
  }

  Serialization serialization(Wrappers.Request req) throws StatusException {
    String name = Wrappers.fromWireName(req.serializeType());
    Serialization s = accepted.contains(name) ? Serializations.installed().get(name) : null;
    if (s == null) {
      throw Status.UNIMPLEMENTED.withDescription("serialization '" + req.serializeType() + "' is not accepted by "
          + iface.getName() + " (accepted: " + String.join(", ", accepted) + ")").asException();
    }
    return s;
  }

  private Serialization serializationOrNull(Wrappers.Request req) {
    try {
      return serialization(req);
    } catch (StatusException e) {
      return null;
    }
  }

  Object invoke(PojoMethod m, Object[] args) throws Throwable {
    try {
      return m.method().invoke(impl, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } catch (IllegalAccessException e) {
      throw Status.INTERNAL.withDescription("cannot call " + m + ": " + e.getMessage()).asException();
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static StatusException statusOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusException se) {
        return se;
      }
    }
    return null;
  }

  /**
   * A stream's failure as Dubbo's provider ends a stream with it (streams are never wrapped, the
   * exception itself does not travel): a StatusException as it is; anything else UNKNOWN with the
   * exception's message as the grpc-message (Dubbo's TriRpcStatus.getStatus), which Dubbo's
   * consumers show as {@code UNKNOWN : <message>}.
   */
  static StatusException streamError(Throwable t) {
    t = unwrap(t);
    StatusException s = statusOf(t);
    if (s != null) {
      return s;
    }
    return Status.UNKNOWN.withDescription(t.getMessage()).withCause(t).asException();
  }

  /** A StatusException as it is; anything else UNKNOWN naming its class and message. */
  static StatusException asStatus(PojoMethod m, Throwable t) {
    t = unwrap(t);
    StatusException s = statusOf(t);
    if (s != null) {
      return s;
    }
    return Status.UNKNOWN.withDescription(m.name() + " threw " + t.getClass().getName()
        + (t.getMessage() != null ? ": " + t.getMessage() : "")).withCause(t).asException();
  }
}
