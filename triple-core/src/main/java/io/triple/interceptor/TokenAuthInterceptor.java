package io.triple.interceptor;

import io.triple.Metadata;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Refuses calls that do not carry the expected token (Dubbo's {@code token} check) with
 * UNAUTHENTICATED, before the service sees them. The token is read from the {@code token}
 * header (what Dubbo clients send) or from {@code authorization: Bearer <token>} (what gRPC
 * clients send); {@link TokenCredentials} adds it on our client.
 */
public final class TokenAuthInterceptor implements ServerInterceptor {
  private final byte[] expected;

  public TokenAuthInterceptor(String token) {
    if (Objects.requireNonNull(token, "token").isEmpty()) {
      throw new IllegalArgumentException("token must not be empty");
    }
    this.expected = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String presented = presentedToken(headers);
    if (presented == null) {
      call.close(Status.UNAUTHENTICATED.withDescription(
          "Missing token for " + call.getMethodDescriptor().fullMethodName()
              + ": send it as 'token' or 'authorization: Bearer ...'"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    // Constant-time comparison: the time taken must not tell how much of a guess was right.
    if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
      call.close(Status.UNAUTHENTICATED.withDescription(
          "Invalid token for " + call.getMethodDescriptor().fullMethodName()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  private static String presentedToken(Metadata headers) {
    String token = headers.get("token");
    if (token != null) {
      return token;
    }
    String auth = headers.get("authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    return null;
  }
}
