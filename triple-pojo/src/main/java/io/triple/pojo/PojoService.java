package io.triple.pojo;

import io.triple.ServiceDefinition;
import io.triple.pojo.internal.Serializations;
import io.triple.pojo.internal.ServerMethods;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Serves a plain Java interface (no .proto) on Triple, wire-compatible with Apache Dubbo's
 * interface services: Dubbo's consumers (and ours, {@link PojoClient}) call it on
 * {@code /{interface}/{method}} with hessian2 or fastjson2 arguments in Dubbo's request wrapper.
 *
 * <pre>{@code
 * ServiceDefinition orders = PojoService.builder(OrderService.class, new OrderServiceImpl()).build();
 * TripleServer.builder().port(50051).addService(orders).build().start();
 * }</pre>
 *
 * Method shapes: {@code R m(A...)}, {@code CompletableFuture<R> m(A...)} (the handler thread is
 * released while the future runs), {@code void m(A, StreamObserver<R>)} (server stream),
 * {@code StreamObserver<A> m(StreamObserver<R>)} (bidi); overloads; a method taking and returning
 * protobuf messages is served as plain gRPC, as Dubbo does. Deserialization is guarded by a
 * {@link ClassAllowList} (STRICT by default: the interface's signature types and a safe JDK set).
 *
 * <p>Like a Dubbo provider, the service also answers generic calls ({@code $invoke} and
 * {@code $invokeAsync}: any unary method by name, arguments and result as maps, see
 * {@link GenericService}) and {@code $echo}; a {@code "class"} key in a generic argument is
 * honoured only where the same allow list allows that class. A generic call's exception is
 * answered as Dubbo's providers answer it, a {@code com.alibaba.dubbo.rpc.service.GenericException}
 * naming the exception's class and message, which Dubbo's generic consumers read without the class.
 */
public final class PojoService {
  private PojoService() {}

  public static <T> Builder<T> builder(Class<T> iface, T impl) {
    return new Builder<>(iface, impl);
  }

  public static final class Builder<T> {
    private final Class<T> iface;
    private final T impl;
    private ClassAllowList allowList;
    private Set<String> serializations;

    private Builder(Class<T> iface, T impl) {
      if (!Objects.requireNonNull(iface, "iface").isInterface()) {
        throw new IllegalArgumentException(iface.getName() + " is not an interface");
      }
      if (!iface.isInstance(Objects.requireNonNull(impl, "impl"))) {
        throw new IllegalArgumentException(impl.getClass().getName() + " does not implement " + iface.getName());
      }
      this.iface = iface;
      this.impl = impl;
    }

    /**
     * The deserialization guard (default: STRICT, allowing what this interface reaches). A list
     * shared by several services is extended with this one's types.
     */
    public Builder<T> allowList(ClassAllowList allowList) {
      this.allowList = allowList;
      return this;
    }

    /** The serializations callers may use (default: all installed, e.g. hessian2 and fastjson2). */
    public Builder<T> serializations(List<String> names) {
      this.serializations = new LinkedHashSet<>(names);
      return this;
    }

    public ServiceDefinition build() {
      ClassAllowList guard = allowList == null
          ? ClassAllowList.builder().classLoader(iface.getClassLoader()).addInterface(iface).build()
          : allowList.withInterface(iface);
      Set<String> accepted = serializations != null ? serializations : Serializations.installed().keySet();
      if (accepted.isEmpty()) {
        throw new IllegalStateException("no serialization for " + iface.getName()
            + ": add io.triple:triple-serialization-hessian2 (or -fastjson2) to the class path");
      }
      for (String name : accepted) {
        Serializations.require(name);
      }
      return new ServerMethods(iface, impl, guard, Set.copyOf(accepted)).definition();
    }
  }
}
