package io.triple.pojo.internal;

import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Generic-call arguments (maps, lists, strings and numbers, as Dubbo's generic callers send
 * them) made into the types a method declares, as Dubbo's {@code PojoUtils.realize} does: a map
 * becomes a bean of the declared type, or of the class its {@code "class"} key names; lists and
 * arrays become the declared collection or array with their elements realized to its element
 * type ({@code List<Item>} gives Items); map keys and values likewise; strings become enums,
 * dates and {@code java.time} values; numbers are widened or narrowed (see {@link Scalars}).
 *
 * <p>This is where a generic call could create objects of the caller's choosing, so every class
 * created from a map goes through the {@link ClassGuard} first, the same allow list that guards
 * the serializations: a {@code "class"} key is loaded through {@link ClassGuard#load} (a gadget, or
 * in STRICT mode anything outside the allow list, ends the call with {@link ClassRefusedException}
 * before anything is created), it must name a subtype of the declared type, and the declared
 * types themselves must be allowed. Maps never become JDK classes other than maps, exceptions
 * (through their message constructor), enums and Instant: the JDK's insides are not ours to set.
 *
 * <p>Bad data fails with IllegalArgumentException saying where ({@code items[2].price}) and why.
 */
public final class Realizer {
  /** Deeper nesting than this is refused (a cycle built into records, or a stack-exhausting payload). */
  static final int MAX_DEPTH = 100;

  private final ClassGuard guard;

  public Realizer(ClassGuard guard) {
    this.guard = guard;
  }

