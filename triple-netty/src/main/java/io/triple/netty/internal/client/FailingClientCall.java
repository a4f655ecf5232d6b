package io.triple.netty.internal.client;

import io.triple.ClientCall;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.internal.SerializingExecutor;
import java.util.concurrent.Executor;

/** A call that fails at start with a fixed status (e.g. the channel is shut down). */
public final class FailingClientCall<ReqT, RespT> extends ClientCall<ReqT, RespT> {
  private final Status status;
  private final Executor executor;

  public FailingClientCall(Status status, Executor executor) {
    this.status = status;
    this.executor = new SerializingExecutor(executor);
  }

  @Override
  public void start(Listener<RespT> listener, Metadata headers) {
    executor.execute(() -> listener.onClose(status, new Metadata()));
  }

  @Override
  public void request(int n) {}

  @Override
  public void sendMessage(ReqT message) {}

  @Override
  public void halfClose() {}

  @Override
  public void cancel(String message, Throwable cause) {}
}
