package io.triple.bench;

import io.triple.StreamObserver;
import io.triple.bench.proto.BenchService;
import io.triple.bench.proto.Payload;
import io.triple.bench.proto.StreamRequest;
import io.triple.stub.ServerCallStreamObserver;
import java.util.concurrent.CompletableFuture;

/** The benchmark service on triple-java, through the stubs our protoc plugin generates. */
public final class OursBenchService implements BenchService {
  @Override
  public CompletableFuture<Payload> unaryAsync(Payload request) {
    return CompletableFuture.completedFuture(request);
  }

  @Override
  public void serverStream(StreamRequest request, StreamObserver<Payload> responseObserver) {
    ServerCallStreamObserver<Payload> call = (ServerCallStreamObserver<Payload>) responseObserver;
    Payload message = Payloads.ofSize(request.getMessageSize());
    long count = request.getCount();
    Object lock = new Object();
    long[] sent = {0};
    boolean[] finished = {false};
    Runnable drain =
        () -> {
          synchronized (lock) {
            if (finished[0]) {
              return;
            }
            while (sent[0] < count && call.isReady() && !call.isCancelled()) {
              call.onNext(message);
              sent[0]++;
            }
            if (sent[0] == count || call.isCancelled()) {
              finished[0] = true;
              if (!call.isCancelled()) {
                call.onCompleted();
              }
            }
          }
        };
    call.setOnCancelHandler(() -> {});
    call.setOnReadyHandler(drain);
    drain.run();
  }

  @Override
  public StreamObserver<Payload> pingPong(StreamObserver<Payload> responseObserver) {
    return new StreamObserver<>() {
      @Override
      public void onNext(Payload value) {
        responseObserver.onNext(value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responseObserver.onCompleted();
      }
    };
  }
}
