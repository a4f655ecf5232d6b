package io.triple.pojo.internal;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Values into the form a generic call carries them in, as Dubbo's {@code PojoUtils.generalize}
 * writes it, so that Dubbo's generic callers read our results as they read a Dubbo provider's:
 *
 * <ul>
 *   <li>null, primitives and their boxes, String, every Number (BigDecimal, BigInteger...), Date
 *       and its java.sql subclasses, and arrays of these: as they are;
 *   <li>an enum: its name; an array of enums: a String[] of names; a Class: its name;
 *   <li>{@code LocalDate}, {@code LocalDateTime}, {@code LocalTime}: their ISO strings;
 *       {@code Instant}: a bean like any other ({@code class}, {@code epochSecond}, {@code nano});
 *   <li>arrays: {@code Object[]}; lists: ArrayList; other collections: LinkedHashSet; maps:
 *       LinkedHashMap; elements, keys and values generalized in turn;
 *   <li>any other object: a LinkedHashMap with {@code "class"} (its class name) first, then its
 *       getter properties in name order, then its public non-final fields.
 * </ul>
 *
 * Two departures from Dubbo, both where Dubbo's form cannot be used: the other {@code java.time}
 * values (ZonedDateTime, OffsetDateTime, Duration, ZoneId...) become their ISO strings (Dubbo
 * walks their getters into the zone's whole rule set, or fails on the JDK's non-public zone
 * classes); a record becomes its components (Dubbo sees no getters in one). A value met twice is
 * generalized once, so shared and cyclic references stay shared.
 */
public final class Generalizer {
  private Generalizer() {}

  /** {@code value} generalized. */
  public static Object generalize(Object value) {
    return generalize(value, new IdentityHashMap<>());
  }

  /** Each of {@code values} generalized (null stays null). */
  public static Object[] generalizeAll(Object[] values) {
    if (values == null) {
      return null;
    }
    IdentityHashMap<Object, Object> seen = new IdentityHashMap<>();
    Object[] out = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = generalize(values[i], seen);
    }
    return out;
  }

  private static Object generalize(Object v, Map<Object, Object> seen) {
    if (v == null) {
      return null;
    }
    Class<?> c = v.getClass();
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (c.isArray() && c.getComponentType().isEnum()) {
      String[] names = new String[Array.getLength(v)];
      for (int i = 0; i < names.length; i++) {
        Object e = Array.get(v, i);
        names[i] = e == null ? null : ((Enum<?>) e).name();
      }
      return names;
    }
    if (Scalars.isScalarOrArrayOf(c)) {
      return v;
    }
    if (v instanceof Class<?> k) {
      return k.getName();
    }
    if (c.getName().startsWith("java.time.") && c != Instant.class) {
      return v.toString();
    }
    Object done = seen.get(v);
    if (done != null) {
      return done;
    }
    if (c.isArray()) {
      Object[] dest = new Object[Array.getLength(v)];
      seen.put(v, dest);
      for (int i = 0; i < dest.length; i++) {
        dest[i] = generalize(Array.get(v, i), seen);
      }
      return dest;
    }
    if (v instanceof Collection<?> src) {
      Collection<Object> dest = v instanceof List<?> ? new ArrayList<>(src.size()) : new LinkedHashSet<>();
      seen.put(v, dest);
      for (Object o : src) {
        dest.add(generalize(o, seen));
      }
      return dest;
    }
    Map<Object, Object> dest = new LinkedHashMap<>();
    seen.put(v, dest);
    if (v instanceof Map<?, ?> src) {
      for (Map.Entry<?, ?> e : src.entrySet()) {
        dest.put(generalize(e.getKey(), seen), generalize(e.getValue(), seen));
      }
      return dest;
    }
    dest.put("class", c.getName());
    try {
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          rc.getAccessor().trySetAccessible();
          dest.put(rc.getName(), generalize(rc.getAccessor().invoke(v), seen));
        }
        return dest;
      }
      for (Beans.Reader r : Beans.readable(c)) {
        Object value = r.get(v);
        // As Dubbo: a getter's null is written, a public field's null is left out.
        if (r.getter() != null || value != null) {
          dest.put(r.name(), generalize(value, seen));
        }
      }
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot generalize a " + c.getName() + ": a getter threw " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot generalize a " + c.getName() + ": " + e, e);
    }
    return dest;
  }
}
