package io.triple.pojo.internal;

import io.triple.MethodType;
import io.triple.StreamObserver;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One method of an interface service, read as Dubbo reads it (ReflectionPackableMethod):
 *
 * <ul>
 *   <li>{@code R m(A, B, ...)} and {@code CompletableFuture<R> m(A, B, ...)}: unary;
 *   <li>{@code void m(A, StreamObserver<R>)}: server stream (one request, many responses);
 *   <li>{@code StreamObserver<A> m(StreamObserver<R>)}: bidi (Dubbo cannot tell client streams
 *       from bidi in an interface, and sends them the same way).
 * </ul>
 *
 * A method whose one parameter and result are protobuf messages travels unwrapped (plain gRPC);
 * every other one in the Triple wrappers. The {@code argTypes} a wrapper carries are the declared
 * parameter types' names, with a stream parameter named as Dubbo's StreamObserver, so that a Dubbo
 * provider resolves our calls and we resolve Dubbo's.
 */
public final class PojoMethod {
  /** How Dubbo names a StreamObserver parameter in argTypes. */
  public static final String DUBBO_STREAM_OBSERVER = "org.apache.dubbo.common.stream.StreamObserver";
  private static final List<String> STREAM_OBSERVER_NAMES =
      List.of(DUBBO_STREAM_OBSERVER, StreamObserver.class.getName(), "io.grpc.stub.StreamObserver");

  private final Method method;
  private final MethodType type;
  private final boolean async;
  private final boolean protobuf;
  private final Class<?>[] requestTypes;
  private final Type[] genericRequestTypes;
  private final Class<?> responseType;
  private final Type genericResponseType;
  private final List<String> argTypes;

  private PojoMethod(Method method) {
    this.method = method;
    Class<?>[] params = method.getParameterTypes();
    Type[] generic = method.getGenericParameterTypes();
    Class<?> ret = method.getReturnType();
    int streams = (int) Arrays.stream(params).filter(PojoMethod::isStreamObserver).count();
    if (streams > 1) {
      throw invalid(method, "more than one StreamObserver parameter");
    }
    if (isStreamObserver(ret)) {
      if (params.length != 1 || streams != 1) {
        throw invalid(method, "a method returning StreamObserver (bidi) takes exactly one StreamObserver parameter");
      }
      type = MethodType.BIDI_STREAMING;
      async = false;
      genericRequestTypes = new Type[] {typeArgument(method.getGenericReturnType(), method)};
      genericResponseType = typeArgument(generic[0], method);
    } else if (streams == 1) {
      if (params.length != 2 || !isStreamObserver(params[1]) || ret != void.class) {
        throw invalid(method, "a server-stream method is void m(Request, StreamObserver<Response>)");
      }
      type = MethodType.SERVER_STREAMING;
      async = false;
      genericRequestTypes = new Type[] {generic[0]};
      genericResponseType = typeArgument(generic[1], method);
    } else {
      type = MethodType.UNARY;
      async = CompletableFuture.class == ret || CompletionStage.class == ret;
      genericRequestTypes = generic;
      genericResponseType = async ? typeArgument(method.getGenericReturnType(), method) : method.getGenericReturnType();
    }
    requestTypes = Arrays.stream(genericRequestTypes).map(PojoMethod::rawClass).toArray(Class<?>[]::new);
    responseType = rawClass(genericResponseType);
    protobuf = requestTypes.length == 1 && isProtobuf(requestTypes[0]) && isProtobuf(responseType);
    List<String> names = new ArrayList<>();
    for (Class<?> c : requestTypes) {
      names.add(c.getName());
    }
    if (type == MethodType.SERVER_STREAMING) {
      names.add(DUBBO_STREAM_OBSERVER);
    }
    argTypes = List.copyOf(names);
  }

  /** Reads {@code method}; throws IllegalArgumentException naming it if its shape is not one of the above. */
  public static PojoMethod of(Method method) {
    return new PojoMethod(method);
  }

  public Method method() {
    return method;
  }

  public String name() {
    return method.getName();
  }

  public MethodType type() {
    return type;
  }

  /** Returns a CompletableFuture (or CompletionStage). */
  public boolean isAsync() {
    return async;
  }

  /** Travels as plain protobuf, without the wrappers. */
  public boolean isProtobuf() {
    return protobuf;
  }

  /** The request values' classes: the parameters (unary), the request (server stream), the stream's element (bidi). */
  public Class<?>[] requestTypes() {
    return requestTypes.clone();
  }

  public Type[] genericRequestTypes() {
    return genericRequestTypes.clone();
  }

  /** The response values' class: the result (unwrapped from a future) or the stream's element; void.class for void. */
  public Class<?> responseType() {
    return responseType;
  }

  public Type genericResponseType() {
    return genericResponseType;
  }

  /** What the wrapper's argTypes say for this method. */
  public List<String> argTypes() {
    return argTypes;
  }

  /**
   * Whether a request's argTypes name this method: the same names in order, a stream parameter
   * under any StreamObserver's name. Empty argTypes match a method of that arity (some callers
   * send none for methods without overloads).
   */
  public boolean matches(List<String> wireArgTypes) {
    if (wireArgTypes.isEmpty()) {
      return true;
    }
    if (wireArgTypes.size() != argTypes.size()) {
      return false;
    }
    for (int i = 0; i < argTypes.size(); i++) {
      String mine = argTypes.get(i);
      String theirs = wireArgTypes.get(i);
      if (!mine.equals(theirs)
          && !(mine.equals(DUBBO_STREAM_OBSERVER) && STREAM_OBSERVER_NAMES.contains(theirs))) {
        return false;
      }
    }
    return true;
  }

  public static boolean isStreamObserver(Class<?> c) {
    return STREAM_OBSERVER_NAMES.contains(c.getName()) || StreamObserver.class.isAssignableFrom(c);
  }

  static boolean isProtobuf(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      if (k.getName().equals("com.google.protobuf.GeneratedMessage")
          || k.getName().equals("com.google.protobuf.GeneratedMessageV3")
          || k.getName().equals("com.google.protobuf.GeneratedMessageLite")) {
        return true;
      }
    }
    return false;
  }

  private static Type typeArgument(Type t, Method m) {
    if (t instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
      return p.getActualTypeArguments()[0];
    }
    return Object.class;
  }

  static Class<?> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return rawClass(p.getRawType());
    }
    if (t instanceof java.lang.reflect.GenericArrayType a) {
      return java.lang.reflect.Array.newInstance(rawClass(a.getGenericComponentType()), 0).getClass();
    }
    return Object.class;
  }

  private static IllegalArgumentException invalid(Method m, String why) {
    return new IllegalArgumentException(m.getDeclaringClass().getName() + "." + m.getName() + ": " + why);
  }

  @Override
  public String toString() {
    return method.getDeclaringClass().getName() + "." + name() + argTypes;
  }
}
