package io.triple.registry;

import java.util.List;

/**
 * Receives the providers of a subscribed interface. Each call carries the whole current list
 * (not a delta), so a listener can simply replace what it had; an empty list means the registry
 * says there are no providers. Calls for one subscription never overlap.
 */
@FunctionalInterface
public interface NotifyListener {
  void notify(List<ServiceUrl> providers);
}
