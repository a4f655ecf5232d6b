package io.triple.bootstrap.management;

import com.sun.net.httpserver.HttpExchange;
import io.triple.bootstrap.Readiness;
import io.triple.registry.discovery.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status page on the management port: one self-contained HTML file (its script draws on
 * canvases; nothing is fetched from elsewhere, the page works on a closed network), and the JSON
 * it polls: readiness, registries, exported services, references with their providers. The call
 * plots read triple-micrometer's {@code /status/calls.json} when that module meters calls.
 */
final class StatusPage {
  static final String PATH = "/status";
  static final String JSON_PATH = "/status.json";

  private final ManagedApplication app;
  private final byte[] html;

  StatusPage(ManagedApplication app) {
    this.app = app;
    try (InputStream in = StatusPage.class.getResourceAsStream("status.html")) {
      if (in == null) {
        throw new IllegalStateException("status.html missing from the class path");
      }
      this.html = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void html(HttpExchange exchange) throws IOException {
    send(exchange, "text/html; charset=utf-8", html);
  }

  void json(HttpExchange exchange) throws IOException {
    send(exchange, "application/json", document().getBytes(StandardCharsets.UTF_8));
  }

  String document() {
    Readiness r = app.readiness();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("application", app.application());
    doc.put("time", System.currentTimeMillis());
    doc.put("started", r.started());
    doc.put("ready", r.ready());
    doc.put("reasons", r.reasons());
    List<Object> registries = new ArrayList<>();
    for (Readiness.RegistryStatus s : r.registries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("address", s.address());
      m.put("connected", s.connected());
      registries.add(m);
    }
    doc.put("registries", registries);
    List<Object> services = new ArrayList<>();
    for (ServiceStatus s : app.services()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", s.serviceKey());
      m.put("online", s.online());
      m.put("status", s.status());
      m.put("registries", s.registries());
      services.add(m);
    }
    doc.put("services", services);
    List<Object> references = new ArrayList<>();
    for (ReferenceStatus s : app.references()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("key", s.serviceKey());
      m.put("providers", s.providers());
      references.add(m);
    }
    doc.put("references", references);
    return Json.write(doc);
  }

  private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      exchange.getResponseHeaders().set("Allow", "GET");
      exchange.sendResponseHeaders(405, -1);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
