package io.triple;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A service ready to be added to a server: its name and a handler per method. Generated code
 * builds one with {@code XxxTriple.bindService(impl)}.
 */
public final class ServiceDefinition {
  private final String serviceName;
  private final Map<String, ServerMethodDefinition<?, ?>> methods;

  private ServiceDefinition(String serviceName, Map<String, ServerMethodDefinition<?, ?>> methods) {
    this.serviceName = serviceName;
    this.methods = Collections.unmodifiableMap(methods);
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
    return "ServiceDefinition{" + serviceName + ", methods=" + methods.keySet() + "}";
  }

  /** Builds a {@link ServiceDefinition}. */
  public static final class Builder {
    private final String serviceName;
    private final Map<String, ServerMethodDefinition<?, ?>> methods = new LinkedHashMap<>();

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

    public ServiceDefinition build() {
      return new ServiceDefinition(serviceName, new LinkedHashMap<>(methods));
    }
  }
}
