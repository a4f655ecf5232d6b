package io.triple.bench;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.triple.bench.proto.Payload;
import io.triple.bench.proto.StreamRequest;

/**
 * The same service on grpc-java, written with plain {@link MethodDescriptor}s, protobuf
 * marshallers and {@link ServerCalls} (what grpc-java's generated code does; protoc-gen-grpc-java
 * is a native binary, so it is not used here). Paths are those of bench.proto, so either client
 * calls either server.
 */
public final class GrpcBenchService {
  public static final String SERVICE_NAME = "triple.bench.BenchService";

  public static final MethodDescriptor<Payload, Payload> UNARY =
      MethodDescriptor.<Payload, Payload>newBuilder()
          .setType(MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "Unary"))
          .setRequestMarshaller(ProtoUtils.marshaller(Payload.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(Payload.getDefaultInstance()))
          .build();

  public static final MethodDescriptor<StreamRequest, Payload> SERVER_STREAM =
      MethodDescriptor.<StreamRequest, Payload>newBuilder()
          .setType(MethodType.SERVER_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "ServerStream"))
          .setRequestMarshaller(ProtoUtils.marshaller(StreamRequest.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(Payload.getDefaultInstance()))
          .build();

  public static final MethodDescriptor<Payload, Payload> PING_PONG =
      MethodDescriptor.<Payload, Payload>newBuilder()
          .setType(MethodType.BIDI_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE_NAME, "PingPong"))
          .setRequestMarshaller(ProtoUtils.marshaller(Payload.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(Payload.getDefaultInstance()))
          .build();

  private GrpcBenchService() {}

  public static ServerServiceDefinition bind() {
    return ServerServiceDefinition.builder(SERVICE_NAME)
        .addMethod(
            UNARY,
            ServerCalls.asyncUnaryCall(
                (Payload req, StreamObserver<Payload> obs) -> {
                  obs.onNext(req);
                  obs.onCompleted();
                }))
        .addMethod(SERVER_STREAM, ServerCalls.asyncServerStreamingCall(GrpcBenchService::serverStream))
        .addMethod(
            PING_PONG,
            ServerCalls.asyncBidiStreamingCall(
                (StreamObserver<Payload> obs) ->
                    new StreamObserver<Payload>() {
                      @Override
                      public void onNext(Payload value) {
                        obs.onNext(value);
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {
                        obs.onCompleted();
                      }
                    }))
        .build();
  }

  private static void serverStream(StreamRequest request, StreamObserver<Payload> responseObserver) {
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
}
