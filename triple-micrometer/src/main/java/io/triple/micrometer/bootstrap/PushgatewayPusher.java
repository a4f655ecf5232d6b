package io.triple.micrometer.bootstrap;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.triple.config.MetricsConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dubbo.metrics.prometheus.pushgateway}: every {@code push_interval} seconds, the
 * Prometheus text of the registry (what the scrape endpoint serves) goes to the Pushgateway as
 * Dubbo's reporter sends it: HTTP POST to {@code <base_url>/metrics/job/<job>}, which replaces the
 * group's metrics of the same names, with basic authentication when a username is set.
 *
 * <p>Why the JDK's HTTP client and not Prometheus' own Pushgateway module: the module is not served
 * at the version of the Prometheus client Micrometer brings (1.7.0; only 1.4.3 resolves), and the
 * protocol is one POST of the text Micrometer already renders. A push that fails (the gateway
 * down, a status other than 2xx) is logged and the next one tried at its time: a monitoring
 * outage never stops the service. One daemon thread.
 */
final class PushgatewayPusher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PushgatewayPusher.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** The text format Micrometer's {@code scrape()} renders. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final URI target;
  private final String authorization;
  private final HttpClient http;
  private final ScheduledExecutorService timer;
  /** Whether the last push failed: a failure is logged once at WARN until one succeeds again. */
  private volatile boolean failing;

  private PushgatewayPusher(PrometheusMeterRegistry registry, MetricsConfig.Pushgateway config) {
    this.registry = registry;
    this.target = URI.create(config.uri() + "/metrics/job/"
        + URLEncoder.encode(config.job(), StandardCharsets.UTF_8).replace("+", "%20"));
    this.authorization = config.username() == null || config.username().isBlank() ? null
        : "Basic " + Base64.getEncoder().encodeToString((config.username() + ":"
            + (config.password() == null ? "" : config.password())).getBytes(StandardCharsets.UTF_8));
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "triple-metrics-push");
      t.setDaemon(true);
      return t;
    });
  }

  /** Pushes {@code registry} as {@code config} says, from one push interval from now on. */
  static PushgatewayPusher start(PrometheusMeterRegistry registry, MetricsConfig.Pushgateway config) {
    PushgatewayPusher p = new PushgatewayPusher(registry, config);
    int every = config.pushIntervalSeconds();
    p.timer.scheduleWithFixedDelay(p::pushQuietly, every, every, TimeUnit.SECONDS);
    log.info("Pushing metrics to {} every {} s", p.target, every);
    return p;
  }

  URI target() {
    return target;
  }

  /** One push; false (and logged) if it failed. */
  boolean pushQuietly() {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(target)
          .timeout(TIMEOUT)
          .header("Content-Type", CONTENT_TYPE)
          .POST(HttpRequest.BodyPublishers.ofString(registry.scrape(), StandardCharsets.UTF_8));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        return failed("HTTP " + response.statusCode() + ": " + abbreviate(response.body()), null);
      }
      if (failing) {
        failing = false;
        log.info("Pushing metrics to {} works again", target);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
      return false;
    } catch (Exception e) {
      return failed(e.toString(), e);
    }
  }

  private boolean failed(String why, Exception e) {
    if (!failing) {
      failing = true;
      log.warn("Pushing metrics to {} failed ({}); trying again every push_interval, logged again when it works"
          + " (dubbo.metrics.prometheus.pushgateway)", target, why, e);
    } else {
      log.debug("Pushing metrics to {} failed again: {}", target, why);
    }
    return false;
  }

  private static String abbreviate(String body) {
    String b = body == null ? "" : body.strip();
    return b.length() > 200 ? b.substring(0, 200) + "..." : b;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
