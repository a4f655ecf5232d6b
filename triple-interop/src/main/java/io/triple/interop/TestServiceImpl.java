package io.triple.interop;

import com.google.protobuf.ByteString;
import io.triple.Metadata;
import io.triple.ServerContext;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.interop.testing.BoolValue;
import io.triple.interop.testing.EchoStatus;
import io.triple.interop.testing.EmptyProtos.Empty;
import io.triple.interop.testing.Payload;
import io.triple.interop.testing.ResponseParameters;
import io.triple.interop.testing.SimpleRequest;
import io.triple.interop.testing.SimpleResponse;
import io.triple.interop.testing.StreamingInputCallRequest;
import io.triple.interop.testing.StreamingInputCallResponse;
import io.triple.interop.testing.StreamingOutputCallRequest;
import io.triple.interop.testing.StreamingOutputCallResponse;
import io.triple.interop.testing.TestService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The server side of the gRPC interop test service, with the server features of grpc's
 * interop-test-descriptions: EmptyCall, UnaryCall, StreamingInputCall, StreamingOutputCall,
 * FullDuplexCall, HalfDuplexCall, CompressedRequest, CompressedResponse, Echo Status, Echo
 * Metadata and {@code ResponseParameters.interval_us}. {@code UnimplementedCall} is left
 * unimplemented, as the test cases require.
 */
public final class TestServiceImpl implements TestService {
  /** Request header echoed back in the response headers. */
  public static final String ECHO_INITIAL_KEY = "x-grpc-test-echo-initial";
  /** Request header (binary) echoed back in the trailers. */
  public static final String ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin";

  @Override
  public Empty emptyCall(Empty request) {
    echoMetadata(ServerContext.current());
    return Empty.getDefaultInstance();
  }

  @Override
  public SimpleResponse unaryCall(SimpleRequest request) {
    ServerContext ctx = ServerContext.current();
    echoMetadata(ctx);
    checkCompressed(ctx, request.hasExpectCompressed() ? request.getExpectCompressed() : null);
    if (request.hasResponseStatus()) {
      throw echoStatus(request.getResponseStatus());
    }
    if (request.hasResponseCompressed() && request.getResponseCompressed().getValue()) {
      ctx.setCompression("gzip");
    }
    SimpleResponse.Builder response = SimpleResponse.newBuilder();
    if (request.getResponseSize() > 0) {
      response.setPayload(payload(request.getResponseSize()));
    }
    return response.build();
  }

  @Override
  public SimpleResponse cacheableUnaryCall(SimpleRequest request) {
    ServerContext ctx = ServerContext.current();
    echoMetadata(ctx);
    ctx.responseHeaders().add("cache-control", "max-age=60, public");
    return SimpleResponse.newBuilder()
        .setPayload(Payload.newBuilder().setBody(ByteString.copyFromUtf8(Long.toString(System.nanoTime()))))
        .build();
  }

  @Override
  public void streamingOutputCall(
      StreamingOutputCallRequest request, StreamObserver<StreamingOutputCallResponse> responseObserver) {
    ServerContext ctx = ServerContext.current();
    echoMetadata(ctx);
    ctx.setCompression("gzip");
    try {
      respond(ctx, request, responseObserver);
      responseObserver.onCompleted();
    } catch (StatusException e) {
      responseObserver.onError(e);
    }
  }

  @Override
  public StreamObserver<StreamingInputCallRequest> streamingInputCall(
      StreamObserver<StreamingInputCallResponse> responseObserver) {
    ServerContext ctx = ServerContext.current();
    echoMetadata(ctx);
    return new StreamObserver<>() {
      private int total;
      private boolean failed;

      @Override
      public void onNext(StreamingInputCallRequest value) {
        if (failed) {
          return;
        }
        try {
          checkCompressed(ctx, value.hasExpectCompressed() ? value.getExpectCompressed() : null);
        } catch (StatusException e) {
          failed = true;
          responseObserver.onError(e);
          return;
        }
        total += value.getPayload().getBody().size();
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        if (!failed) {
          responseObserver.onNext(
              StreamingInputCallResponse.newBuilder().setAggregatedPayloadSize(total).build());
          responseObserver.onCompleted();
        }
      }
    };
  }

