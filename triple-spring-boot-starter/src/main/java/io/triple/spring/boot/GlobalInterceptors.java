package io.triple.spring.boot;

import io.triple.ClientInterceptor;
import io.triple.ServerInterceptor;
import io.triple.bootstrap.spi.DubboExtension;
import io.triple.config.RootConfig;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.core.Ordered;

/**
 * Interceptors run on every exported service and every reference, given to the bootstrap as a
 * {@link DubboExtension} (the bootstrap runs extensions' interceptors first, before the built-in
 * ones and the {@code filter} lists). The lists are taken when the bootstrap activates its
 * extensions (first start or reference), once every bean they come from can be made.
 */
final class GlobalInterceptors implements DubboExtension, Ordered {
  private final String name;
  private final int order;
  private final Supplier<List<ServerInterceptor>> server;
  private final Supplier<List<ClientInterceptor>> client;

  GlobalInterceptors(String name, int order, Supplier<List<ServerInterceptor>> server,
      Supplier<List<ClientInterceptor>> client) {
    this.name = name;
    this.order = order;
    this.server = server;
    this.client = client;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int getOrder() {
    return order;
  }

  @Override
  public Active activate(RootConfig config) {
    List<ServerInterceptor> s = List.copyOf(server.get());
    List<ClientInterceptor> c = List.copyOf(client.get());
    if (s.isEmpty() && c.isEmpty()) {
      return null;
    }
    return new Active() {
      @Override
      public List<ServerInterceptor> serverInterceptors() {
        return s;
      }

      @Override
      public List<ClientInterceptor> clientInterceptors() {
        return c;
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
