package io.triple.cli;

import java.util.Locale;

/** The wire a call is made with; all are served on the same port by a triple-java server. */
enum Protocol {
  /** gRPC over HTTP/2 through our TripleChannel; every call kind. */
  GRPC("grpc"),
  /** Connect over HTTP (the JDK's HttpClient): unary and server streaming. */
  CONNECT("connect"),
  /** gRPC-Web over HTTP: unary and server streaming. */
  GRPC_WEB("grpc-web"),
  /** Triple's plain HTTP: {@code POST /service/method} with a JSON body; server streams as events. */
  HTTP1("http1");

  final String label;

  Protocol(String label) {
    this.label = label;
  }

  static Protocol parse(String text) {
    for (Protocol p : values()) {
      if (p.label.equals(text.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown protocol '" + text + "' (grpc, connect, grpc-web, http1)");
  }
}
