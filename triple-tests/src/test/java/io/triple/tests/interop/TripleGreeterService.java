package io.triple.tests.interop;

import static io.triple.tests.interop.GreeterDescriptors.reply;

import io.triple.ServerContext;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StreamObserver;
import io.triple.stub.ServerCalls;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;

/**
 * Our side of the Greeter service, built by hand on {@link ServerCalls}. The unary method's
 * behaviour is picked by the request name:
 *
 * <ul>
 *   <li>{@code meta}: echoes request metadata {@code x-multi} (all values) and {@code x-data-bin},
 *       sets response header {@code x-resp-header} and trailers {@code x-resp-trailer},
 *       {@code x-trailer-bin}
 *   <li>{@code unicode}: fails with INVALID_ARGUMENT and {@link #UNICODE_MESSAGE}
 *   <li>{@code boom}: throws an IllegalStateException
 *   <li>{@code sleep}: blocks, polling {@link ServerContext#isCancelled()}; counts down
 *       {@link #sleepCancelled} when it sees the cancellation
 *   <li>{@code hang}: never answers; a cancellation listener counts down {@link #hangCancelled}
 *   <li>anything else: {@code "Hello " + name}
 * </ul>
 */
public final class TripleGreeterService {
  public static final String UNICODE_MESSAGE = "ünïcødé ✓ 100% \u4e2d\u6587 \ud83d\ude00 a%20b\r\nline2";
  public static final byte[] BIN_TRAILER = {0, 1, 2, (byte) 0xff, (byte) 0x80};

  public final CountDownLatch sleepCancelled = new CountDownLatch(1);
  /** Counted down when a {@code sleep} call has reached the handler. */
  public final CountDownLatch sleepStarted = new CountDownLatch(1);
  public final CountDownLatch hangCancelled = new CountDownLatch(1);
  /** Counted down when a {@code hang} call has reached the handler. */
  public final CountDownLatch hangStarted = new CountDownLatch(1);

  /** Rich error details, as a {@code google.rpc.Status} with a {@code BadRequest} detail. */
  public static final com.google.rpc.Status DETAILS = com.google.rpc.Status.newBuilder()
      .setCode(com.google.rpc.Code.INVALID_ARGUMENT_VALUE)
      .setMessage("name is invalid")
      .addDetails(com.google.protobuf.Any.pack(com.google.rpc.BadRequest.newBuilder()
          .addFieldViolations(com.google.rpc.BadRequest.FieldViolation.newBuilder()
              .setField("name").setDescription("must not be 'details'"))
          .build()))
      .build();

  /**
   * A greeter whose server stream sends one message ("one"), sets trailer {@code x-why: ran out}
   * and fails with FAILED_PRECONDITION "no more".
   */
  public static ServiceDefinition failingServerStream() {
    return ServiceDefinition.builder(GreeterDescriptors.SERVICE)
        .addMethod(GreeterDescriptors.GREET_SERVER_STREAM, ServerCalls.serverStreamingCall(
            (GreeterRequest req, StreamObserver<GreeterReply> out) -> {
              ServerContext.current().responseTrailers().put("x-why", "ran out");
              out.onNext(GreeterReply.newBuilder().setMessage("one").build());
              out.onError(Status.FAILED_PRECONDITION.withDescription("no more").asException());
            }))
        .build();
  }

  public ServiceDefinition definition() {
    return ServiceDefinition.builder(GreeterDescriptors.SERVICE)
        .addMethod(GreeterDescriptors.GREET, ServerCalls.unaryCall(this::greet))
        .addMethod(GreeterDescriptors.GREET_CLIENT_STREAM, ServerCalls.clientStreamingCall(
            (StreamObserver<GreeterReply> out) -> new StreamObserver<GreeterRequest>() {
              final List<String> names = new ArrayList<>();

              @Override
              public void onNext(GreeterRequest value) {
                names.add(value.getName());
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                out.onNext(reply(String.join(",", names)));
                out.onCompleted();
              }
            }))
        .addMethod(GreeterDescriptors.GREET_SERVER_STREAM, ServerCalls.serverStreamingCall(
            (GreeterRequest req, StreamObserver<GreeterReply> out) -> {
              for (int i = 1; i <= 3; i++) {
                out.onNext(reply(req.getName() + "-" + i));
              }
              out.onCompleted();
            }))
        .addMethod(GreeterDescriptors.GREET_STREAM, ServerCalls.bidiStreamingCall(
            (StreamObserver<GreeterReply> out) -> new StreamObserver<GreeterRequest>() {
              @Override
              public void onNext(GreeterRequest value) {
                out.onNext(reply("echo " + value.getName()));
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                out.onCompleted();
              }
            }))
        .build();
  }

  private CompletableFuture<GreeterReply> greet(GreeterRequest req) {
    ServerContext ctx = ServerContext.current();
    switch (req.getName()) {
      case "meta" -> {
        String multi = String.join("|", ctx.requestHeaders().getAll("x-multi"));
        byte[] bin = ctx.requestHeaders().getBinary("x-data-bin");
        ctx.responseHeaders().add("x-resp-header", "h1");
        ctx.responseTrailers().add("x-resp-trailer", "t1");
        ctx.responseTrailers().addBinary("x-trailer-bin", BIN_TRAILER);
        return CompletableFuture.completedFuture(
            reply("multi=" + multi + " bin=" + (bin == null ? "null" : Arrays.toString(bin))));
      }
      case "unicode" -> throw Status.INVALID_ARGUMENT.withDescription(UNICODE_MESSAGE).asException();
      case "details" -> throw io.triple.protobuf.StatusProto.toStatusException(DETAILS);
      case "boom" -> throw new IllegalStateException("kaboom");
      case "sleep" -> {
        sleepStarted.countDown();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ctx.isCancelled() && System.nanoTime() < end) {
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        if (ctx.isCancelled()) {
          sleepCancelled.countDown();
        }
        return CompletableFuture.completedFuture(reply("woke up"));
      }
      case "hang" -> {
        ctx.addCancellationListener(hangCancelled::countDown);
        hangStarted.countDown();
        return new CompletableFuture<>();
      }
      default -> {
        return CompletableFuture.completedFuture(reply("Hello " + req.getName()));
      }
    }
  }
}
