package io.triple.pojo;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.Channels;
import io.triple.ManagedChannel;
import io.triple.Metadata;
import io.triple.pojo.internal.ClientMethods;
import io.triple.pojo.internal.Generalizer;
import io.triple.pojo.internal.GenericMethods;
import io.triple.pojo.internal.Serializations;
import io.triple.pojo.spi.Serialization;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A typed reference to an interface service (no .proto): a proxy whose calls go to
 * {@code /{interface}/{method}} in Dubbo's request wrapper, so it calls Apache Dubbo Java's
 * interface providers as well as ours ({@link PojoService}).
 *
 * <pre>{@code
 * OrderService orders = PojoClient.builder(OrderService.class).create("tri://127.0.0.1:50051");
 * Order o = orders.find(42);
 * }</pre>
 *
 * Any target {@link Channels#forTarget} takes works (a registry's {@code zookeeper://...} too,
 * with load balancing and failover), or any {@link Channel}. Arguments go in hessian2 unless
 * {@link Builder#serialization} says otherwise; replies are read in the serialization they name.
 * A provider's business exception is thrown as its own class and message when that class is on
 * this class path and allowed by the {@link ClassAllowList}; otherwise as a StatusException.
 */
public final class PojoClient {
  private PojoClient() {}

  public static <T> Builder<T> builder(Class<T> iface) {
    return new Builder<>(iface);
  }

  /**
   * A generic reference to the service {@code interfaceName} ({@code "com.example.OrderService"}):
   * its methods called by name with arguments and results in generalized form, without its
   * classes on this class path, as Dubbo's generic consumers call (see {@link GenericService}).
   * Calls go to {@code /{interfaceName}/$invoke} (or {@code $invokeAsync}) with the header
   * {@code generic: true}, which Apache Dubbo's providers and {@link PojoService} answer. Replies
   * are read under a STRICT {@link ClassAllowList} holding the safe JDK set only (maps, lists,
   * strings, numbers, dates), unless {@link Builder#allowList} gives another.
   */
  public static Builder<GenericService> generic(String interfaceName) {
    Builder<GenericService> b = new Builder<>(GenericService.class);
    b.serviceName(interfaceName);
    b.generic = true;
    return b;
  }

  public static final class Builder<T> {
    private final Class<T> iface;
    private String serviceName;
    private List<String> serialization = List.of("hessian2", "fastjson2");
    private ClassAllowList allowList;
    private Duration timeout;
    private boolean generic;

    private Builder(Class<T> iface) {
      if (!Objects.requireNonNull(iface, "iface").isInterface()) {
        throw new IllegalArgumentException(iface.getName() + " is not an interface");
      }
      this.iface = iface;
      this.serviceName = iface.getName();
    }

    /**
     * The serialization arguments are sent in, or several in order of preference (Dubbo's
     * {@code prefer-serialization}): the first installed one is used. Default hessian2, then
     * fastjson2.
     */
    public Builder<T> serialization(String... preferred) {
      if (preferred.length == 0) {
        throw new IllegalArgumentException("serialization: name at least one");
      }
      this.serialization = List.of(preferred);
      return this;
    }

    /** The service's name on the wire, if not the interface's name. */
    public Builder<T> serviceName(String name) {
      this.serviceName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The guard for replies (default: STRICT, allowing what this interface reaches). */
    public Builder<T> allowList(ClassAllowList allowList) {
      this.allowList = allowList;
      return this;
    }

    /** Each call's deadline (default: none, or the channel's). */
    public Builder<T> timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** A proxy over {@code channel}; closing the channel is the caller's business. */
    public T build(Channel channel) {
      return proxy(channel, null);
    }

    private T proxy(Channel channel, ManagedChannel owned) {
      Serialization s = Serializations.firstInstalled(serialization);
      ClassAllowList guard = generic ? genericGuard()
          : allowList == null
          ? ClassAllowList.builder().classLoader(iface.getClassLoader()).addInterface(iface).build()
          : allowList.withInterface(iface);
      Duration t = timeout;
      CallOptions base = t == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withTimeout(t);
      // Dubbo's generic consumers send their generic serialization as the "generic" attachment.
      CallOptions options = generic ? base.withMetadata(new Metadata().put(GenericMethods.GENERIC_HEADER, "true"))
          : base;
      ClientMethods handler = new ClientMethods(iface, serviceName, channel, s, guard, () -> options);
      Class<?>[] types = owned == null ? new Class<?>[] {iface} : new Class<?>[] {iface, AutoCloseable.class};
      return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), types, (proxy, method, args) ->
          owned != null && method.getDeclaringClass() == AutoCloseable.class
              ? close(owned) : handler.invoke(proxy, method, generic ? generalized(method, args) : args)));
    }

    /** A generic reference reads maps, lists and JDK values: the safe set, plus what the caller allows. */
    private ClassAllowList genericGuard() {
      return allowList != null ? allowList : ClassAllowList.builder().classLoader(iface.getClassLoader()).build();
    }

    /**
     * {@code $invoke}'s arguments with the objects among them generalized, as Dubbo's generic-impl
     * consumers send them: the provider then needs no class of ours (maps already generalized
     * stay as they are).
     */
    private static Object[] generalized(Method method, Object[] args) {
      if (args == null || args.length != 3 || !(args[2] instanceof Object[] values)
          || method.getDeclaringClass() != GenericService.class) {
        return args;
      }
      return new Object[] {args[0], args[1], Generalizer.generalizeAll(values)};
    }

    private static Object close(ManagedChannel channel) {
      channel.close();
      return null;
    }

    /**
     * A proxy over a new channel to {@code target} ({@code tri://host:port},
     * {@code zookeeper://host:port/...}). The proxy also implements {@link AutoCloseable}: its
     * {@code close()} closes that channel ({@code ((AutoCloseable) orders).close()}). Dubbo's
     * {@code serialization} (or {@code prefer.serialization}) URL parameter, a comma-separated
     * list, is this proxy's: it is taken out of the target and applied as
     * {@link #serialization(String...)}; the channel reads the other parameters.
     */
    public T create(String target) {
      ManagedChannel channel = Channels.forTarget(takeSerialization(target));
      try {
        return proxy(channel, channel);
      } catch (RuntimeException e) {
        channel.close();
        throw e;
      }
    }

    private String takeSerialization(String target) {
      int q = target.indexOf('?');
      if (q < 0) {
        return target;
      }
      List<String> kept = new ArrayList<>();
      for (String pair : target.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        if (name.equals("serialization") || name.equals("prefer.serialization")) {
          String value = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
          serialization(Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty())
              .toArray(String[]::new));
        } else if (!pair.isEmpty()) {
          kept.add(pair);
        }
      }
      return target.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }
  }
}
