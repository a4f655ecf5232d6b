package io.triple.pojo.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An object of a peer's class that this process does not have, by the class's name and its
 * fields: what a {@link Serialization} writes as an object of class {@code className} with these
 * fields, in this order, and what it reads an object into when the read's {@link ClassGuard} lists
 * the name in {@link ClassGuard#readsAsWireObject} (nothing is loaded then). Field values are what
 * the serialization writes and reads anyway (strings, numbers, maps, lists, other WireObjects).
 *
 * <p>Used for Apache Dubbo's {@code org.apache.dubbo.metadata.MetadataInfo}, which its
 * {@code MetadataService} returns: Dubbo reads the bytes into its own class, and we do not put
 * classes in Dubbo's packages. Supported by {@code hessian2}.
 *
 * @param className the peer's class name, as {@link Class#getName()} spells it
 * @param fields field name to value, in the order the peer's serializer writes them
 */
public record WireObject(String className, Map<String, Object> fields) {
  public WireObject {
    Objects.requireNonNull(className, "className");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields == null ? Map.of() : fields));
  }

  /** The field {@code name}, or null. */
  public Object get(String name) {
    return fields.get(name);
  }
}
