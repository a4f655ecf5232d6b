package io.triple.interceptor;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ClientInterceptor;
import io.triple.ForwardingClientCall;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import java.util.Objects;

/**
 * Sends a token with every call: by default as {@code authorization: Bearer <token>}, for servers
 * that check one ({@link TokenAuthInterceptor}, or any gRPC server doing bearer auth); with
 * {@link #dubbo(String)} as the {@code token} header, which is how Apache Dubbo clients send the
 * token a Dubbo provider's {@code token} setting asks for ({@link TokenAuthInterceptor} accepts
 * both).
 */
public final class TokenCredentials implements ClientInterceptor {
  private final String key;
  private final String value;

  /** Sends {@code authorization: Bearer <token>}. */
  public TokenCredentials(String token) {
    this("authorization", "Bearer " + Objects.requireNonNull(token, "token"));
  }

  private TokenCredentials(String key, String value) {
    this.key = key;
    this.value = value;
  }

  /** Sends {@code token: <token>}, as Dubbo clients do. */
  public static TokenCredentials dubbo(String token) {
    return new TokenCredentials("token", Objects.requireNonNull(token, "token"));
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    return new ForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        Metadata h = headers == null ? new Metadata() : headers.copy();
        h.put(key, value);
        super.start(listener, h);
      }
    };
  }
}
