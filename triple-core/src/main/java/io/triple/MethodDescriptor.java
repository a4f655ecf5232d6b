package io.triple;

import java.util.Objects;

/**
 * Describes one RPC method: its full name (the HTTP/2 {@code :path} without the leading slash),
 * its shape and how its messages are marshalled. Generated code creates these as constants.
 */
public final class MethodDescriptor<ReqT, RespT> {
  private final String serviceName;
  private final String methodName;
  private final String fullMethodName;
  private final String path;
  private final MethodType type;
  private final Marshaller<ReqT> requestMarshaller;
  private final Marshaller<RespT> responseMarshaller;

  private MethodDescriptor(
      String serviceName,
      String methodName,
      MethodType type,
      Marshaller<ReqT> requestMarshaller,
      Marshaller<RespT> responseMarshaller) {
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    this.methodName = Objects.requireNonNull(methodName, "methodName");
    this.type = Objects.requireNonNull(type, "type");
    this.requestMarshaller = Objects.requireNonNull(requestMarshaller, "requestMarshaller");
    this.responseMarshaller = Objects.requireNonNull(responseMarshaller, "responseMarshaller");
    this.fullMethodName = serviceName + "/" + methodName;
    this.path = "/" + fullMethodName;
  }

  /**
   * @param serviceName the fully qualified service, e.g. {@code org.apache.dubbo.sample.tri.Greeter}
   * @param methodName the method name exactly as in the .proto, e.g. {@code greet}
   */
  public static <ReqT, RespT> MethodDescriptor<ReqT, RespT> of(
      String serviceName,
      String methodName,
      MethodType type,
      Marshaller<ReqT> requestMarshaller,
      Marshaller<RespT> responseMarshaller) {
    return new MethodDescriptor<>(serviceName, methodName, type, requestMarshaller, responseMarshaller);
  }

  public String serviceName() {
    return serviceName;
  }

  public String methodName() {
    return methodName;
  }

  /** {@code package.Service/Method}. */
  public String fullMethodName() {
    return fullMethodName;
  }

  /** The HTTP/2 {@code :path}: {@code /package.Service/Method}. */
  public String path() {
    return path;
  }

  public MethodType type() {
    return type;
  }

  public Marshaller<ReqT> requestMarshaller() {
    return requestMarshaller;
  }

  public Marshaller<RespT> responseMarshaller() {
    return responseMarshaller;
  }

  @Override
  public String toString() {
    return "MethodDescriptor{" + fullMethodName + ", " + type + "}";
  }
}
