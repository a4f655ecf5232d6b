package io.triple.registry.zookeeper;

import io.triple.registry.Registry;
import io.triple.registry.RegistryFactory;
import io.triple.registry.ServiceUrl;

/** Registers {@code zookeeper} as a registry protocol. */
public final class ZookeeperRegistryFactory implements RegistryFactory {
  @Override
  public String protocol() {
    return "zookeeper";
  }

  @Override
  public Registry create(ServiceUrl url) {
    return new ZookeeperRegistry(url);
  }
}
