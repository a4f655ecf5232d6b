package io.triple.bench;

import io.triple.Status;
import io.triple.StreamObserver;
import io.triple.bench.proto.ProcessStats;
import io.triple.bench.proto.SoakMessage;
import io.triple.bench.proto.SoakService;
import io.triple.bench.proto.StatsRequest;
import io.triple.stub.ServerCallStreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's provider side: echoes, counts and streams numbered messages, and checks the requests
 * of every call. A call whose requests were lost, duplicated, reordered, corrupted or misrouted
 * ends with DATA_LOSS described by {@link Violations#describe()}, which the client counts.
 */
final class SoakServiceImpl implements SoakService {
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong violations = new AtomicLong();

  @Override
  public CompletableFuture<SoakMessage> unaryAsync(SoakMessage request) {
    calls.incrementAndGet();
    SeqCheck check = SeqCheck.fromFirst(request);
    check.accept(request);
    Violations v = check.violations(true);
    if (v.total() > 0) {
      return CompletableFuture.failedFuture(violation(v));
    }
    return CompletableFuture.completedFuture(request);
  }

  @Override
  public StreamObserver<SoakMessage> clientStream(StreamObserver<SoakMessage> responses) {
    calls.incrementAndGet();
    return new Checked(responses) {
      @Override
      void onAllReceived(SeqCheck check) {
        responses.onNext(
            SoakMessages.message(client, call, 0, check.distinct(), 0).build());
        responses.onCompleted();
      }
    };
  }

  @Override
  public void serverStream(SoakMessage request, StreamObserver<SoakMessage> responses) {
    calls.incrementAndGet();
    if (!SoakMessages.bodyIntact(request)) {
      responses.onError(violation(new Violations(0, 0, 0, 1, 0)));
      return;
    }
    ServerCallStreamObserver<SoakMessage> call = (ServerCallStreamObserver<SoakMessage>) responses;
    int count = request.getCount();
    Object lock = new Object();
    long[] sent = {0};
    boolean[] finished = {false};
    // Streams only while the transport is ready (flow control), resuming from the on-ready
    // handler, as a well-behaved server does: the large bodies would otherwise pile up in memory.
    Runnable drain =
        () -> {
          synchronized (lock) {
            if (finished[0]) {
              return;
            }
            while (sent[0] < count && call.isReady() && !call.isCancelled()) {
              call.onNext(
                  SoakMessages.message(request.getClient(), request.getCall(), sent[0], count,
                      request.getBodySize()).build());
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
  public StreamObserver<SoakMessage> bidi(StreamObserver<SoakMessage> responses) {
    calls.incrementAndGet();
    return new Checked(responses) {
      @Override
      void onEach(SoakMessage request) {
        responses.onNext(request);
      }

      @Override
      void onAllReceived(SeqCheck check) {
        responses.onCompleted();
      }
    };
  }

  @Override
  public ProcessStats stats(StatsRequest request) {
    return ResourceStats.afterGc()
        .toProto()
        .setCalls(calls.get())
        .setViolations(violations.get())
        .build();
  }

  private Exception violation(Violations v) {
    violations.incrementAndGet();
    return Status.DATA_LOSS.withDescription(v.describe()).asException();
  }

  /** The request side of a client-streaming or bidi call, checked message by message. */
  private abstract class Checked implements StreamObserver<SoakMessage> {
    private final StreamObserver<SoakMessage> responses;
    private SeqCheck check;
    String client;
    long call;

    Checked(StreamObserver<SoakMessage> responses) {
      this.responses = responses;
    }

    @Override
    public void onNext(SoakMessage request) {
      if (check == null) {
        check = SeqCheck.fromFirst(request);
        client = request.getClient();
        call = request.getCall();
      }
      check.accept(request);
      onEach(request);
    }

    void onEach(SoakMessage request) {}

    /** The client half-closed and every request was as it should be. */
    abstract void onAllReceived(SeqCheck check);

    @Override
    public void onError(Throwable t) {
      // the client cancelled, or its connection went: nothing to check
    }

    @Override
    public void onCompleted() {
      Violations v = check == null ? new Violations(1, 0, 0, 0, 0) : check.violations(true);
      if (v.total() > 0) {
        responses.onError(violation(v));
      } else {
        onAllReceived(check);
      }
    }
  }
}
