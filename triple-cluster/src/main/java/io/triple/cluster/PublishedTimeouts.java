package io.triple.cluster;

import io.triple.registry.ServiceUrl;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call timeouts providers publish in their URLs, as Dubbo's providers do: {@code timeout=<ms>}
 * for the service, {@code <method>.timeout=<ms>} for one method (Dubbo's {@code <dubbo:method>} /
 * {@code @Method(timeout = ...)}), which wins for that method. Across providers the largest
 * applies, so that no provider's calls are cut shorter than it asked, whichever is chosen (the
 * deadline is fixed before a provider is).
 */
final class PublishedTimeouts {
  private static final Logger log = LoggerFactory.getLogger(PublishedTimeouts.class);
  static final PublishedTimeouts NONE = new PublishedTimeouts(null, Map.of());
  private static final String SUFFIX = "." + ServiceUrl.TIMEOUT;

  /** The largest service-wide timeout published; null if none. */
  private final Duration service;
  /** Per method named by some provider: the largest of each provider's timeout for it. */
  private final Map<String, Duration> byMethod;

  private PublishedTimeouts(Duration service, Map<String, Duration> byMethod) {
    this.service = service;
    this.byMethod = byMethod;
  }

  /** The timeout for a call of {@code methodName}; null if the providers publish none. */
  Duration forMethod(String methodName) {
    Duration d = byMethod.get(methodName);
    return d != null ? d : service;
  }

  static PublishedTimeouts of(Collection<ServiceUrl> urls, String interfaceName) {
    long service = 0;
    Set<String> methods = new HashSet<>();
    for (ServiceUrl u : urls) {
      service = Math.max(service, millis(u, ServiceUrl.TIMEOUT, interfaceName));
      for (String key : u.parameters().keySet()) {
        String m = methodOf(key);
        if (m != null) {
          methods.add(m);
        }
      }
    }
    Map<String, Duration> byMethod = new HashMap<>();
    for (String m : methods) {
      long largest = 0;
      for (ServiceUrl u : urls) {
        long own = Math.max(millis(u, m + SUFFIX, interfaceName), millis(u, "methods." + m + SUFFIX, interfaceName));
        largest = Math.max(largest, own > 0 ? own : millis(u, ServiceUrl.TIMEOUT, interfaceName));
      }
      if (largest > 0) {
        byMethod.put(m, Duration.ofMillis(largest));
      }
    }
    if (service == 0 && byMethod.isEmpty()) {
      return NONE;
    }
    return new PublishedTimeouts(service > 0 ? Duration.ofMillis(service) : null, Map.copyOf(byMethod));
  }

  /** The method a {@code <method>.timeout} (or Dubbo 3's {@code methods.<method>.timeout}) key is for; else null. */
  private static String methodOf(String key) {
    if (!key.endsWith(SUFFIX) || key.length() == SUFFIX.length()) {
      return null;
    }
    String m = key.substring(0, key.length() - SUFFIX.length());
    if (m.startsWith("methods.")) {
      m = m.substring("methods.".length());
    }
    return m.isEmpty() || m.contains(".") ? null : m;
  }

  private static long millis(ServiceUrl u, String key, String interfaceName) {
    String t = u.parameter(key);
    if (t == null || t.isEmpty()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(t.trim()));
    } catch (NumberFormatException e) {
      log.warn("Ignoring provider {}'s {} '{}' of {}: not a number of milliseconds", u.address(), key, t,
          interfaceName);
      return 0;
    }
  }
}
