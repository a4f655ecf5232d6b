package io.triple.bootstrap;

import io.triple.Channel;
import io.triple.config.ReferenceConfig;
import io.triple.config.RootConfig;
import io.triple.pojo.ClassAllowList;
import io.triple.pojo.PojoClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The interface (POJO) proxies of {@link Dubbo#reference(String, Class)}: one per reference id and
 * interface, like Dubbo's {@code ReferenceConfig.get()}, over the reference's channel.
 */
final class PojoReferences {
  private final Map<String, Object> proxies = new HashMap<>();
  /** One for every reference, as Dubbo has one per application; each proxy adds its interface's types. */
  private ClassAllowList guard;

  /**
   * The proxy of {@code referenceId} as {@code iface}, made on first use with the channel
   * {@code channel} gives (asked only then, after the serialization settings were checked, so a
   * bad setting fails before a registry is waited for).
   */
  synchronized <T> T get(RootConfig cfg, String referenceId, Class<T> iface, Supplier<Channel> channel) {
    String key = referenceId + "\n" + iface.getName();
    Object existing = proxies.get(key);
    if (existing != null) {
      return iface.cast(existing);
    }
    ReferenceConfig rc = ReferenceChannels.config(cfg, referenceId);
    List<String> preference = SerializationSettings.preference(cfg, referenceId, rc);
    if (guard == null) {
      guard = SerializationSettings.allowList(cfg);
    }
    // No timeout here: the reference's channel applies its timeout to every call that sets none.
    T proxy = PojoClient.builder(iface)
        .serviceName(rc.interfaceName())
        .serialization(preference.toArray(String[]::new))
        .allowList(guard)
        .build(channel.get());
    proxies.put(key, proxy);
    return proxy;
  }
}
