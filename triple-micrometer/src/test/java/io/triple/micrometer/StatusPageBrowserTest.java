package io.triple.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.triple.CallOptions;
import io.triple.ManagedChannel;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ConfigLoader;
import io.triple.registry.discovery.Json;
import io.triple.stub.ClientCalls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser: headless Chromium opens it against a server under load,
 * watches it plot for a while, then this test reads what it drew (through the DevTools protocol)
 * and saves a screenshot. Needs Chromium, so it runs only when asked:
 * {@code bench/status-page-screenshot.sh} ({@code -Dstatus.browser=/usr/bin/chromium
 * -Dstatus.screenshot=docs/status-page.png}).
 */
class StatusPageBrowserTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void chromiumShowsServicesAndPlotsUnderLoad(@TempDir Path dir) throws Exception {
    String browser = System.getProperty("status.browser");
    assumeTrue(browser != null && !browser.isBlank(), "set -Dstatus.browser to a Chromium binary");
    int seconds = Integer.getInteger("status.seconds", 30);
    int qos = MetricsFilterTest.freePort();
    String yaml = """
        dubbo:
          application:
            name: status-demo
            qos-enable: true
            qos-host: 127.0.0.1
            qos-port: QOS
          protocols:
            triple: {ip: 127.0.0.1, port: PORT}
          provider:
            services:
              EchoProvider:
                interface: test.Echo
          consumer:
            references:
              Echo:
                interface: test.Echo
                url: tri://127.0.0.1:PORT
          metrics:
            enabled: true
        """.replace("QOS", Integer.toString(qos));
    AtomicBoolean loading = new AtomicBoolean(true);
    List<Thread> load = new ArrayList<>();
    Process chromium = null;
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(MetricsFilterTest.yaml(dir, yaml)))
        .register(EchoService.definition()).start()) {
      ManagedChannel channel = dubbo.channel("Echo");
      AtomicInteger n = new AtomicInteger();
      for (int i = 0; i < 4; i++) {
        Thread t = new Thread(() -> {
          while (loading.get()) {
            int k = n.incrementAndGet();
            try {
              if (k % 20 == 0) {
                ClientCalls.blockingUnary(channel, EchoService.FAIL, CallOptions.DEFAULT, "no");
              } else if (k % 7 == 0) {
                try (var it = ClientCalls.blockingServerStreaming(channel, EchoService.SPLIT, CallOptions.DEFAULT,
                    "a,b,c,d")) {
                  it.forEachRemaining(s -> { });
                }
              } else {
                ClientCalls.blockingUnary(channel, EchoService.ECHO, CallOptions.DEFAULT, "x" + k);
              }
            } catch (RuntimeException e) {
              // fail answers INVALID_ARGUMENT on purpose: the error plot's data
            }
            if (k % 50 == 0) {
              // Bursts and pauses, so the plots have a shape.
              sleep((long) (20 * (1 + Math.sin(System.nanoTime() / 3e9))));
            }
          }
        }, "status-load-" + i);
        t.setDaemon(true);
        t.start();
        load.add(t);
      }

      Path profile = Files.createDirectories(dir.resolve("chromium"));
      chromium = new ProcessBuilder(browser, "--headless=new", "--no-sandbox", "--disable-gpu",
          "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,1400",
          "--hide-scrollbars", "http://127.0.0.1:" + qos + "/status")
          .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
      Path portFile = profile.resolve("DevToolsActivePort");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
        assertTrue(System.nanoTime() < until && chromium.isAlive(), "Chromium did not start: "
            + (Files.exists(dir.resolve("chromium.log")) ? Files.readString(dir.resolve("chromium.log")) : ""));
        Thread.sleep(100);
      }
      int devtools = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      String pages = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devtools + "/json/list")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      java.util.regex.Matcher ws = java.util.regex.Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"")
          .matcher(pages);
      assertTrue(ws.find(), pages);
      try (Cdp cdp = Cdp.connect(ws.group(1))) {
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // the page polls and plots in real time

        String screenshot = System.getProperty("status.screenshot");
        if (screenshot != null && !screenshot.isBlank()) {
          String png = cdp.call("Page.captureScreenshot", "{\"format\":\"png\",\"captureBeyondViewport\":true}")
              .get("data").toString();
          Files.write(Path.of(screenshot), Base64.getDecoder().decode(png));
        }

        assertEquals("ready", cdp.evaluate("document.getElementById('ready').textContent"));
        String methods = cdp.evaluate("document.querySelector('#methods tbody').innerText");
        assertTrue(methods.contains("echo") && methods.contains("fail") && methods.contains("split"), methods);
        String services = cdp.evaluate("document.querySelector('#services tbody').innerText");
        assertTrue(services.contains("test.Echo") && services.contains("online"), services);
        String references = cdp.evaluate("document.querySelector('#references tbody').innerText");
        assertTrue(references.contains("127.0.0.1:"), references);
        // Lines were drawn: coloured pixels (the grid and labels are grey) on the request-rate canvas.
        String drawn = cdp.evaluate("(() => { const c = document.getElementById('rate');"
            + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
            + " for (let i = 0; i < d.length; i += 4) if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 80) n++;"
            + " return String(n); })()");
        assertTrue(Integer.parseInt(drawn) > 100, "rate plot pixels: " + drawn);

      }
    } finally {
      loading.set(false);
      for (Thread t : load) {
        t.join(5000);
      }
      if (chromium != null) {
        chromium.destroy();
        if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
          chromium.destroyForcibly();
        }
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Just enough of the Chrome DevTools protocol: a call by id, its result. */
  private static final class Cdp implements WebSocket.Listener, AutoCloseable {
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static Cdp connect(String url) {
      Cdp cdp = new Cdp();
      cdp.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(url), cdp).join();
      return cdp;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> call(String method, String paramsJson) throws Exception {
      int id = ids.incrementAndGet();
      CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
      pending.put(id, result);
      socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}", true).join();
      Map<String, Object> answer = result.get(60, TimeUnit.SECONDS);
      assertTrue(answer.get("error") == null, method + ": " + answer.get("error"));
      return (Map<String, Object>) answer.get("result");
    }

    /** The value of a JavaScript expression that yields a string. */
    @SuppressWarnings("unchecked")
    String evaluate(String expression) throws Exception {
      Map<String, Object> r = call("Runtime.evaluate",
          "{\"expression\":" + Json.write(expression) + ",\"returnByValue\":true}");
      return String.valueOf(((Map<String, Object>) r.get("result")).get("value"));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        Map<String, Object> message = Json.parseObject(partial.toString());
        partial.setLength(0);
        if (message.get("id") instanceof Number id) {
          CompletableFuture<Map<String, Object>> f = pending.remove(id.intValue());
          if (f != null) {
            f.complete(message);
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
  }
}
