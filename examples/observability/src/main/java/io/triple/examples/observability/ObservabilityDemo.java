package io.triple.examples.observability;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.triple.StatusException;
import io.triple.bootstrap.Dubbo;
import io.triple.stub.ResponseIterator;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;

/**
 * The greeter with metrics and tracing on: serves it and calls it in one process, from {@code
 * dubbo.yaml} in the working directory, and prints where to look.
 *
 * <ul>
 *   <li>Metrics: {@code dubbo.metrics} meters every service and reference; Prometheus scrapes
 *       {@code http://127.0.0.1:22222/metrics}. Every 10 s this prints the calls counted there.
 *   <li>Traces: OpenTelemetry's SDK, installed as {@code GlobalOpenTelemetry} before {@code
 *       Dubbo.start()} so the {@code tracing} filters use it; spans are printed by the SDK's
 *       {@code LoggingSpanExporter} (a real deployment exports OTLP to a collector). One trace in
 *       {@code --sample N} (default 20) is kept, so the output stays readable.
 *   <li>The access log ({@code triple.access}): one line per call received, with its trace id.
 * </ul>
 *
 * <p>Usage: {@code java -jar target/observability-demo.jar [--seconds 30] [--rate 10] [--sample
 * 20]}: calls at about {@code rate} per second for {@code seconds} (0 = until stopped), mostly
 * unary, every fifth a server stream, every tenth a unary call with an empty name (INVALID_ARGUMENT,
 * so the error panels have something to show).
 */
public final class ObservabilityDemo {
  private static final Pattern SERVER_COUNT =
      Pattern.compile(
          "^rpc_server_duration_seconds_count\\{([^}]*)\\} ([0-9.eE+]+)$", Pattern.MULTILINE);

  private ObservabilityDemo() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new TreeMap<>(Map.of("seconds", "30", "rate", "10", "sample", "20"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--") || !o.containsKey(args[i].substring(2))) {
        throw new IllegalArgumentException("usage: [--seconds N] [--rate N] [--sample N]; got " + args[i]);
      }
      o.put(args[i].substring(2), args[i + 1]);
    }
    long seconds = Long.parseLong(o.get("seconds"));
    double rate = Double.parseDouble(o.get("rate"));
    int sample = Integer.parseInt(o.get("sample"));

    // With the OpenTelemetry Java agent (javaagent.sh), the agent's SDK is already the global one
    // and reports the spans with its own exporters and sampler: use it, install none of ours.
    // (GlobalOpenTelemetry.isSet() answers false under agent 2.22, which ignores set() with a warning.)
    boolean agent =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .anyMatch(a -> a.startsWith("-javaagent:") && a.contains("opentelemetry-javaagent"));
    OpenTelemetrySdk otel = agent ? null : sdk(sample);
    if (otel != null) {
      GlobalOpenTelemetry.set(otel);
    }

    try (Dubbo dubbo = Dubbo.create().register(GreeterTriple.bindService(new QuietGreeter())).start()) {
      GreeterClient greeter = GreeterClient.create(dubbo.channel("Greeter"));
      System.out.println();
      System.out.println("serving:    " + String.join(", ", dubbo.urls()));
      System.out.println("metrics:    curl -s http://127.0.0.1:22222/metrics | grep '^rpc_'");
      System.out.println(
          agent
              ? "traces:     reported by the OpenTelemetry Java agent (its exporter and sampler)"
              : "traces:     the LoggingSpanExporter lines below (1 trace in " + sample + ")");
      System.out.println("access log: the 'triple.access' lines below carry each call's trace id");
      System.out.printf(
          "calling:    about %.0f calls/s for %s%n%n", rate, seconds == 0 ? "ever (Ctrl-C stops)" : seconds + " s");

      long pauseNanos = (long) (1e9 / rate);
      long end = seconds == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      for (long n = 1; System.nanoTime() < end; n++) {
        GreeterRequest request = GreeterRequest.newBuilder().setName("observer " + n).build();
        try {
          if (n % 10 == 0) {
            greeter.greet(GreeterRequest.getDefaultInstance()); // fails: INVALID_ARGUMENT
          } else if (n % 5 == 0) {
            try (ResponseIterator<GreeterReply> replies = greeter.greetServerStream(request)) {
              replies.forEachRemaining(r -> {});
            }
          } else {
            greeter.greet(request);
          }
        } catch (StatusException e) {
          // expected for the empty names: counted by both sides' meters, recorded on the spans
        }
        if (System.nanoTime() >= nextReport) {
          nextReport += TimeUnit.SECONDS.toNanos(10);
          System.out.println("scraped from /metrics: " + serverCounts());
        }
        Thread.sleep(pauseNanos / 1_000_000, (int) (pauseNanos % 1_000_000));
      }
      System.out.println("scraped from /metrics: " + serverCounts());
    } finally {
      if (otel != null) {
        otel.close();
      }
    }
  }

  /** Our SDK when no agent installed one: 1 trace in {@code sample}, spans logged as they end. */
  private static OpenTelemetrySdk sdk(int sample) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                // The root decides (the client's span); the server follows what traceparent says.
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(1.0 / sample)))
                .addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()))
                .build())
        .setPropagators(
            ContextPropagators.create(
                TextMapPropagator.composite(
                    W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
  }

  /**
   * What Prometheus would read: calls completed per method and status, from the endpoint's text
   * (read over HTTP, as a scraper does, not from the registry in this process).
   */
  private static String serverCounts() throws Exception {
    HttpResponse<String> scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:22222/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    StringBuilder out = new StringBuilder();
    Matcher m = SERVER_COUNT.matcher(scrape.body());
    while (m.find()) {
      Map<String, String> tags = new TreeMap<>();
      for (String kv : m.group(1).split(",")) {
        String[] p = kv.split("=", 2);
        tags.put(p[0], p[1].replace("\"", ""));
      }
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(tags.get("rpc_method"))
          .append(" status ")
          .append(tags.get("rpc_grpc_status_code"))
          .append(": ")
          .append((long) Double.parseDouble(m.group(2)));
    }
    return out.length() == 0 ? "(no server calls counted yet)" : out.toString();
  }
}
