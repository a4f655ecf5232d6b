package io.triple.serialization.fastjson2;

import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONReader;
import com.alibaba.fastjson2.util.TypeUtils;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import java.util.Map;

/**
 * Resolves the class names a JSONB value carries (its "autoType"), each through one read's guard;
 * fastjson2 calls it for every name it meets, and loads none itself (autoType support stays off).
 *
 * <p>fastjson2 spells some JDK classes by short aliases ({@code M} for HashMap, {@code [O} for
 * Object[], {@code String}) and reads some JDK implementation classes as others (a
 * {@code java.util.ImmutableCollections$List12} arrives by that name and is read as an ArrayList);
 * such a name is resolved through fastjson2's own table as Dubbo's handler does, the guard being
 * asked about the Java name it carries and about the class that is created. Arrays ({@code X[]},
 * {@code [X}) are resolved by their element.
 *
 * <p>A refusal is thrown to fastjson2 (which may wrap or, somewhere, swallow it) and also kept;
 * the read ends with it whatever fastjson2 did.
 */
final class GuardedAutoTypeHandler implements JSONReader.AutoTypeBeforeHandler {
  private static final Map<String, Class<?>> PRIMITIVES = Map.of(
      "boolean", boolean.class, "byte", byte.class, "char", char.class, "short", short.class,
      "int", int.class, "long", long.class, "float", float.class, "double", double.class);

  private final ClassGuard guard;
  private ClassRefusedException refused;

  GuardedAutoTypeHandler(ClassGuard guard) {
    this.guard = guard;
  }

  /** The first refusal of this read, or null. */
  ClassRefusedException refused() {
    return refused;
  }

  @Override
  public Class<?> apply(String typeName, Class<?> expectClass, long features) {
    try {
      return resolve(typeName);
    } catch (ClassRefusedException e) {
      if (refused == null) {
        refused = e;
      }
      throw new JSONException(e.getMessage(), e);
    }
  }

  // apply(long typeNameHash, ...) keeps its default (null): fastjson2 then calls apply(String).

  private Class<?> resolve(String name) throws ClassRefusedException {
    Class<?> aliased = TypeUtils.getMapping(name); // a fixed table of JDK classes: nothing is loaded
    if (aliased != null && aliased.isPrimitive()) {
      return aliased; // "I", "J", ...: array element types, nothing a guard decides
    }
    if (aliased != null) {
      if (isJavaName(name) && !name.equals(aliased.getName())) {
        guard.load(name); // e.g. java.util.ImmutableCollections$List12, read as an ArrayList
      }
      guard.load(aliased.getName());
      return aliased;
    }
    if (name.endsWith("[]")) {
      return resolve(name.substring(0, name.length() - 2)).arrayType();
    }
    if (name.startsWith("[")) {
      String element = name.substring(1);
      if (element.startsWith("L") && element.endsWith(";")) {
        element = element.substring(1, element.length() - 1);
      }
      return resolve(element).arrayType();
    }
    Class<?> primitive = PRIMITIVES.get(name);
    return primitive != null ? primitive : guard.load(name);
  }

  /** A class name as Java spells it (as opposed to one of fastjson2's aliases or array forms). */
  private static boolean isJavaName(String name) {
    return name.indexOf('.') > 0 && name.charAt(0) != '[';
  }
}
