package io.triple.bootstrap;

import io.triple.ClientInterceptor;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.ClientInterceptorFactory;
import io.triple.bootstrap.spi.ServerInterceptorFactory;
import io.triple.config.ConfigException;
import io.triple.config.ProviderConfig;
import io.triple.config.ReferenceConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.interceptor.AccessLogInterceptor;
import io.triple.interceptor.ConcurrencyLimitInterceptor;
import io.triple.interceptor.TokenAuthInterceptor;
import io.triple.interceptor.TokenCredentials;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The interceptors {@code dubbo.yaml} asks for on exported services and on references: the
 * built-in ones and those its {@code filter} lists name, made by the factories given in code or
 * found in {@code META-INF/services}.
 */
final class InterceptorChains {
  private static final List<String> SERVER_BUILTINS = List.of("accesslog", "token", "executes");
  private static final List<String> CLIENT_BUILTINS = List.of("token");

  private final Extensions extensions;
  private final List<ServerInterceptorFactory> givenServerFactories = new ArrayList<>();
  private final List<ClientInterceptorFactory> givenClientFactories = new ArrayList<>();
  private Map<String, ServerInterceptorFactory> serverFactories;
  private Map<String, ClientInterceptorFactory> clientFactories;

  /** Without extensions. */
  InterceptorChains() {
    this(new Extensions());
  }

  InterceptorChains(Extensions extensions) {
    this.extensions = extensions;
  }

  /** Adds a factory given in code; it wins over the class path's on a name clash. */
  synchronized void add(ServerInterceptorFactory factory) {
    givenServerFactories.add(factory);
    serverFactories = null;
  }

  /** As {@link #add(ServerInterceptorFactory)}, for references' filter lists. */
  synchronized void add(ClientInterceptorFactory factory) {
    givenClientFactories.add(factory);
    clientFactories = null;
  }

  /**
   * The interceptors the configuration asks for on one service, in the order they run:
   * the extensions' ({@code dubbo.metrics}: every call is metered, also refused ones), access log (so refused calls are logged too), token (so unauthenticated calls are refused
   * before they take a concurrency slot), concurrency limit (one instance, so one limit, per
   * service), then the filter names in order. A service without an entry gets
   * {@code dubbo.provider}'s settings.
   */
  List<ServerInterceptor> forService(RootConfig cfg, String serviceId, ServiceConfig sc, String serviceName) {
    ProviderConfig p = cfg.provider();
    boolean accesslog = sc == null ? p.accesslog() : sc.accesslog();
    String token = sc == null ? p.token() : sc.token();
    int executes = sc == null ? p.executes() : sc.executes();
    List<String> filter = sc == null ? p.filter() : sc.filter();
    List<ServerInterceptor> chain = new ArrayList<>(extensions.serverInterceptors());
    if (accesslog) {
      chain.add(new AccessLogInterceptor());
    }
    if (!token.isEmpty()) {
      chain.add(new TokenAuthInterceptor(token));
    }
    if (executes > 0) {
      chain.add(new ConcurrencyLimitInterceptor(executes));
    }
    Map<String, ServerInterceptorFactory> factories = serverFactories();
    for (String name : filter) {
      String key = sc == null || p.filter().contains(name)
          ? "dubbo.provider.filter" : "dubbo.provider.services." + serviceId + ".filter";
      ServerInterceptorFactory f = factories.get(name);
      if (f == null) {
        throw unknownFilter(cfg, key, name, SERVER_BUILTINS, factories.keySet(), ServerInterceptorFactory.class);
      }
      ServerInterceptor i;
      try {
        i = f.create(serviceId, sc, serviceName);
      } catch (RuntimeException e) {
        throw new ConfigException(cfg.source(), key, "filter '" + name + "' (" + f.getClass().getName()
            + ") could not create its interceptor for " + serviceName + ": " + e, e);
      }
      if (i == null) {
        throw new ConfigException(cfg.source(), key, "filter '" + name + "' (" + f.getClass().getName()
            + ") returned no interceptor for " + serviceName);
      }
      chain.add(i);
    }
    return chain;
  }

