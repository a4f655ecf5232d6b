package io.triple.registry.zookeeper;

import io.triple.registry.discovery.ServiceInstance;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the instances of one application ({@code /services/{app}}), keeping each instance node's
 * record until ZooKeeper says that node changed: a change of the children then costs one
 * {@code getChildren} and a read of the new nodes only, not a read of every instance (with 100
 * instances and a consumer session per interface, re-reading all of them on every change made
 * bench/registry-scale.sh --mode application's churn lag by seconds). Each read node keeps the
 * data watch set by its read; when it fires (data changed, node deleted) {@link #changed} drops
 * the record so the next read fetches it and sets a new watch. Worker thread only: the registry's
 * single worker runs every read, every {@link #changed} and every {@link #forget}, in order.
 */
final class InstanceNodes {
  private static final Logger log = LoggerFactory.getLogger(InstanceNodes.class);

  private final CuratorFramework client;
  private final String dir;
  /** Child name to its record, as last read (its data watch still set). */
  private final Map<String, ServiceInstance> records = new HashMap<>();
  private final AtomicLong dataReads = new AtomicLong();

  InstanceNodes(CuratorFramework client, String dir) {
    this.client = client;
    this.dir = dir;
  }

  /** The instances, sorted by id; sets the children watch and a data watch on each node newly read. */
  List<ServiceInstance> read(CuratorWatcher watcher) throws Exception {
    List<String> children;
    try {
      children = client.getChildren().usingWatcher(watcher).forPath(dir);
    } catch (KeeperException.NoNodeException e) {
      records.clear();
      client.checkExists().usingWatcher(watcher).forPath(dir); // hear of its creation
      return List.of();
    }
    records.keySet().retainAll(children);
    List<ServiceInstance> out = new ArrayList<>();
    for (String child : children) {
      ServiceInstance known = records.get(child);
      if (known != null) {
        out.add(known);
        continue;
      }
      try {
        dataReads.incrementAndGet();
        byte[] data = client.getData().usingWatcher(watcher).forPath(dir + "/" + child);
        ServiceInstance i = CuratorInstances.fromJson(new String(data, StandardCharsets.UTF_8));
        records.put(child, i);
        out.add(i);
      } catch (KeeperException.NoNodeException gone) {
        // removed while reading
      } catch (IllegalArgumentException e) {
        log.warn("Ignoring unreadable instance node {}/{}: {}", dir, child, e.getMessage());
      }
    }
    out.sort((a, b) -> a.id().compareTo(b.id()));
    return List.copyOf(out);
  }

  /** ZooKeeper reported a change at {@code path}: a node's record read before is stale. */
  void changed(String path) {
    if (path != null && path.startsWith(dir + "/")) {
      records.remove(path.substring(dir.length() + 1));
    }
  }

  /** Forgets every record (after a reconnect: the data watches of an expired session are gone). */
  void forget() {
    records.clear();
  }

  /** Instance nodes read so far (for tests). */
  long dataReads() {
    return dataReads.get();
  }
}
