package io.triple;

/**
 * Something that can start calls: a connection to one server, or (with a registry) a cluster of
 * them. Stubs are built on a Channel.
 */
public interface Channel {
  <ReqT, RespT> ClientCall<ReqT, RespT> newCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options);

  /** The {@code :authority} calls are sent with (host:port). */
  String authority();
}
