package io.triple.bootstrap.spi;

import io.triple.ClientInterceptor;
import io.triple.ServerInterceptor;
import io.triple.config.RootConfig;
import java.util.List;

/**
 * A module that wires itself into {@code Dubbo} from its own {@code dubbo.yaml} section (such as
 * triple-micrometer's {@code dubbo.metrics}): it may serve paths on a management port (a scrape
 * endpoint) and put interceptors in front of every exported service and every reference.
 *
 * <p>Register an implementation (public, with a public no-argument constructor) in
 * {@code META-INF/services/io.triple.bootstrap.spi.DubboExtension}, or pass it to
 * {@code Dubbo.extension(...)} (which wins over a class path extension of the same name).
 */
public interface DubboExtension {

  /** A name, unique among the extensions, for messages and to let one given in code replace the class path's. */
  String name();

  /**
   * Called once per {@code Dubbo}, with its configuration, before it exports its first service
   * or creates its first reference channel.
   *
   * @return what the extension runs, or {@code null} if the configuration leaves it off
   * @throws io.triple.config.ConfigException if its section is unusable (a port taken, ...)
   */
  Active activate(RootConfig config);

  /**
   * As {@link #activate(RootConfig)}, with a live view of the {@code Dubbo} (its services and
   * references as they are when read, not when activated: references are made later, on first
   * use). The bootstrap calls this one; by default it calls {@link #activate(RootConfig)}.
   */
  default Active activate(RootConfig config, ApplicationView application) {
    return activate(config);
  }

  /** A running extension; closed when {@code Dubbo} shuts down. */
  interface Active extends AutoCloseable {
    /** Run on every exported service, before the interceptors its configuration asks for. */
    default List<ServerInterceptor> serverInterceptors() {
      return List.of();
    }

    /** Run on every reference channel, before the interceptors its configuration asks for. */
    default List<ClientInterceptor> clientInterceptors() {
      return List.of();
    }

    /**
     * Told of the connections of every server {@code Dubbo} starts (opened, closed, bytes), after
     * the extensions are activated; called on I/O threads, so it must not block.
     */
    default List<io.triple.ConnectionListener> connectionListeners() {
      return List.of();
    }

    /**
     * Told of the connections of every reference's provider channels (opened once the TCP
     * connect succeeds, closed, bytes, flow-control stalls); called on I/O threads, so it must
     * not block.
     */
    default List<io.triple.ConnectionListener> clientConnectionListeners() {
      return List.of();
    }

    /**
     * Paths it serves over HTTP ({@code /metrics}): on the management endpoint when they share
     * its port, else on a server of their own. Started after {@code activate}, closed before
     * {@link #close()}.
     */
    default List<ManagementRoute> managementRoutes() {
      return List.of();
    }

    /**
     * Called when {@code Dubbo.start()} has started the servers and handed every exported service
     * to its registries (not for a consumer that never calls {@code start()}).
     */
    default void started() {}

    @Override
    default void close() {}
  }
}
