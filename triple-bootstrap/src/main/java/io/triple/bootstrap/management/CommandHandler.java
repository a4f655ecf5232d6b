package io.triple.bootstrap.management;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One QoS command at {@code /<name>}, called as Dubbo's QoS HTTP server takes it: {@code GET}
 * with the arguments as query parameter values ({@code /offline?service=com.example.Greeter}),
 * or {@code POST} with them as a form body. A parameter without a value counts as its name
 * ({@code /offline?com.example.Greeter}).
 */
final class CommandHandler implements HttpHandler {
  private final QosCommands commands;
  private final String name;

  CommandHandler(QosCommands commands, String name) {
    this.commands = commands;
    this.name = name;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("POST") && !method.equals("HEAD")) {
      exchange.getResponseHeaders().set("Allow", "GET, POST, HEAD");
      exchange.sendResponseHeaders(405, -1);
      return;
    }
    List<String> args = new ArrayList<>();
    addArgs(exchange.getRequestURI().getRawQuery(), args);
    if (method.equals("POST")) {
      addArgs(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), args);
    }
    QosCommands.Answer answer = commands.run(name, args);
    ManagementServer.send(exchange, answer.status(), answer.body());
  }

  private static void addArgs(String form, List<String> args) {
    if (form == null || form.isBlank()) {
      return;
    }
    for (String pair : form.trim().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String value = eq < 0 ? pair : pair.substring(eq + 1);
      if (!value.isEmpty()) {
        args.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
  }
}
