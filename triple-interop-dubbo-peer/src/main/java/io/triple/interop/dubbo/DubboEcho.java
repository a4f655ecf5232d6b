package io.triple.interop.dubbo;

import com.google.protobuf.StringValue;
import org.apache.dubbo.common.stream.StreamObserver;

/**
 * The interop service in Dubbo's interface mode. Every parameter and result is a protobuf
 * message, so Dubbo's Triple sends them as plain gRPC messages (no wrapper) on
 * {@code /io.triple.interop.dubbo.DubboEcho/<method>}; triple-interop declares the same service
 * in {@code dubbo/dubbo_echo.proto}.
 */
public interface DubboEcho {
  /**
   * "hello " + the request, plus " x-echo=" + the {@code x-echo} request header if present, plus
   * " userId=" + the {@code userId} attachment (read under that spelling) if present; the
   * response metadata holds {@code x-served-by} and {@code servedBy} (the server's name); a
   * request starting with "fail:" ends in INVALID_ARGUMENT "bad request: " + the request.
   */
  StringValue unary(StringValue request);

  /** Sleeps the milliseconds in the request, then answers "slept". */
  StringValue slow(StringValue request);

  /** Request "PREFIX:N": N messages PREFIX0 .. PREFIX(N-1). */
  void serverStream(StringValue request, StreamObserver<StringValue> responses);

  /** "echo " + each request message; completes when the requests do. */
  StreamObserver<StringValue> bidi(StreamObserver<StringValue> responses);

  /** Implemented only by the Dubbo server: on ours it must end in UNIMPLEMENTED. */
  StringValue missing(StringValue request);
}
