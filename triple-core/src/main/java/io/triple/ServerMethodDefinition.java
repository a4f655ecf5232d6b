package io.triple;

/** A method descriptor paired with the handler that serves it. */
public record ServerMethodDefinition<ReqT, RespT>(
    MethodDescriptor<ReqT, RespT> method, ServerCallHandler<ReqT, RespT> handler) {}
