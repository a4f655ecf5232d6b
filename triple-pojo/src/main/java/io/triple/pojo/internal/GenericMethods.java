package io.triple.pojo.internal;

import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerContext;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.pojo.GenericService;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.DubboGenericException;
import io.triple.pojo.spi.Serialization;
import io.triple.stub.ServerCalls;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The methods every Dubbo provider answers besides its interface's: generic calls
 * ({@code /{interface}/$invoke} and {@code $invokeAsync}, arguments
 * {@code (String method, String[] parameterTypes, Object[] args)}) and {@code $echo}, served the
 * way Dubbo's GenericFilter and EchoFilter serve them, so Dubbo's generic consumers (gateways,
 * test consoles, our {@link GenericService}) can call our services.
 *
 * <p>A generic call finds the method by name and parameter type names, realizes the arguments
 * into its declared types ({@link Realizer}, under the service's class guard), invokes it and
 * sends back the result generalized ({@link Generalizer}), in the request's serialization.
 * Business exceptions go back as for a normal call. The {@code generic} request header says
 * how arguments and results are written: absent or {@code true} (maps), or {@code raw.return}
 * (result as it is); {@code nativejava} is refused with PERMISSION_DENIED (it deserializes
 * caller-chosen classes from Java serialization, which Dubbo also refuses by default), and
 * {@code bean}, {@code gson}, {@code protobuf-json} with UNIMPLEMENTED.
 */
public final class GenericMethods {
  /** The request header (Dubbo's {@code generic} attachment) naming the generic serialization. */
  public static final String GENERIC_HEADER = "generic";

  /** How Dubbo's EchoService declares it. */
  private interface Echo {
    Object $echo(Object message);
  }

  private static final PojoMethod INVOKE = shape(GenericService.class, "$invoke", String.class, String[].class,
      Object[].class);
  private static final PojoMethod INVOKE_ASYNC = shape(GenericService.class, "$invokeAsync", String.class,
      String[].class, Object[].class);
  private static final PojoMethod ECHO = shape(Echo.class, "$echo", Object.class);

  private final ServerMethods server;
  private final Class<?> iface;
  private final Map<String, List<PojoMethod>> byName;
  private final ClassGuard guard;
  private final Realizer realizer;

  GenericMethods(ServerMethods server, Class<?> iface, Map<String, List<PojoMethod>> byName, ClassGuard guard) {
    this.server = server;
    this.iface = iface;
    this.byName = byName;
    this.guard = guard;
    this.realizer = new Realizer(guard);
  }

  /** Adds {@code $invoke}, {@code $invokeAsync} and {@code $echo}, unless the interface has methods of those names. */
  void addTo(ServiceDefinition.Builder b) {
    for (PojoMethod shape : List.of(INVOKE, INVOKE_ASYNC, ECHO)) {
      if (byName.containsKey(shape.name())) {
        continue; // the interface's own method of that name wins
      }
      MethodDescriptor<Wrappers.Request, Wrappers.Response> d =
          MethodDescriptor.of(iface.getName(), shape.name(), MethodType.UNARY, Wrappers.REQUEST, Wrappers.RESPONSE);
      b.addMethod(d, ServerCalls.unaryCall(req -> shape == ECHO ? echo(req) : generic(shape, req)));
    }
  }

  private CompletionStage<Wrappers.Response> echo(Wrappers.Request req) {
    try {
      checkArgTypes(ECHO, req);
      Serialization s = server.serialization(req);
      Object message = PojoCodec.arguments(s, ECHO, req, guard)[0];
      return CompletableFuture.completedFuture(server.response(ServerContext.current(), ECHO, s, message));
    } catch (StatusException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletionStage<Wrappers.Response> generic(PojoMethod shape, Wrappers.Request req) {
    ServerContext ctx = ServerContext.current();
    Serialization s;
    PojoMethod target;
    Object[] args;
    boolean rawReturn;
    try {
      checkArgTypes(shape, req);
      s = server.serialization(req);
      rawReturn = rawReturn(ctx.requestHeaders().get(GENERIC_HEADER));
      Object[] wire = PojoCodec.arguments(s, shape, req, guard);
      if (!(wire[0] instanceof String name) || !(wire[1] == null || wire[1] instanceof String[])
          || !(wire[2] == null || wire[2] instanceof Object[])) {
        throw Status.INVALID_ARGUMENT.withDescription(shape.name() + " takes (String method, String[]"
            + " parameterTypes, Object[] args) with a method name").asException();
      }
      target = find(name.trim(), (String[]) wire[1], (Object[]) wire[2]);
      args = realize(target, (Object[]) wire[2]);
    } catch (StatusException e) {
      return CompletableFuture.failedFuture(e);
    }
    Object result;
    try {
      result = server.invoke(target, args);
    } catch (Throwable t) {
      return CompletableFuture.completedFuture(server.businessException(ctx, shape, s, asGeneric(t)));
    }
    if (!target.isAsync()) {
      return CompletableFuture.completedFuture(reply(ctx, shape, s, result, rawReturn));
    }
    if (result == null) {
      return CompletableFuture.failedFuture(Status.INTERNAL.withDescription(target + " returned a null future")
          .asException());
    }
    return ((CompletionStage<?>) result).handle((value, error) -> error != null
        ? server.businessException(ctx, shape, s, asGeneric(ServerMethods.unwrap(error)))
        : reply(ctx, shape, s, value, rawReturn));
  }

  /**
   * A generic call's exception as Dubbo's providers answer it (GenericFilter): its class name and
   * message in Dubbo's GenericException, which a generic consumer can read without the class; a
   * StatusException stays the call's status.
   */
  private static Throwable asGeneric(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StatusException) {
        return t;
      }
    }
    return new DubboGenericException(t);
  }

  private Wrappers.Response reply(ServerContext ctx, PojoMethod shape, Serialization s, Object value, boolean raw) {
    Object out;
    try {
      out = raw ? value : Generalizer.generalize(value);
    } catch (RuntimeException e) {
      throw Status.INTERNAL.withDescription("cannot generalize the result: " + e.getMessage()).withCause(e)
          .asException();
    }
    return server.response(ctx, shape, s, out);
  }

  /**
   * The form the {@code generic} header asks for: false for maps (absent, empty or "true"), true
   * for the result as it is ("raw.return"); others refused.
   */
  static boolean rawReturn(String generic) throws StatusException {
    if (generic == null || generic.isBlank() || generic.equalsIgnoreCase("true")) {
      return false;
    }
    if (generic.equals("raw.return")) {
      return true;
    }
    if (generic.equalsIgnoreCase("nativejava")) {
      throw Status.PERMISSION_DENIED.withDescription("generic=nativejava is refused: it reads Java-serialized"
          + " arguments of the caller's choosing (Dubbo refuses it by default too); use generic=true").asException();
    }
    String known = List.of("bean", "gson", "protobuf-json").contains(generic.toLowerCase(Locale.ROOT))
        ? "is not supported" : "is unknown";
    throw Status.UNIMPLEMENTED.withDescription("generic=" + generic + " " + known
        + " here (supported: true, raw.return)").asException();
  }

  private static void checkArgTypes(PojoMethod shape, Wrappers.Request req) throws StatusException {
    if (!shape.matches(req.argTypes())) {
      throw Status.INVALID_ARGUMENT.withDescription(shape.name() + " takes " + shape.argTypes() + ", not "
          + req.argTypes()).asException();
    }
  }

  /**
   * The method named {@code name} with parameters named {@code types} (each as
   * {@link Class#getName()} or, as Dubbo's GenericImplFilter writes arrays, {@code int[]}); with
   * no types, the only method of that name, or the only one taking {@code args.length}.
   */
  private PojoMethod find(String name, String[] types, Object[] args) throws StatusException {
    List<PojoMethod> candidates = byName.getOrDefault(name, List.of());
    if (candidates.isEmpty()) {
      throw Status.UNIMPLEMENTED.withDescription("no method " + name + " in " + iface.getName()).asException();
    }
    PojoMethod found = null;
    if (types != null && types.length > 0) {
      for (PojoMethod m : candidates) {
        if (parametersNamed(m, types)) {
          found = m;
          break;
        }
      }
      if (found == null) {
        throw Status.UNIMPLEMENTED.withDescription("no method " + name + List.of(types) + " in " + iface.getName()
            + "; it has " + candidates.stream().map(PojoMethod::argTypes).toList()).asException();
      }
    } else if (candidates.size() == 1) {
      found = candidates.get(0);
    } else {
      int n = args == null ? 0 : args.length;
      List<PojoMethod> sameArity = candidates.stream().filter(m -> m.method().getParameterCount() == n).toList();
      if (sameArity.size() != 1) {
        throw Status.INVALID_ARGUMENT.withDescription(iface.getName() + "." + name + " is overloaded: name the"
            + " parameter types (" + candidates.stream().map(PojoMethod::argTypes).toList() + ")").asException();
      }
      found = sameArity.get(0);
    }
    if (found.type() != MethodType.UNARY || found.isProtobuf()) {
      throw Status.UNIMPLEMENTED.withDescription(found + " cannot be called generically: only unary methods"
          + " with wrapped (non-protobuf) arguments can").asException();
    }
    return found;
  }

  private static boolean parametersNamed(PojoMethod m, String[] types) {
    Class<?>[] params = m.method().getParameterTypes();
    if (params.length != types.length) {
      return false;
    }
    for (int i = 0; i < params.length; i++) {
      if (!params[i].getName().equals(types[i]) && !dubboName(params[i]).equals(types[i])) {
        return false;
      }
    }
    return true;
  }

  /** Dubbo's ReflectUtils.getName: {@code int[][]} for {@code [[I}. */
  private static String dubboName(Class<?> c) {
    StringBuilder dims = new StringBuilder();
    while (c.isArray()) {
      dims.append("[]");
      c = c.getComponentType();
    }
    return c.getName() + dims;
  }

  private Object[] realize(PojoMethod m, Object[] args) throws StatusException {
    try {
      return realizer.realizeArguments(args, m.method().getGenericParameterTypes());
    } catch (ClassRefusedException e) {
      throw Status.PERMISSION_DENIED.withDescription("arguments of " + m + ": " + e.getMessage()).asException();
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT.withDescription("arguments of " + m + ": " + e.getMessage()).asException();
    }
  }

  private static PojoMethod shape(Class<?> owner, String name, Class<?>... params) {
    try {
      return PojoMethod.of(owner.getMethod(name, params));
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }
}
