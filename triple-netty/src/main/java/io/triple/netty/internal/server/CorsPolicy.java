package io.triple.netty.internal.server;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.Status;
import java.util.List;
import java.util.Locale;

/**
 * Cross-origin access for plain-HTTP calls from browser pages (CORS): which page origins may call,
 * the preflight ({@code OPTIONS}) answer, and the headers every answer to an allowed origin
 * carries. Off unless origins are configured: a browser page on another origin can then not call
 * the server, which is the safe default for an RPC server.
 *
 * @param allowedOrigins origins such as {@code https://app.example.com}, or {@code *} for any
 */
public record CorsPolicy(List<String> allowedOrigins) {
  /** No cross-origin access (the default). */
  public static final CorsPolicy NONE = new CorsPolicy(List.of());
  private static final String MAX_AGE_SECONDS = "1800";

  public CorsPolicy {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  public boolean enabled() {
    return !allowedOrigins.isEmpty();
  }

  /** Whether a page from {@code origin} may call. */
  boolean allows(CharSequence origin) {
    if (origin == null || !enabled()) {
      return false;
    }
    String o = origin.toString();
    for (String allowed : allowedOrigins) {
      if (allowed.equals("*") || allowed.equalsIgnoreCase(o)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Headers for an answer to a request from {@code origin}: empty unless it is allowed. The
   * response headers (grpc-status, trailer-*, the handler's metadata) are exposed to the page.
   */
  public Http2Headers responseHeaders(CharSequence origin) {
    Http2Headers h = new DefaultHttp2Headers(false);
    if (allows(origin)) {
      h.set("access-control-allow-origin", origin);
      h.set("access-control-expose-headers", "*");
      h.set("vary", "origin");
    }
    return h;
  }

  /** Why a preflight {@link #preflight} did not allow is refused (answered with 403). */
  public static Status refusal(Http2Headers request) {
    return Status.PERMISSION_DENIED.withDescription("CORS preflight refused: origin '" + request.get("origin")
        + "' with method '" + request.get("access-control-request-method") + "' is not allowed");
  }

  /**
   * The answer to a preflight {@code OPTIONS} request, or null if it is not one this policy
   * allows (the caller answers 403 then, see {@link #refusal}).
   */
  public Http2Headers preflight(Http2Headers request) {
    CharSequence origin = request.get("origin");
    CharSequence method = request.get("access-control-request-method");
    if (!allows(origin) || method == null || !method.toString().toUpperCase(Locale.ROOT).equals("POST")) {
      return null;
    }
    Http2Headers h = responseHeaders(origin).status("204");
    h.set("access-control-allow-methods", "POST");
    CharSequence requested = request.get("access-control-request-headers");
    if (requested != null) {
      h.set("access-control-allow-headers", requested);
    }
    h.set("access-control-max-age", MAX_AGE_SECONDS);
    return h;
  }
}
