package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.ClientCall;
import io.triple.ManagedChannel;
import io.triple.Metadata;
import io.triple.Status;
import io.triple.client.TripleChannel;
import io.triple.server.TripleServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After {@code halfClose()} a client call can send nothing more: {@code isReady()} is false (as
 * grpc-java's {@code ClientCall} says) and the listener hears no {@code onReady()}, not even when
 * a request larger than the stream's flow-control window finishes going out and the stream
 * becomes writable again. Each such onReady used to cost a callback thread's wake-up for nothing.
 */
@Timeout(30)
class ReadyAfterHalfCloseTest {
  /** Larger than the 1 MiB stream window: the stream turns unwritable, then writable again. */
  private static final int REQUEST_SIZE = 3 << 20;

  private TripleServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    Greeter greeter = new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        return GreeterReply.newBuilder().setMessage("got " + request.getName().length()).build();
      }
    };
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(GreeterTriple.bindService(greeter)).build().start();
    channel = TripleChannel.forAddress("127.0.0.1", server.port()).build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void noOnReadyOnceHalfClosedEvenWhenALargeRequestDrains() throws Exception {
    ClientCall<GreeterRequest, GreeterReply> call =
        channel.newCall(GreeterTriple.GREET_METHOD, CallOptions.DEFAULT);
    AtomicInteger readyAfterHalfClose = new AtomicInteger();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    AtomicInteger replyLength = new AtomicInteger(-1);
    boolean[] halfClosed = {false};
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(GreeterReply message) {
        replyLength.set(Integer.parseInt(message.getMessage().substring(4)));
      }

      @Override
      public void onReady() {
        synchronized (halfClosed) {
          if (halfClosed[0]) {
            readyAfterHalfClose.incrementAndGet();
          }
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(GreeterRequest.newBuilder().setName("x".repeat(REQUEST_SIZE)).build());
    synchronized (halfClosed) {
      call.halfClose();
      halfClosed[0] = true;
    }
    assertFalse(call.isReady(), "isReady() after halfClose()");

    Status status = closed.get(20, TimeUnit.SECONDS);
    assertTrue(status.isOk(), status.toString());
    assertEquals(REQUEST_SIZE, replyLength.get());
    assertFalse(call.isReady(), "isReady() after the call closed");
    assertEquals(0, readyAfterHalfClose.get(), "onReady() calls after halfClose()");
  }
}
