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
 * Sends a token with every call, as {@code authorization: Bearer <token>}, for servers that
 * check one ({@link TokenAuthInterceptor}, or any gRPC server doing bearer auth).
 */
public final class TokenCredentials implements ClientInterceptor {
  private final String header;

  public TokenCredentials(String token) {
    this.header = "Bearer " + Objects.requireNonNull(token, "token");
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    return new ForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        Metadata h = headers == null ? new Metadata() : headers.copy();
        h.put("authorization", header);
        super.start(listener, h);
      }
    };
  }
}