  /**
   * {@code args} (null for none) as {@code types}, one by one.
   *
   * @throws IllegalArgumentException if they do not fit (the message names the argument and the property)
   * @throws ClassRefusedException if they name a class the guard refuses
   */
  public Object[] realizeArguments(Object[] args, Type[] types) throws ClassRefusedException {
    Object[] in = args != null ? args : new Object[types.length];
    if (in.length != types.length) {
      throw new IllegalArgumentException(types.length + " argument(s) expected, " + in.length + " given");
    }
    Object[] out = new Object[in.length];
    Map<Object, Object> seen = new IdentityHashMap<>();
    for (int i = 0; i < in.length; i++) {
      Class<?> raw = Types.raw(types[i]);
      try {
        out[i] = realize(in[i], types[i], 0, seen);
        if (out[i] == null && raw.isPrimitive()) {
          throw new IllegalArgumentException("null for a " + raw.getName());
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("argument " + i + " (" + types[i].getTypeName() + "): " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** {@code value} as a {@code type}; see {@link #realizeArguments}. */
  public Object realize(Object value, Type type) throws ClassRefusedException {
    return realize(value, type, 0, new IdentityHashMap<>());
  }

  private Object realize(Object v, Type type, int depth, Map<Object, Object> seen) throws ClassRefusedException {
    if (v == null) {
      return null;
    }
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
    }
    Class<?> target = Scalars.box(Types.raw(type));
    boolean array = v.getClass().isArray();
    if (!(v instanceof Map) && !(v instanceof Collection) && !array) {
      if (target.isInstance(v)) {
        return v;
      }
      if (Scalars.isScalar(v.getClass())) {
        return Scalars.convert(v, Types.raw(type), guard);
      }
      throw Scalars.cannot(v, Types.raw(type), null);
    }
    if (array && target.isInstance(v) && Scalars.isScalarOrArrayOf(v.getClass())) {
      return v; // int[] for an int[] (or an Object): nothing inside to realize
    }
    Object done = seen.get(v);
    if (done != null && target.isInstance(done)) {
      return done; // a shared or cyclic reference, realized once
    }
    if (v instanceof Map<?, ?> m) {
      return fromMap(m, type, target, depth, seen);
    }
    return fromSequence(v, type, target, depth, seen);
  }

  // ---- maps -----------------------------------------------------------------------------------

  private Object fromMap(Map<?, ?> m, Type type, Class<?> declared, int depth, Map<Object, Object> seen)
      throws ClassRefusedException {
    Class<?> cls = declared;
    boolean named = false;
    if (m.get("class") instanceof String name) {
      Class<?> c = guard.load(name); // refused: nothing of it is created
      if (!declared.isAssignableFrom(c)) {
        throw new IllegalArgumentException("the map's class " + name + " is not a " + declared.getTypeName());
      }
      if (c != declared) {
        type = c; // the declared type arguments belong to the declared class, not to this one
      }
      cls = c;
      named = true;
    }
    if (cls.isEnum()) {
      if (!(m.get("name") instanceof String constant)) {
        throw new IllegalArgumentException("a map for the enum " + cls.getName() + " needs a string 'name'");
      }
      return Scalars.convert(constant, cls, guard);
    }
    // A map stays a map where one is declared, or where the declared type (Object, Serializable...)
    // takes a map and no class key names something else.
    if (Map.class.isAssignableFrom(cls) || (!named && cls.isAssignableFrom(LinkedHashMap.class))) {
      return toMap(m, type, cls, named, depth, seen);
    }
    if (cls == Instant.class) {
      long seconds = (Long) Scalars.convert(require(m, "epochSecond", cls), long.class, guard);
      long nanos = m.get("nano") == null ? 0 : (Long) Scalars.convert(m.get("nano"), long.class, guard);
      return Instant.ofEpochSecond(seconds, nanos);
    }
    if (cls.isInterface() || Modifier.isAbstract(cls.getModifiers())) {
      throw new IllegalArgumentException(cls.getName() + " is abstract: the map needs a 'class' key naming"
          + " the implementation");
    }
    if (isPlatform(cls) && !Throwable.class.isAssignableFrom(cls)) {
      throw new IllegalArgumentException("cannot make a " + cls.getName() + " of a map");
    }
    if (!guard.allows(cls.getName())) {
      throw new ClassRefusedException(cls.getName(), "not allowed by the class guard");
    }
    return cls.isRecord() ? toRecord(m, type, cls, depth, seen) : toBean(m, type, cls, depth, seen);
  }

  private Object toBean(Map<?, ?> m, Type type, Class<?> cls, int depth, Map<Object, Object> seen)
      throws ClassRefusedException {
    Object bean = Beans.instantiate(cls, m.get("message"));
    seen.put(m, bean);
    Map<String, Beans.Property> props = Beans.writable(cls);
    var bindings = Types.bindings(cls, type);
    boolean throwable = bean instanceof Throwable;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String name) || e.getValue() == null || name.equals("class")
          // a sender's stack trace is not ours, and StackTraceElement is not made of maps
          || (throwable && (name.equals("stackTrace") || name.equals("suppressed")))) {
        continue;
      }
      Beans.Property p = props.get(name);
      if (p == null) {
        continue; // as Dubbo: a property the class does not have is ignored
      }
      try {
        Object value = realize(e.getValue(), Types.resolve(p.genericType(), bindings), depth + 1, seen);
        p.set(bean, value);
      } catch (IllegalArgumentException x) {
        throw at(name, x);
      } catch (InvocationTargetException x) {
        throw at(name, new IllegalArgumentException("the setter threw " + x.getCause(), x.getCause()));
      } catch (ReflectiveOperationException x) {
        throw at(name, new IllegalArgumentException(x.toString(), x));
      }
    }
    return bean;
  }

  private Object toRecord(Map<?, ?> m, Type type, Class<?> cls, int depth, Map<Object, Object> seen)
      throws ClassRefusedException {
    var bindings = Types.bindings(cls, type);
    Map<String, Object> values = new LinkedHashMap<>();
    for (RecordComponent rc : cls.getRecordComponents()) {
      try {
        values.put(rc.getName(), realize(m.get(rc.getName()), Types.resolve(rc.getGenericType(), bindings),
            depth + 1, seen));
      } catch (IllegalArgumentException x) {
        throw at(rc.getName(), x);
      }
    }
    return Beans.record(cls, values);
  }

  private Object toMap(Map<?, ?> m, Type type, Class<?> cls, boolean dropClass, int depth, Map<Object, Object> seen)
      throws ClassRefusedException {
    Type keyType = Types.typeArgument(type, Map.class, 0); // Object where the type does not say
    Type valueType = Types.typeArgument(type, Map.class, 1);
    Map<Object, Object> dest = newMap(cls);
    seen.put(m, dest);
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (dropClass && "class".equals(e.getKey())) {
        continue;
      }
      String where = "{" + e.getKey() + "}";
      try {
        dest.put(realize(e.getKey(), keyType, depth + 1, seen), realize(e.getValue(), valueType, depth + 1, seen));
      } catch (IllegalArgumentException x) {
        throw at(where, x);
      } catch (NullPointerException x) {
        throw at(where, new IllegalArgumentException("a " + dest.getClass().getSimpleName() + " takes no nulls"));
      }
    }
    return dest;
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> newMap(Class<?> cls) throws ClassRefusedException {
    if (cls == Object.class || cls.isInterface() || Modifier.isAbstract(cls.getModifiers())) {
      if (cls.isAssignableFrom(LinkedHashMap.class)) {
        return new LinkedHashMap<>();
      } else if (cls.isAssignableFrom(TreeMap.class)) {
        return new TreeMap<>();
      } else if (cls.isAssignableFrom(ConcurrentHashMap.class)) {
        return new ConcurrentHashMap<>();
      } else if (cls.isAssignableFrom(ConcurrentSkipListMap.class)) {
        return new ConcurrentSkipListMap<>();
      }
      throw new IllegalArgumentException("cannot make a " + cls.getName() + " of a map");
    }
    return (Map<Object, Object>) newInstance(cls);
  }

  // ---- lists and arrays -----------------------------------------------------------------------

  private Object fromSequence(Object v, Type type, Class<?> target, int depth, Map<Object, Object> seen)
      throws ClassRefusedException {
    List<Object> items = new ArrayList<>();
    if (v instanceof Collection<?> c) {
      items.addAll(c);
    } else {
      for (int i = 0, n = Array.getLength(v); i < n; i++) {
        items.add(Array.get(v, i));
      }
    }
    if (target.isArray()) {
      Type elementType = Types.componentType(type);
      Object dest = Array.newInstance(Types.raw(elementType), items.size());
      seen.put(v, dest);
      for (int i = 0; i < items.size(); i++) {
        try {
          Object item = realize(items.get(i), elementType, depth + 1, seen);
          if (item == null && dest.getClass().getComponentType().isPrimitive()) {
            throw new IllegalArgumentException("null for a " + dest.getClass().getComponentType());
          }
          Array.set(dest, i, item);
        } catch (IllegalArgumentException x) {
          throw at("[" + i + "]", x);
        }
      }
      return dest;
    }
    if (target != Object.class && !target.isAssignableFrom(ArrayList.class) && !Collection.class.isAssignableFrom(target)) {
      throw new IllegalArgumentException("cannot make a " + target.getTypeName() + " of a "
          + (v instanceof Collection ? "list" : "array"));
    }
    Type elementType = target == Object.class ? Object.class
        : Collection.class.isAssignableFrom(target) ? Types.typeArgument(type, Collection.class, 0)
        : Types.typeArgument(type, Iterable.class, 0);
    Collection<Object> dest = newCollection(target, v instanceof Set);
    seen.put(v, dest);
    for (int i = 0; i < items.size(); i++) {
      try {
        dest.add(realize(items.get(i), elementType, depth + 1, seen));
      } catch (IllegalArgumentException x) {
        throw at("[" + i + "]", x);
      } catch (NullPointerException | ClassCastException x) {
        throw at("[" + i + "]", new IllegalArgumentException("a " + dest.getClass().getSimpleName()
            + " cannot hold " + items.get(i)));
      }
    }
    return dest;
  }

  @SuppressWarnings("unchecked")
  private Collection<Object> newCollection(Class<?> target, boolean fromSet) throws ClassRefusedException {
    if (target == Object.class || target.isInterface() || Modifier.isAbstract(target.getModifiers())) {
      if (fromSet && target.isAssignableFrom(LinkedHashSet.class)) {
        return new LinkedHashSet<>();
      } else if (target.isAssignableFrom(ArrayList.class)) {
        return new ArrayList<>();
      } else if (target.isAssignableFrom(LinkedHashSet.class)) {
        return new LinkedHashSet<>();
      } else if (target.isAssignableFrom(TreeSet.class)) {
        return new TreeSet<>();
      } else if (target.isAssignableFrom(ArrayDeque.class)) {
        return new ArrayDeque<>();
      }
      throw new IllegalArgumentException("cannot make a " + target.getName() + " of a list");
    }
    return (Collection<Object>) newInstance(target);
  }

  // ---- shared ---------------------------------------------------------------------------------

  /** A declared concrete collection or map class, through its no-argument constructor. */
  private Object newInstance(Class<?> c) throws ClassRefusedException {
    if (!guard.allows(c.getName())) {
      throw new ClassRefusedException(c.getName(), "not allowed by the class guard");
    }
    try {
      return c.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("cannot create a " + c.getName() + ": " + e, e);
    }
  }

  private static Object require(Map<?, ?> m, String key, Class<?> cls) {
    Object v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("a map for " + cls.getName() + " needs '" + key + "'");
    }
    return v;
  }

  private static boolean isPlatform(Class<?> c) {
    String n = c.getName();
    return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
        || n.startsWith("com.sun.");
  }

  /** {@code e} with {@code segment} prepended to the path it names. */
  private static IllegalArgumentException at(String segment, IllegalArgumentException e) {
    if (e instanceof PathException p) {
      String sep = p.path.startsWith("[") || p.path.startsWith("{") ? "" : ".";
      return new PathException(segment + sep + p.path, p.reason, p.getCause());
    }
    return new PathException(segment, e.getMessage(), e);
  }

  /** Bad data at a path inside a value: "at items[2].price: cannot make a ...". */
  private static final class PathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    final String path;
    final String reason;

    PathException(String path, String reason, Throwable cause) {
      super("at " + path + ": " + reason, cause);
      this.path = path;
      this.reason = reason;
    }
  }
}
