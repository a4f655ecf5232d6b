package io.triple.interop.dubbo;

import com.google.protobuf.StringValue;
import org.apache.dubbo.common.stream.StreamObserver;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.TriRpcStatus;

/** The Dubbo server's side of {@link DubboEcho}. */
final class DubboEchoImpl implements DubboEcho {
  @Override
  public StringValue unary(StringValue request) {
    String value = request.getValue();
    if (value.startsWith("fail:")) {
      throw TriRpcStatus.fromCode(TriRpcStatus.Code.INVALID_ARGUMENT)
          .withDescription("bad request: " + value)
          .asException();
    }
    String echo = RpcContext.getServerAttachment().getAttachment("x-echo");
    // Found under its camelCase key only if the caller sent Dubbo's tri-header-convert.
    String userId = RpcContext.getServerAttachment().getAttachment("userId");
    // Sent back to the caller in the response's metadata (servedBy with tri-header-convert).
    RpcContext.getServerResponseContext().setAttachment("x-served-by", "dubbo-java");
    RpcContext.getServerResponseContext().setAttachment("servedBy", "dubbo-java");
    return StringValue.of("hello " + value + (echo != null ? " x-echo=" + echo : "")
        + (userId != null ? " userId=" + userId : ""));
  }

  @Override
  public StringValue slow(StringValue request) {
    try {
      Thread.sleep(Long.parseLong(request.getValue()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return StringValue.of("slept");
  }

  @Override
  public void serverStream(StringValue request, StreamObserver<StringValue> responses) {
    String[] parts = request.getValue().split(":", 2);
    int count = Integer.parseInt(parts[1]);
    for (int i = 0; i < count; i++) {
      responses.onNext(StringValue.of(parts[0] + i));
    }
    responses.onCompleted();
  }

  @Override
  public StreamObserver<StringValue> bidi(StreamObserver<StringValue> responses) {
    return new StreamObserver<>() {
      @Override
      public void onNext(StringValue value) {
        responses.onNext(StringValue.of("echo " + value.getValue()));
      }

      @Override
      public void onError(Throwable t) {
        responses.onError(t);
      }

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }

  @Override
  public StringValue missing(StringValue request) {
    return StringValue.of("only the Dubbo server has this method");
  }
}