  @Override
  public StreamObserver<StreamingOutputCallRequest> fullDuplexCall(
      StreamObserver<StreamingOutputCallResponse> responseObserver) {
    ServerContext ctx = ServerContext.current();
    echoMetadata(ctx);
    ctx.setCompression("gzip");
    return new StreamObserver<>() {
      private boolean failed;

      @Override
      public void onNext(StreamingOutputCallRequest value) {
        if (failed) {
          return;
        }
        try {
          respond(ctx, value, responseObserver);
        } catch (StatusException e) {
          failed = true;
          responseObserver.onError(e);
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        if (!failed) {
          responseObserver.onCompleted();
        }
      }
    };
  }

  @Override
  public StreamObserver<StreamingOutputCallRequest> halfDuplexCall(
      StreamObserver<StreamingOutputCallResponse> responseObserver) {
    ServerContext ctx = ServerContext.current();
    echoMetadata(ctx);
    ctx.setCompression("gzip");
    List<StreamingOutputCallRequest> requests = new ArrayList<>();
    return new StreamObserver<>() {
      @Override
      public void onNext(StreamingOutputCallRequest value) {
        requests.add(value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        try {
          for (StreamingOutputCallRequest r : requests) {
            respond(ctx, r, responseObserver);
          }
          responseObserver.onCompleted();
        } catch (StatusException e) {
          responseObserver.onError(e);
        }
      }
    };
  }

  /**
   * Sends one response per {@code response_parameters} entry, each compressed only if its
   * {@code compressed} is true, after its {@code interval_us}; then fails with
   * {@code response_status} if that is set.
   */
  private static void respond(
      ServerContext ctx,
      StreamingOutputCallRequest request,
      StreamObserver<StreamingOutputCallResponse> responseObserver) {
    if (request.hasResponseStatus()) {
      throw echoStatus(request.getResponseStatus());
    }
    for (ResponseParameters p : request.getResponseParametersList()) {
      if (p.getIntervalUs() > 0) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(p.getIntervalUs()));
      }
      if (ctx.isCancelled()) {
        throw Status.CANCELLED.withDescription("Call cancelled").asException();
      }
      ctx.setMessageCompression(p.hasCompressed() && p.getCompressed().getValue());
      responseObserver.onNext(
          StreamingOutputCallResponse.newBuilder().setPayload(payload(p.getSize())).build());
    }
  }

  /** Echo Metadata: the initial key goes back in the headers, the trailing one in the trailers. */
  private static void echoMetadata(ServerContext ctx) {
    Metadata headers = ctx.requestHeaders();
    String initial = headers.get(ECHO_INITIAL_KEY);
    if (initial != null) {
      ctx.responseHeaders().add(ECHO_INITIAL_KEY, initial);
    }
    byte[] trailing = headers.getBinary(ECHO_TRAILING_KEY);
    if (trailing != null) {
      ctx.responseTrailers().addBinary(ECHO_TRAILING_KEY, trailing);
    }
  }

  /**
   * CompressedRequest: with {@code expect_compressed} set, the request message must have arrived
   * compressed (value true) or uncompressed (value false); otherwise INVALID_ARGUMENT.
   */
  private static void checkCompressed(ServerContext ctx, BoolValue expectCompressed) {
    if (expectCompressed == null) {
      return;
    }
    boolean compressed = ctx.isRequestMessageCompressed();
    if (expectCompressed.getValue() && !compressed) {
      throw Status.INVALID_ARGUMENT
          .withDescription("Expected a compressed request message, got an uncompressed one")
          .asException();
    }
    if (!expectCompressed.getValue() && compressed) {
      throw Status.INVALID_ARGUMENT
          .withDescription("Expected an uncompressed request message, got a compressed one")
          .asException();
    }
  }

  private static StatusException echoStatus(EchoStatus s) {
    return Status.fromCodeValue(s.getCode()).withDescription(s.getMessage()).asException();
  }

  private static Payload payload(int size) {
    return Payload.newBuilder().setBody(ByteString.copyFrom(new byte[size])).build();
  }
}
