package io.triple;

/** Starts handling a new call to one method; returns the listener that receives its messages. */
@FunctionalInterface
public interface ServerCallHandler<ReqT, RespT> {
  ServerCall.Listener<ReqT> startCall(ServerCall<ReqT, RespT> call, Metadata headers);
}
