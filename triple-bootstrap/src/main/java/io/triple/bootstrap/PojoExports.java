package io.triple.bootstrap;

import io.triple.ServiceDefinition;
import io.triple.config.RootConfig;
import io.triple.pojo.ClassAllowList;
import io.triple.pojo.PojoService;
import java.util.List;

/**
 * Makes the interface (POJO) services of one start, all with the configuration's guard and
 * serializations. The settings are read on the first service only: an application serving .proto
 * services alone needs no serialization module, whatever its file says about them.
 */
final class PojoExports {
  private final RootConfig cfg;
  /** One for every service, as Dubbo has one per application; each service adds its types. */
  private ClassAllowList guard;
  private List<String> accepted;

  PojoExports(RootConfig cfg) {
    this.cfg = cfg;
  }

  /** {@code impl} served as {@code iface}, which it implements (checked by the caller). */
  ServiceDefinition build(Class<?> iface, Object impl) {
    if (guard == null) {
      accepted = SerializationSettings.accepted(cfg);
      guard = SerializationSettings.allowList(cfg);
    }
    return typed(iface, impl);
  }

  private <T> ServiceDefinition typed(Class<T> iface, Object impl) {
    PojoService.Builder<T> b = PojoService.builder(iface, iface.cast(impl)).allowList(guard);
    if (accepted != null) {
      b.serializations(accepted);
    }
    return b.build();
  }
}
