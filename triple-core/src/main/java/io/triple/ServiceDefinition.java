package io.triple;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A service ready to be added to a server: its name and a handler per method. Generated code
 * builds one with {@code XxxTriple.bindService(impl)}.
 */
public final class ServiceDefinition {
  private final String serviceName;
  private final Map<String, ServerMethodDefinition<?, ?>> methods;
  private final String compression;
  private final String version;
  private final String group;
  private final Object schemaDescriptor;
  private final Consumer<List<ServiceDefinition>> serverListener;

  private ServiceDefinition(
      String serviceName,
      Map<String, ServerMethodDefinition<?, ?>> methods,
      String compression,
      String version,
      String group,
      Object schemaDescriptor,
      Consumer<List<ServiceDefinition>> serverListener) {
    this.serviceName = serviceName;
    this.methods = Collections.unmodifiableMap(methods);
    this.compression = compression;
    this.version = version == null ? "" : version;
    this.group = group == null ? "" : group;
    this.schemaDescriptor = schemaDescriptor;
    this.serverListener = serverListener;
  }

  private ServiceDefinition copy(
      Map<String, ServerMethodDefinition<?, ?>> methods, String compression, String version,
      String group) {
    return new ServiceDefinition(
        serviceName, methods, compression, version, group, schemaDescriptor, serverListener);
  }

  /**
   * A copy served as this version (Dubbo's {@code version}); clients select it with the
   * {@code tri-service-version} header. One server can host several versions of a service.
   */
  public ServiceDefinition withVersion(String version) {
    return copy(methods, compression, version, group);
  }

  /** A copy served in this group (Dubbo's {@code group}, header {@code tri-service-group}). */
  public ServiceDefinition withGroup(String group) {
    return copy(methods, compression, version, group);
  }

  /** The version, or "" for none. */
  public String version() {
    return version;
  }

  /** The group, or "" for none. */
  public String group() {
    return group;
  }

  /**
   * A copy whose responses are compressed with {@code encoding} ({@code "gzip"}) for clients
   * that accept it; {@code "identity"} or null turns it off.
   */
  public ServiceDefinition withCompression(String encoding) {
    if (encoding != null && !encoding.equals("gzip") && !encoding.equals("identity")) {
      throw new IllegalArgumentException("Unsupported compression '" + encoding + "' (supported: gzip, identity)");
    }
    return copy(methods, "identity".equals(encoding) ? null : encoding, version, group);
  }

  /**
   * A copy whose calls pass through {@code interceptors} (in the order given: the first sees each
   * call first) before reaching the service. Calling it again adds interceptors outside the
   * existing ones.
   */
  public ServiceDefinition withInterceptors(ServerInterceptor... interceptors) {
    return withInterceptors(List.of(interceptors));
  }

  /** As {@link #withInterceptors(ServerInterceptor...)}. */
  public ServiceDefinition withInterceptors(List<? extends ServerInterceptor> interceptors) {
    if (interceptors.isEmpty()) {
      return this;
    }
    Map<String, ServerMethodDefinition<?, ?>> wrapped = new LinkedHashMap<>();
    for (Map.Entry<String, ServerMethodDefinition<?, ?>> e : methods.entrySet()) {
      wrapped.put(e.getKey(), intercepted(e.getValue(), interceptors));
    }
    return copy(wrapped, compression, version, group);
  }

  private static <ReqT, RespT> ServerMethodDefinition<ReqT, RespT> intercepted(
      ServerMethodDefinition<ReqT, RespT> def, List<? extends ServerInterceptor> interceptors) {
    ServerCallHandler<ReqT, RespT> handler = def.handler();
    for (int i = interceptors.size() - 1; i >= 0; i--) {
      ServerInterceptor interceptor = interceptors.get(i);
      ServerCallHandler<ReqT, RespT> next = handler;
      handler = (call, headers) -> interceptor.interceptCall(call, headers, next);
    }
    return new ServerMethodDefinition<>(def.method(), handler);
  }

  /** The response compression for this service, or null. */
  public String compression() {
    return compression;
  }

  /**
   * What describes this service's schema, or null: for services generated from a {@code .proto}
   * file, its {@code com.google.protobuf.Descriptors.ServiceDescriptor} (server reflection lists
   * and describes the services that have one).
   */
  public Object schemaDescriptor() {
    return schemaDescriptor;
  }

  /**
   * Called by a server this service is added to, when the server is built, with every service it
   * serves (this one included, as the server holds it). Null for most services.
   */
  public Consumer<List<ServiceDefinition>> serverListener() {
    return serverListener;
  }

  /**
   * A copy whose {@link #serverListener()} is {@code listener}: lets a service that reports on
   * its server (server reflection) learn what the server serves.
   */
  public ServiceDefinition withServerListener(Consumer<List<ServiceDefinition>> listener) {
    return new ServiceDefinition(
        serviceName, methods, compression, version, group, schemaDescriptor, listener);
  }

  public static Builder builder(String serviceName) {
    return new Builder(serviceName);
  }

  public String serviceName() {
    return serviceName;
  }

  public Collection<ServerMethodDefinition<?, ?>> methods() {
    return methods.values();
  }

  /** The method with this proto name (e.g. {@code greet}), or null. */
  public ServerMethodDefinition<?, ?> method(String methodName) {
    return methods.get(methodName);
  }

  @Override
  public String toString() {
    return "ServiceDefinition{" + serviceName
        + (version.isEmpty() ? "" : ", version=" + version)
        + (group.isEmpty() ? "" : ", group=" + group)
        + ", methods=" + methods.keySet() + "}";
  }

  /** Builds a {@link ServiceDefinition}. */
  public static final class Builder {
    private final String serviceName;
    private final Map<String, ServerMethodDefinition<?, ?>> methods = new LinkedHashMap<>();
    private Object schemaDescriptor;

    private Builder(String serviceName) {
      this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    }

    public <ReqT, RespT> Builder addMethod(
        MethodDescriptor<ReqT, RespT> method, ServerCallHandler<ReqT, RespT> handler) {
      if (!method.serviceName().equals(serviceName)) {
        throw new IllegalArgumentException(
            "method " + method.fullMethodName() + " is not in service " + serviceName);
      }
      if (methods.putIfAbsent(method.methodName(), new ServerMethodDefinition<>(method, handler))
          != null) {
        throw new IllegalArgumentException("duplicate method " + method.fullMethodName());
      }
      return this;
    }

    /** See {@link ServiceDefinition#schemaDescriptor()}; generated code sets it. */
    public Builder schemaDescriptor(Object schemaDescriptor) {
      this.schemaDescriptor = schemaDescriptor;
      return this;
    }

    public ServiceDefinition build() {
      return new ServiceDefinition(serviceName, new LinkedHashMap<>(methods), null, "", "",
          schemaDescriptor, null);
    }
  }
}
