package io.triple.pojo.internal;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ForwardingClientCall;
import io.triple.ForwardingClientCallListener;
import io.triple.Marshaller;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.DubboGenericException;
import io.triple.pojo.spi.Serialization;
import io.triple.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The proxy behind an interface reference: each call is wrapped as Dubbo's consumers wrap it
 * (or sent as plain protobuf), and a reply is read in the serialization it names (Dubbo 3.3
 * providers may answer in another one than asked under concurrent callers). A reply flagged with
 * {@code tri-exception-code} is the provider's business exception: thrown here as that class with
 * its message when the allow list lets it load, otherwise as UNKNOWN naming it.
 */
public final class ClientMethods implements InvocationHandler {
  private final Class<?> iface;
  private final String serviceName;
  private final Channel channel;
  private final Serialization serialization;
  private final ClassGuard guard;
  private final Supplier<CallOptions> options;
  private final Map<Method, Bound> bound = new ConcurrentHashMap<>();

  public ClientMethods(Class<?> iface, String serviceName, Channel channel, Serialization serialization,
      ClassGuard guard, Supplier<CallOptions> options) {
    this.iface = iface;
    this.serviceName = serviceName;
    this.channel = channel;
    this.serialization = serialization;
    this.guard = guard;
    this.options = options;
  }

