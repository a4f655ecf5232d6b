package io.triple.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Picks one of the candidate providers for a call. Instances live as long as their channel. */
abstract class LoadBalancer {

  /** The balancer for a name: random, roundrobin, leastactive, p2c or adaptive. */
  static LoadBalancer forName(String name) {
    String n = name == null || name.isBlank() ? "random" : name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "random" -> new RandomBalancer();
      case "roundrobin", "round_robin" -> new RoundRobinBalancer();
      case "leastactive", "least_active" -> new LeastActiveBalancer();
      case "p2c", "adaptive" -> new P2cBalancer();
      default -> throw new IllegalArgumentException(
          "Unknown loadbalance '" + name + "' (expected random, roundrobin, leastactive, p2c or adaptive)");
    };
  }

  /** @param candidates non-empty */
  abstract Provider select(List<Provider> candidates, String method);

  /** Weighted random among candidates; uniform when all weights are equal or zero. */
  static Provider weightedRandom(List<Provider> candidates) {
    int n = candidates.size();
    if (n == 1) {
      return candidates.get(0);
    }
    int total = 0;
    boolean same = true;
    int first = candidates.get(0).weight();
    for (Provider p : candidates) {
      int w = p.weight();
      total += w;
      same &= w == first;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    if (total <= 0 || same) {
      return candidates.get(r.nextInt(n));
    }
    int x = r.nextInt(total);
    for (Provider p : candidates) {
      x -= p.weight();
      if (x < 0) {
        return p;
      }
    }
    return candidates.get(n - 1);
  }

  /** Dubbo's default: random, in proportion to weight. */
  static final class RandomBalancer extends LoadBalancer {
    @Override
    Provider select(List<Provider> candidates, String method) {
      return weightedRandom(candidates);
    }
  }

  /**
   * Smooth weighted round robin (as Nginx and Dubbo): each pick adds every candidate's weight to
   * its running score, takes the highest and subtracts the total from it. Weights 5:1:1 give
   * a,a,b,a,c,a,a rather than bursts. State per method.
   */
  static final class RoundRobinBalancer extends LoadBalancer {
    private final Map<String, Map<String, long[]>> scores = new HashMap<>();

    @Override
    synchronized Provider select(List<Provider> candidates, String method) {
      Map<String, long[]> byAddress = scores.computeIfAbsent(method, k -> new HashMap<>());
      long total = 0;
      Provider best = null;
      long[] bestScore = null;
      for (Provider p : candidates) {
        int w = Math.max(p.weight(), 0);
        long[] s = byAddress.computeIfAbsent(p.address, k -> new long[1]);
        s[0] += w;
        total += w;
        if (best == null || s[0] > bestScore[0]) {
          best = p;
          bestScore = s;
        }
      }
      bestScore[0] -= total;
      if (byAddress.size() > candidates.size() * 4 + 16) {
        byAddress.keySet().retainAll(candidates.stream().map(p -> p.address).toList()); // gone providers
      }
      return best;
    }
  }

  /** Fewest calls in flight wins; ties broken by weighted random. */
  static final class LeastActiveBalancer extends LoadBalancer {
    @Override
    Provider select(List<Provider> candidates, String method) {
      int least = Integer.MAX_VALUE;
      List<Provider> ties = new java.util.ArrayList<>(candidates.size());
      for (Provider p : candidates) {
        int a = p.active.get();
        if (a < least) {
          least = a;
          ties.clear();
          ties.add(p);
        } else if (a == least) {
          ties.add(p);
        }
      }
      return weightedRandom(ties);
    }
  }

  /**
   * Power of two choices: of two random candidates take the cheaper, cost being the decaying
   * average latency times (calls in flight + 1). Cheap to compute, avoids slow or busy providers
   * without herding onto one.
   */
  static final class P2cBalancer extends LoadBalancer {
    @Override
    Provider select(List<Provider> candidates, String method) {
      int n = candidates.size();
      if (n == 1) {
        return candidates.get(0);
      }
      ThreadLocalRandom r = ThreadLocalRandom.current();
      int i = r.nextInt(n);
      int j = r.nextInt(n - 1);
      if (j >= i) {
        j++;
      }
      Provider a = candidates.get(i);
      Provider b = candidates.get(j);
      long now = System.nanoTime();
      double ca = cost(a, now);
      double cb = cost(b, now);
      if (ca == cb) {
        return r.nextBoolean() ? a : b;
      }
      return ca < cb ? a : b;
    }

    private static double cost(Provider p, long now) {
      // +1 µs so that with no latency data yet, calls in flight still count.
      return (p.latency(now) + 1_000) * (p.active.get() + 1) / Math.max(p.weight(), 1);
    }
  }
}