  /** The client interceptors a reference asks for: its token first, then its filter names in order. */
  List<ClientInterceptor> forReference(RootConfig cfg, String referenceId, ReferenceConfig rc) {
    List<ClientInterceptor> chain = new ArrayList<>(extensions.clientInterceptors());
    if (!rc.token().isEmpty()) {
      chain.add(new TokenCredentials(rc.token()));
    }
    Map<String, ClientInterceptorFactory> factories = clientFactories();
    String key = "dubbo.consumer.references." + referenceId + ".filter";
    for (String name : rc.filter()) {
      ClientInterceptorFactory f = factories.get(name);
      if (f == null) {
        throw unknownFilter(cfg, key, name, CLIENT_BUILTINS, factories.keySet(), ClientInterceptorFactory.class);
      }
      ClientInterceptor i;
      try {
        i = f.create(referenceId, rc);
      } catch (RuntimeException e) {
        throw new ConfigException(cfg.source(), key, "filter '" + name + "' (" + f.getClass().getName()
            + ") could not create its interceptor: " + e, e);
      }
      if (i == null) {
        throw new ConfigException(cfg.source(), key, "filter '" + name + "' (" + f.getClass().getName()
            + ") returned no interceptor");
      }
      chain.add(i);
    }
    return chain;
  }

  private static ConfigException unknownFilter(RootConfig cfg, String key, String name, List<String> builtins,
      Collection<String> registered, Class<?> spi) {
    List<String> known = new ArrayList<>(builtins);
    known.addAll(registered);
    return new ConfigException(cfg.source(), key, "unknown filter '" + name + "'; known: "
        + String.join(", ", known) + " (add more with a " + spi.getSimpleName() + " registered in "
        + "META-INF/services/" + spi.getName() + ")");
  }

  private synchronized Map<String, ServerInterceptorFactory> serverFactories() {
    if (serverFactories == null) {
      serverFactories = factories(givenServerFactories, ServerInterceptorFactory.class,
          ServerInterceptorFactory::name, SERVER_BUILTINS);
    }
    return serverFactories;
  }

  private synchronized Map<String, ClientInterceptorFactory> clientFactories() {
    if (clientFactories == null) {
      clientFactories = factories(givenClientFactories, ClientInterceptorFactory.class,
          ClientInterceptorFactory::name, CLIENT_BUILTINS);
    }
    return clientFactories;
  }

  /** Factories by name: the given ones, then the class path's; a name taken twice on the class path is an error. */
  private static <F> Map<String, F> factories(List<F> given, Class<F> spi, Function<F, String> nameOf,
      List<String> builtins) {
    Map<String, F> byName = new LinkedHashMap<>();
    for (F f : given) {
      byName.put(checkedName(f, nameOf, builtins), f);
    }
    Map<String, F> found = new LinkedHashMap<>();
    for (F f : ServiceLoader.load(spi)) {
      String name = checkedName(f, nameOf, builtins);
      F other = found.putIfAbsent(name, f);
      if (other != null) {
        throw new IllegalStateException("Two " + spi.getSimpleName() + "s on the class path are named '" + name
            + "': " + other.getClass().getName() + " and " + f.getClass().getName());
      }
    }
    found.forEach(byName::putIfAbsent);
    return byName;
  }

  private static <F> String checkedName(F f, Function<F, String> nameOf, List<String> builtins) {
    String name = nameOf.apply(f);
    if (name == null || name.isBlank()) {
      throw new IllegalStateException(f.getClass().getName() + " has no name");
    }
    if (builtins.contains(name)) {
      throw new IllegalStateException(f.getClass().getName() + " takes the built-in filter name '" + name + "'");
    }
    return name;
  }
}
