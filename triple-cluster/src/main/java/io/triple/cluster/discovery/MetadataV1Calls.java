package io.triple.cluster.discovery;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.pojo.internal.Serializations;
import io.triple.pojo.internal.Wrappers;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.Serialization;
import io.triple.pojo.spi.WireObject;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.stub.ClientCalls;
import io.triple.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The calls of {@link MetadataServiceV1} in Triple's wrapper mode: the request wrapper holds the
 * revision in hessian2 (declared {@code java.lang.String}), the response wrapper Dubbo's
 * MetadataInfo in hessian2 (declared {@code org.apache.dubbo.metadata.MetadataInfo}), as Dubbo's
 * {@code ReflectionPackableMethod} packs them. Loaded only when triple-pojo is on the class path.
 */
final class MetadataV1Calls {
  private static final String STRING = "java.lang.String";

  /**
   * The JDK maps Dubbo's MetadataInfo holds its services and parameters in, which hessian names
   * in the bytes (a typed map): these and nothing else are loaded.
   */
  private static final Map<String, Class<?>> MAPS = Map.of(
      HashMap.class.getName(), HashMap.class,
      LinkedHashMap.class.getName(), LinkedHashMap.class,
      TreeMap.class.getName(), TreeMap.class,
      ConcurrentHashMap.class.getName(), ConcurrentHashMap.class,
      ConcurrentSkipListMap.class.getName(), ConcurrentSkipListMap.class);

  /** Reads strings, numbers, the maps above and Dubbo's two metadata classes (as WireObjects). */
  private static final ClassGuard GUARD = new ClassGuard() {
    @Override
    public Class<?> load(String className) throws ClassRefusedException {
      Class<?> map = MAPS.get(className);
      if (map == null) {
        throw new ClassRefusedException(className, "not part of Dubbo's MetadataService reply");
      }
      return map;
    }

    @Override
    public boolean allows(String className) {
      return MAPS.containsKey(className);
    }

    @Override
    public boolean readsAsWireObject(String className) {
      return DubboMetadataInfo.CLASS.equals(className) || DubboMetadataInfo.SERVICE_INFO_CLASS.equals(className);
    }
  };

  private MetadataV1Calls() {}

  static Serialization hessian2() {
    return Serializations.installed().get("hessian2");
  }

  private static MethodDescriptor<Wrappers.Request, Wrappers.Response> method(String name) {
    return MethodDescriptor.of(MetadataServiceV1.SERVICE, name, MethodType.UNARY, Wrappers.REQUEST,
        Wrappers.RESPONSE);
  }

  static ServiceDefinition definition(String app, Function<String, MetadataInfo> lookup) {
    Serialization hessian = hessian2();
    ServiceDefinition.Builder b = ServiceDefinition.builder(MetadataServiceV1.SERVICE);
    b.addMethod(method(MetadataServiceV1.GET_METADATA_INFO), ServerCalls.unaryCall(request -> {
      try {
        String revision = revision(hessian, request);
        MetadataInfo info = revision == null || revision.isEmpty() ? null : lookup.apply(revision);
        return CompletableFuture.completedFuture(
            new Wrappers.Response(Wrappers.HESSIAN_WIRE_NAME, write(info), DubboMetadataInfo.CLASS));
      } catch (IOException e) {
        return CompletableFuture.failedFuture(new StatusException(Status.INVALID_ARGUMENT.withDescription(
            MetadataServiceV1.SERVICE + "/getMetadataInfo: " + e.getMessage())));
      } catch (StatusException e) {
        return CompletableFuture.failedFuture(e);
      }
    }));
    for (String name : MetadataServiceV1.OTHER_METHODS) {
      b.addMethod(method(name), ServerCalls.unaryCall(request -> CompletableFuture.failedFuture(
          new StatusException(Status.UNIMPLEMENTED.withDescription(MetadataServiceV1.SERVICE + "/" + name
              + " is not served by triple-java: only getMetadataInfo(String revision) is (application "
              + app + ")")))));
    }
    return b.build().withVersion(MetadataServiceV1.VERSION).withGroup(app);
  }

  /** The revision argument: one hessian2 string, as Dubbo sends it. */
  private static String revision(Serialization hessian, Wrappers.Request request) throws IOException {
    if (!Wrappers.HESSIAN_WIRE_NAME.equals(request.serializeType())) {
      throw new StatusException(Status.INVALID_ARGUMENT.withDescription(MetadataServiceV1.SERVICE
          + " is served with hessian2 (" + Wrappers.HESSIAN_WIRE_NAME + ") only, not '"
          + request.serializeType() + "'"));
    }
    if (request.args().size() != 1 || !request.argTypes().equals(List.of(STRING))) {
      throw new StatusException(Status.UNIMPLEMENTED.withDescription(MetadataServiceV1.SERVICE
          + "/getMetadataInfo takes one java.lang.String (the revision), not " + request.argTypes()));
    }
    Object value = hessian.read(new ByteArrayInputStream(request.args().get(0)), String.class, String.class,
        GUARD);
    return (String) value;
  }

  /** Dubbo's MetadataInfo (null: null) in hessian2, as Dubbo's provider writes it. */
  static byte[] write(MetadataInfo info) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    hessian2().write(info == null ? null : DubboMetadataInfo.toWire(info), Object.class, out);
    return out.toByteArray();
  }

  /**
   * Dubbo's MetadataInfo from hessian2 bytes (null for null or no bytes); any class named in them
   * other than Dubbo's two and the JDK maps ends the read.
   */
  static MetadataInfo read(byte[] data) throws IOException {
    if (data.length == 0) {
      return null;
    }
    Object value = hessian2().read(new ByteArrayInputStream(data), Object.class, Object.class, GUARD);
    if (value == null) {
      return null;
    }
    if (!(value instanceof WireObject w) || !DubboMetadataInfo.CLASS.equals(w.className())) {
      throw new IOException("reply is not a " + DubboMetadataInfo.CLASS + " but " + value.getClass().getName());
    }
    return DubboMetadataInfo.fromWire(w);
  }

  static MetadataInfo fetch(Channel channel, CallOptions options, String revision) {
    Serialization hessian = hessian2();
    try {
      ByteArrayOutputStream arg = new ByteArrayOutputStream();
      hessian.write(revision, String.class, arg);
      Wrappers.Response response = ClientCalls.blockingUnary(channel, method(MetadataServiceV1.GET_METADATA_INFO),
          options, new Wrappers.Request(Wrappers.HESSIAN_WIRE_NAME, List.of(arg.toByteArray()), List.of(STRING)));
      if (!Wrappers.HESSIAN_WIRE_NAME.equals(response.serializeType())) {
        throw new IOException("reply in '" + response.serializeType() + "', not hessian2");
      }
      return read(response.data());
    } catch (IOException e) {
      throw new StatusException(Status.INTERNAL.withDescription(MetadataServiceV1.SERVICE
          + "/getMetadataInfo: unreadable reply: " + e.getMessage()));
    }
  }
}
