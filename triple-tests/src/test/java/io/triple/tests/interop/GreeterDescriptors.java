package io.triple.tests.interop;

import io.grpc.protobuf.ProtoUtils;
import io.triple.MethodType;
import io.triple.protobuf.ProtoMarshaller;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;

/**
 * Hand-made descriptors of {@code org.apache.dubbo.sample.tri.Greeter} (greeter.proto) for both
 * sides: ours ({@link io.triple.MethodDescriptor}) and grpc-java's
 * ({@link io.grpc.MethodDescriptor}). No generated stubs are used, so these tests depend only on
 * the message classes protoc emits.
 */
public final class GreeterDescriptors {
  public static final String SERVICE = "org.apache.dubbo.sample.tri.Greeter";

  // ---- triple ----

  public static final io.triple.MethodDescriptor<GreeterRequest, GreeterReply> GREET =
      triple("greet", MethodType.UNARY);
  public static final io.triple.MethodDescriptor<GreeterRequest, GreeterReply> GREET_CLIENT_STREAM =
      triple("greetClientStream", MethodType.CLIENT_STREAMING);
  public static final io.triple.MethodDescriptor<GreeterRequest, GreeterReply> GREET_SERVER_STREAM =
      triple("greetServerStream", MethodType.SERVER_STREAMING);
  public static final io.triple.MethodDescriptor<GreeterRequest, GreeterReply> GREET_STREAM =
      triple("greetStream", MethodType.BIDI_STREAMING);

  // ---- grpc-java ----

  public static final io.grpc.MethodDescriptor<GreeterRequest, GreeterReply> GRPC_GREET =
      grpc("greet", io.grpc.MethodDescriptor.MethodType.UNARY);
  public static final io.grpc.MethodDescriptor<GreeterRequest, GreeterReply> GRPC_GREET_CLIENT_STREAM =
      grpc("greetClientStream", io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING);
  public static final io.grpc.MethodDescriptor<GreeterRequest, GreeterReply> GRPC_GREET_SERVER_STREAM =
      grpc("greetServerStream", io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING);
  public static final io.grpc.MethodDescriptor<GreeterRequest, GreeterReply> GRPC_GREET_STREAM =
      grpc("greetStream", io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING);

  private GreeterDescriptors() {}

  /** Our descriptor for a method of {@link #SERVICE} (also usable for methods that do not exist). */
  public static io.triple.MethodDescriptor<GreeterRequest, GreeterReply> triple(String method, MethodType type) {
    return triple(SERVICE, method, type);
  }

  public static io.triple.MethodDescriptor<GreeterRequest, GreeterReply> triple(
      String service, String method, MethodType type) {
    return io.triple.MethodDescriptor.of(service, method, type,
        ProtoMarshaller.of(GreeterRequest.getDefaultInstance()),
        ProtoMarshaller.of(GreeterReply.getDefaultInstance()));
  }

  /** grpc-java's descriptor for a method of {@link #SERVICE}. */
  public static io.grpc.MethodDescriptor<GreeterRequest, GreeterReply> grpc(
      String method, io.grpc.MethodDescriptor.MethodType type) {
    return grpc(SERVICE, method, type);
  }

  public static io.grpc.MethodDescriptor<GreeterRequest, GreeterReply> grpc(
      String service, String method, io.grpc.MethodDescriptor.MethodType type) {
    return io.grpc.MethodDescriptor.<GreeterRequest, GreeterReply>newBuilder()
        .setType(type)
        .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(service, method))
        .setRequestMarshaller(ProtoUtils.marshaller(GreeterRequest.getDefaultInstance()))
        .setResponseMarshaller(ProtoUtils.marshaller(GreeterReply.getDefaultInstance()))
        .build();
  }

  public static GreeterRequest request(String name) {
    return GreeterRequest.newBuilder().setName(name).build();
  }

  public static GreeterReply reply(String message) {
    return GreeterReply.newBuilder().setMessage(message).build();
  }
}