  /** A method with its descriptor, made on first use. */
  private record Bound(PojoMethod method, MethodDescriptor<Object, Object> descriptor) {}

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "toString" -> iface.getName() + " proxy to " + channel.authority();
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> throw new UnsupportedOperationException(method.getName());
      };
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    Bound b = bound.computeIfAbsent(method, this::bind);
    Object[] a = args == null ? new Object[0] : args;
    return switch (b.method().type()) {
      case UNARY -> declared(method, () -> unary(b, a));
      case SERVER_STREAMING -> serverStream(b, a);
      default -> bidi(b, a);
    };
  }

  private interface Call {
    Object run() throws Throwable;
  }

  /**
   * Runs {@code call}; a checked exception {@code method} does not declare (the provider threw
   * one its interface does not list) becomes UNKNOWN naming it, instead of the proxy's
   * UndeclaredThrowableException.
   */
  private static Object declared(Method method, Call call) throws Throwable {
    try {
      return call.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      for (Class<?> declared : method.getExceptionTypes()) {
        if (declared.isInstance(t)) {
          throw t;
        }
      }
      throw Status.UNKNOWN.withDescription(method.getName() + " threw " + t.getClass().getName()
          + (t.getMessage() != null ? ": " + t.getMessage() : "")).withCause(t).asException();
    }
  }

  /** The options of one call: the proxy's, with the attachments set for this thread's next call. */
  private CallOptions callOptions() {
    CallOptions o = options.get();
    io.triple.Metadata attachments = io.triple.pojo.Attachments.take();
    return attachments == null ? o : o.withMetadata(attachments);
  }

  @SuppressWarnings("unchecked")
  private Bound bind(Method method) {
    PojoMethod m = PojoMethod.of(method);
    Marshaller<Object> req;
    Marshaller<Object> resp;
    if (m.isProtobuf()) {
      req = ProtobufMethods.marshaller(m.requestTypes()[0]);
      resp = ProtobufMethods.marshaller(m.responseType());
    } else {
      req = (Marshaller<Object>) (Marshaller<?>) Wrappers.REQUEST;
      resp = (Marshaller<Object>) (Marshaller<?>) Wrappers.RESPONSE;
    }
    return new Bound(m, MethodDescriptor.of(serviceName, m.name(), m.type(), req, resp));
  }

  // ---- unary ----------------------------------------------------------------------------------

  private Object unary(Bound b, Object[] args) throws Throwable {
    PojoMethod m = b.method();
    Object request = m.isProtobuf() ? args[0] : PojoCodec.request(serialization, m, args);
    ExceptionFlag flag = new ExceptionFlag();
    Channel c = flag.watching(channel);
    if (m.isAsync()) {
      return ClientCalls.futureUnary(c, b.descriptor(), callOptions(), request)
          .thenApply(reply -> {
            try {
              return result(m, reply, flag.raised);
            } catch (Throwable t) {
              throw new java.util.concurrent.CompletionException(t);
            }
          });
    }
    Object reply = ClientCalls.blockingUnary(c, b.descriptor(), callOptions(), request);
    return result(m, reply, flag.raised);
  }

  /** The value of {@code reply}, or throws the business exception it carries. */
  private Object result(PojoMethod m, Object reply, boolean exception) throws Throwable {
    if (m.isProtobuf()) {
      return reply;
    }
    Wrappers.Response r = (Wrappers.Response) reply;
    Serialization s = replySerialization(m, r);
    if (!exception) {
      return PojoCodec.read(s, r.data(), m.responseType(), m.genericResponseType(), guard, "the result of " + m);
    }
    throw businessException(m, s, r);
  }

  private Throwable businessException(PojoMethod m, Serialization s, Wrappers.Response r) {
    try {
      Object e = s.read(new ByteArrayInputStream(r.data()), Throwable.class, Throwable.class,
          DubboGenericException.mapping(guard));
      if (e instanceof DubboGenericException g) {
        return fromGenericException(m, g);
      }
      if (e instanceof Throwable t) {
        t.fillInStackTrace(); // show the caller's stack, as a local exception would; the message is the provider's
        return t;
      }
      return Status.UNKNOWN.withDescription(m + " failed on the provider: " + e).asException();
    } catch (ClassRefusedException e) {
      return Status.UNKNOWN.withDescription(m + " threw " + e.className() + " on the provider, which this"
          + " caller cannot load (" + e.getMessage() + ")").asException();
    } catch (Exception e) {
      return Status.UNKNOWN.withDescription(m + " threw an exception on the provider that this caller cannot read: "
          + e).withCause(e).asException();
    }
  }

  /**
   * The exception a Dubbo provider's GenericException describes: that class with its message when
   * the guard allows it and it has a (String) constructor, otherwise UNKNOWN naming class and
   * message.
   */
  private Throwable fromGenericException(PojoMethod m, DubboGenericException g) {
    String name = g.exceptionClass();
    if (name != null && guard.allows(name)) {
      try {
        Class<?> c = guard.load(name);
        if (Throwable.class.isAssignableFrom(c)) {
          return (Throwable) c.getConstructor(String.class).newInstance(g.exceptionMessage());
        }
      } catch (ClassRefusedException | ReflectiveOperationException | RuntimeException | LinkageError notThat) {
        // described below instead
      }
    }
    return Status.UNKNOWN.withDescription(m + " threw " + name + " on the provider"
        + (g.exceptionMessage() != null ? ": " + g.exceptionMessage() : "")).asException();
  }

  private Serialization replySerialization(PojoMethod m, Wrappers.Response r) {
    if (r.serializeType().isEmpty()) {
      return serialization;
    }
    Serialization s = Serializations.installed().get(Wrappers.fromWireName(r.serializeType()));
    if (s == null) {
      throw Status.INTERNAL.withDescription("the reply to " + m + " is in serialization '" + r.serializeType()
          + "', which is not installed here").asException();
    }
    return s;
  }

  // ---- streams --------------------------------------------------------------------------------

  private Object serverStream(Bound b, Object[] args) throws StatusException {
    PojoMethod m = b.method();
    @SuppressWarnings("unchecked")
    StreamObserver<Object> out = (StreamObserver<Object>) args[1];
    Object request = m.isProtobuf() ? args[0] : PojoCodec.request(serialization, m, new Object[] {args[0]});
    ClientCalls.serverStreaming(channel, b.descriptor(), callOptions(), request, unwrapping(m, out));
    return null;
  }

  private Object bidi(Bound b, Object[] args) {
    PojoMethod m = b.method();
    @SuppressWarnings("unchecked")
    StreamObserver<Object> out = (StreamObserver<Object>) args[0];
    StreamObserver<Object> requests = ClientCalls.bidiStreaming(channel, b.descriptor(), callOptions(),
        unwrapping(m, out));
    if (m.isProtobuf()) {
      return requests;
    }
    return new StreamObserver<Object>() {
      @Override
      public void onNext(Object value) {
        requests.onNext(PojoCodec.request(serialization, m, new Object[] {value}));
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

  private StreamObserver<Object> unwrapping(PojoMethod m, StreamObserver<Object> out) {
    if (m.isProtobuf()) {
      return out;
    }
    return new StreamObserver<>() {
      @Override
      public void onNext(Object reply) {
        Wrappers.Response r = (Wrappers.Response) reply;
        out.onNext(PojoCodec.read(replySerialization(m, r), r.data(), m.responseType(), m.genericResponseType(),
            guard, "a response of " + m));
      }

      @Override
      public void onError(Throwable t) {
        out.onError(t);
      }

      @Override
      public void onCompleted() {
        out.onCompleted();
      }
    };
  }

  /** Notes whether the reply's headers say it carries an exception. */
  private static final class ExceptionFlag {
    volatile boolean raised;

    Channel watching(Channel channel) {
      return new Channel() {
        @Override
        public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions o) {
          return new ForwardingClientCall<>(channel.newCall(method, o)) {
            @Override
            public void start(Listener<RespT> listener, Metadata headers) {
              super.start(new ForwardingClientCallListener<>(listener) {
                @Override
                public void onHeaders(Metadata h) {
                  String code = h.get(ServerMethods.EXCEPTION_CODE_HEADER);
                  raised = code != null && !code.equals("0");
                  super.onHeaders(h);
                }
              }, headers);
            }
          };
        }

        @Override
        public String authority() {
          return channel.authority();
        }
      };
    }
  }
}
