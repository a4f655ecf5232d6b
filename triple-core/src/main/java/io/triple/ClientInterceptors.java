package io.triple;

import java.util.List;

/** Puts {@link ClientInterceptor}s in front of a {@link Channel}. */
public final class ClientInterceptors {
  private ClientInterceptors() {}

  /** A channel whose calls pass through {@code interceptors}, first to last, then {@code channel}. */
  public static Channel intercept(Channel channel, ClientInterceptor... interceptors) {
    return intercept(channel, List.of(interceptors));
  }

  public static Channel intercept(Channel channel, List<? extends ClientInterceptor> interceptors) {
    Channel c = channel;
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      c = new InterceptedChannel(c, interceptors.get(i));
    }
    return c;
  }

  private record InterceptedChannel(Channel next, ClientInterceptor interceptor) implements Channel {
    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
      return interceptor.interceptCall(method, options, next);
    }

    @Override
    public String authority() {
      return next.authority();
    }
  }
}
