package io.triple.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.triple.server.TripleServer;
import io.triple.services.health.v1.HealthCheckResponse.ServingStatus;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our health service, asked by grpc-java's health client (io.grpc:grpc-services). */
class HealthServiceTest {
  private HealthService health;
  private TripleServer server;
  private ManagedChannel channel;
  private HealthGrpc.HealthBlockingStub stub;

  @BeforeEach
  void start() {
    health = HealthService.create();
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(health.bindService()).build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    stub = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.shutdownNow();
  }

  private HealthCheckResponse.ServingStatus check(String service) {
    return stub.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  @Test
  void serverIsServingAndServicesAsSet() {
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, check(""));
    health.setStatus("helloworld.Greeter", ServingStatus.NOT_SERVING);
    assertEquals(HealthCheckResponse.ServingStatus.NOT_SERVING, check("helloworld.Greeter"));
    health.setStatus("helloworld.Greeter", ServingStatus.SERVING);
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, check("helloworld.Greeter"));
  }

  @Test
  void unknownServiceIsNotFound() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> check("nope.Nope"));
    assertEquals(io.grpc.Status.Code.NOT_FOUND, e.getStatus().getCode());
    health.setStatus("nope.Nope", ServingStatus.SERVING);
    health.clearStatus("nope.Nope");
    e = assertThrows(StatusRuntimeException.class, () -> check("nope.Nope"));
    assertEquals(io.grpc.Status.Code.NOT_FOUND, e.getStatus().getCode());
  }

  @Test
  void watchSendsCurrentStatusThenChanges() throws Exception {
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    StreamObserver<HealthCheckResponse> observer = new StreamObserver<>() {
      @Override
      public void onNext(HealthCheckResponse value) {
        events.add(value.getStatus());
      }

      @Override
      public void onError(Throwable t) {
        events.add(t);
      }

      @Override
      public void onCompleted() {
        events.add("completed");
      }
    };
    io.grpc.Context.CancellableContext watch = io.grpc.Context.current().withCancellation();
    watch.run(() -> HealthGrpc.newStub(channel).watch(
        HealthCheckRequest.newBuilder().setService("svc").build(), observer));
    assertEquals(HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN, events.poll(30, TimeUnit.SECONDS));
    health.setStatus("svc", ServingStatus.SERVING);
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, events.poll(30, TimeUnit.SECONDS));
    health.setStatus("svc", ServingStatus.SERVING); // no change: nothing sent
    health.setStatus("other", ServingStatus.NOT_SERVING); // another service: nothing sent
    health.enterTerminalState();
    assertEquals(HealthCheckResponse.ServingStatus.NOT_SERVING, events.poll(30, TimeUnit.SECONDS));
    health.setStatus("svc", ServingStatus.SERVING); // ignored after the terminal state
    assertEquals(HealthCheckResponse.ServingStatus.NOT_SERVING, check("svc"));
    assertEquals(HealthCheckResponse.ServingStatus.NOT_SERVING, check(""));

    watch.cancel(null);
    Object last = events.poll(30, TimeUnit.SECONDS);
    assertEquals(io.grpc.Status.Code.CANCELLED,
        io.grpc.Status.fromThrowable((Throwable) last).getCode(), String.valueOf(last));
    // The cancelled watcher is gone from the service: later changes reach no one.
    // Its server side ends asynchronously after the client's cancel; allow a loaded machine.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (health.watcherCount("svc") > 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    assertEquals(0, health.watcherCount("svc"));
  }
}
