package io.triple.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import io.triple.CallOptions;
import io.triple.ClientCall;
import io.triple.ManagedChannel;
import io.triple.Metadata;
import io.triple.Status;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/** gRPC through our channel (a TripleChannel, or a ClusterChannel for registry targets), which the caller closes. */
final class GrpcTransport implements CallTransport {
  private final ManagedChannel channel;

  GrpcTransport(ManagedChannel channel) {
    this.channel = channel;
  }

  @Override
  public Outcome call(MethodDescriptor method, Metadata headers, Duration deadline,
      Iterator<DynamicMessage> requests, Responses responses) {
    CallOptions options = deadline == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withTimeout(deadline);
    ClientCall<DynamicMessage, DynamicMessage> call = channel.newCall(DynamicMarshaller.method(method), options);
    // Listener callbacks run on the channel's threads; the caller's thread prints, in order.
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onHeaders(Metadata h) {
        events.add(h);
      }

      @Override
      public void onMessage(DynamicMessage message) {
        events.add(message);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        events.add(new Outcome(status, trailers));
      }
    }, headers.copy());
    call.request(Integer.MAX_VALUE);
    AtomicReference<RuntimeException> badRequest = new AtomicReference<>();
    Runnable send = () -> {
      try {
        while (requests.hasNext()) {
          call.sendMessage(requests.next());
        }
        call.halfClose();
      } catch (RuntimeException e) {
        badRequest.set(e);
        call.cancel("the request could not be read", e);
      }
    };
    if (method.isClientStreaming()) {
      // Requests may come from stdin while responses are printed: send from another thread.
      Thread sender = new Thread(send, "triple-cli-sender");
      sender.setDaemon(true);
      sender.start();
    } else {
      send.run();
    }
    try {
      while (true) {
        Object e = events.take();
        if (e instanceof Outcome o) {
          if (badRequest.get() != null) {
            throw badRequest.get();
          }
          return o;
        } else if (e instanceof Metadata h) {
          responses.onHeaders(h);
        } else {
          responses.onMessage((DynamicMessage) e);
        }
      }
    } catch (InterruptedException e) {
      call.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted");
    }
  }

  @Override
  public void close() {
    // The session owns the channel (reflection uses it too) and closes it.
  }
}
