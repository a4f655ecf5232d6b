package io.triple.bench;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.triple.Status;
import io.triple.bench.proto.ProcessStats;
import io.triple.bench.proto.SoakMessage;
import io.triple.bench.proto.SoakServiceClient;
import io.triple.bench.proto.SoakServiceTriple;
import io.triple.bench.proto.StatsRequest;
import io.triple.client.TripleChannel;
import io.triple.stub.ClientCallStreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Our client and grpc-java's for the soak, each one channel to 127.0.0.1 with its framework's
 * defaults (executor, event loop, reconnect backoff): the soak checks what users run, unlike the
 * benchmarks' {@link Clients}, which pin executors to compare like with like.
 */
final class SoakClients {
  /**
   * Each call's deadline: far above any soak call's duration, so that it only ends calls a
   * framework lost track of (counted as DEADLINE_EXCEEDED, outside the kill window a failure).
   */
  static final Duration DEADLINE = Duration.ofSeconds(20);

  private SoakClients() {}

  static SoakClient ours(int port) {
    return new Ours(port);
  }

  static SoakClient grpc(int port) {
    return new Grpc(port);
  }

  private static final class Ours implements SoakClient {
    private final TripleChannel channel;
    private final SoakServiceClient stub;

    Ours(int port) {
      channel = TripleChannel.forAddress("127.0.0.1", port).build();
      stub = SoakServiceClient.create(channel).withTimeout(DEADLINE);
    }

    @Override
    public String kind() {
      return "ours";
    }

    @Override
    public void unary(SoakMessage request, Responses responses) {
      stub.unary(request, observer(responses));
    }

    @Override
    public Requests clientStream(Responses responses) {
      return requests(stub.clientStream(observer(responses)));
    }

    @Override
    public void serverStream(SoakMessage request, Responses responses) {
      stub.serverStream(request, observer(responses));
    }

    @Override
    public Requests bidi(Responses responses) {
      return requests(stub.bidi(observer(responses)));
    }

    @Override
    public ProcessStats providerStats() {
      return stub.stats(StatsRequest.getDefaultInstance());
    }

    private static Requests requests(ClientCallStreamObserver<SoakMessage> out) {
      return new Requests() {
        @Override
        public void send(SoakMessage message) {
          out.onNext(message);
        }

        @Override
        public void complete() {
          out.onCompleted();
        }
      };
    }

    private static io.triple.StreamObserver<SoakMessage> observer(Responses responses) {
      return new io.triple.StreamObserver<>() {
        @Override
        public void onNext(SoakMessage value) {
          responses.onNext(value);
        }

        @Override
        public void onError(Throwable t) {
          Status s = Status.fromThrowable(t);
          responses.onClose(s.code().name(), s.description());
        }

        @Override
        public void onCompleted() {
          responses.onClose("OK", null);
        }
      };
    }

    @Override
    public void close() {
      channel.shutdownNow();
      try {
        channel.awaitTermination(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class Grpc implements SoakClient {
    // grpc-java's side of soak.proto, written as its generated code would be (as in
    // GrpcBenchService: protoc-gen-grpc-java is a native binary, not used here).
    private static final MethodDescriptor<SoakMessage, SoakMessage> UNARY =
        method("Unary", MethodType.UNARY);
    private static final MethodDescriptor<SoakMessage, SoakMessage> CLIENT_STREAM =
        method("ClientStream", MethodType.CLIENT_STREAMING);
    private static final MethodDescriptor<SoakMessage, SoakMessage> SERVER_STREAM =
        method("ServerStream", MethodType.SERVER_STREAMING);
    private static final MethodDescriptor<SoakMessage, SoakMessage> BIDI =
        method("Bidi", MethodType.BIDI_STREAMING);
    private static final MethodDescriptor<StatsRequest, ProcessStats> STATS =
        MethodDescriptor.<StatsRequest, ProcessStats>newBuilder()
            .setType(MethodType.UNARY)
            .setFullMethodName(
                MethodDescriptor.generateFullMethodName(SoakServiceTriple.SERVICE_NAME, "Stats"))
            .setRequestMarshaller(ProtoUtils.marshaller(StatsRequest.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(ProcessStats.getDefaultInstance()))
            .build();

    private final ManagedChannel channel;

    Grpc(int port) {
      channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static MethodDescriptor<SoakMessage, SoakMessage> method(String name, MethodType type) {
      return MethodDescriptor.<SoakMessage, SoakMessage>newBuilder()
          .setType(type)
          .setFullMethodName(
              MethodDescriptor.generateFullMethodName(SoakServiceTriple.SERVICE_NAME, name))
          .setRequestMarshaller(ProtoUtils.marshaller(SoakMessage.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(SoakMessage.getDefaultInstance()))
          .build();
    }

    private io.grpc.ClientCall<SoakMessage, SoakMessage> call(MethodDescriptor<SoakMessage, SoakMessage> m) {
      return channel.newCall(
          m, CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public String kind() {
      return "grpc";
    }

    @Override
    public void unary(SoakMessage request, Responses responses) {
      ClientCalls.asyncUnaryCall(call(UNARY), request, observer(responses));
    }

    @Override
    public Requests clientStream(Responses responses) {
      return requests(ClientCalls.asyncClientStreamingCall(call(CLIENT_STREAM), observer(responses)));
    }

    @Override
    public void serverStream(SoakMessage request, Responses responses) {
      ClientCalls.asyncServerStreamingCall(call(SERVER_STREAM), request, observer(responses));
    }

    @Override
    public Requests bidi(Responses responses) {
      return requests(ClientCalls.asyncBidiStreamingCall(call(BIDI), observer(responses)));
    }

    @Override
    public ProcessStats providerStats() {
      return ClientCalls.blockingUnaryCall(
          channel, STATS, CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS),
          StatsRequest.getDefaultInstance());
    }

    private static Requests requests(io.grpc.stub.StreamObserver<SoakMessage> out) {
      return new Requests() {
        @Override
        public void send(SoakMessage message) {
          out.onNext(message);
        }

        @Override
        public void complete() {
          out.onCompleted();
        }
      };
    }

    private static io.grpc.stub.StreamObserver<SoakMessage> observer(Responses responses) {
      return new io.grpc.stub.StreamObserver<>() {
        @Override
        public void onNext(SoakMessage value) {
          responses.onNext(value);
        }

        @Override
        public void onError(Throwable t) {
          io.grpc.Status s = io.grpc.Status.fromThrowable(t);
          responses.onClose(s.getCode().name(), s.getDescription());
        }

        @Override
        public void onCompleted() {
          responses.onClose("OK", null);
        }
      };
    }

    @Override
    public void close() {
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
