package io.triple.cluster;

import io.triple.CallOptions;
import io.triple.ClientCall;
import io.triple.ForwardingManagedChannel;
import io.triple.ManagedChannel;
import io.triple.MethodDescriptor;
import io.triple.interceptor.ActiveLimitInterceptor;
import io.triple.registry.ServiceUrl;
import java.util.function.Function;

/**
 * A provider's channel behind Dubbo's {@code actives}: at most that many calls in flight per
 * method to this provider ({@link ActiveLimitInterceptor}), the channel's own limit, else the one
 * the provider publishes in its URL ({@code actives=<n>}, as Dubbo's {@code @DubboService(actives
 * = ...)} does, which Dubbo's consumers apply). Shutting it down shuts the provider's channel down.
 */
final class LimitedChannel extends ForwardingManagedChannel {
  private final ActiveLimitInterceptor limit;

  private LimitedChannel(ManagedChannel delegate, ActiveLimitInterceptor limit) {
    super(delegate);
    this.limit = limit;
  }

  /** {@code factory} with each provider's channel limited to {@code actives}, else its URL's; 0 and none: as is. */
  static Function<ServiceUrl, ManagedChannel> factory(Function<ServiceUrl, ManagedChannel> factory, int actives) {
    return u -> {
      int a = actives > 0 ? actives : u.intParameter("actives", 0);
      ManagedChannel ch = factory.apply(u);
      return a > 0 ? new LimitedChannel(ch, new ActiveLimitInterceptor(a, u.address())) : ch;
    };
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
    return limit.interceptCall(method, options, delegate);
  }
}
