package io.triple.pojo.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bean view of a class that Dubbo's PojoUtils takes, so that a map made here reads the same
 * as one a Dubbo provider makes, and a map from a Dubbo caller fills the same properties:
 * readable properties are the public {@code getX()}/{@code isX()} methods and the public
 * non-final fields; writable ones are the public {@code setX(v)} methods, else the fields of that
 * name. Looked up once per class.
 */
final class Beans {
  private Beans() {}

  /** One writable property: through its setter when there is one, else its field. */
  record Property(String name, Method setter, Field field) {
    Type genericType() {
      return setter != null ? setter.getGenericParameterTypes()[0] : field.getGenericType();
    }

    void set(Object bean, Object value) throws ReflectiveOperationException {
      if (setter != null) {
        setter.invoke(bean, value);
      } else {
        field.set(bean, value);
      }
    }
  }

  /** A getter (or public field) and the property name it reads. */
  record Reader(String name, Method getter, Field field) {
    Object get(Object bean) throws ReflectiveOperationException {
      return getter != null ? getter.invoke(bean) : field.get(bean);
    }
  }

  private static final ClassValue<Map<String, Property>> WRITABLE = new ClassValue<>() {
    @Override
    protected Map<String, Property> computeValue(Class<?> c) {
      return writable0(c);
    }
  };

  private static final ClassValue<List<Reader>> READABLE = new ClassValue<>() {
    @Override
    protected List<Reader> computeValue(Class<?> c) {
      return readable0(c);
    }
  };

  static Map<String, Property> writable(Class<?> c) {
    return WRITABLE.get(c);
  }

  /** Getters in name order, then public fields no getter covers: what generalize writes. */
  static List<Reader> readable(Class<?> c) {
    return READABLE.get(c);
  }

  private static Map<String, Property> writable0(Class<?> c) {
    Map<String, Field> fields = new LinkedHashMap<>();
    // Most-derived first: a subclass field hides its superclass's field of the same name.
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        // Transient state is the class's own business (hessian leaves it alone too); static is not the bean's.
        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()) && !f.isSynthetic()) {
          fields.putIfAbsent(f.getName(), f);
        }
      }
    }
    Map<String, Method> setters = new TreeMap<>();
    for (Method m : sorted(c.getMethods())) {
      String name = m.getName();
      if (name.length() > 3 && name.startsWith("set") && m.getParameterCount() == 1
          && !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class) {
        String property = decapitalize(name.substring(3));
        Field f = fields.get(property);
        Method seen = setters.get(property);
        // Overloaded setters: the one taking the field's type, as the bean's own type says.
        if (seen == null || (f != null && m.getParameterTypes()[0] == f.getType())) {
          setters.put(property, m);
        }
      }
    }
    Map<String, Property> props = new LinkedHashMap<>();
    for (Map.Entry<String, Method> s : setters.entrySet()) {
      if (s.getValue().trySetAccessible()) { // public setter of a non-public class
        props.put(s.getKey(), new Property(s.getKey(), s.getValue(), null));
      }
    }
    for (Map.Entry<String, Field> f : fields.entrySet()) {
      // trySetAccessible is false for the JDK's own classes: their insides are not ours to set.
      if (!props.containsKey(f.getKey()) && f.getValue().trySetAccessible()) {
        props.put(f.getKey(), new Property(f.getKey(), null, f.getValue()));
      }
    }
    return Map.copyOf(props);
  }

  private static List<Reader> readable0(Class<?> c) {
    Map<String, Reader> readers = new TreeMap<>();
    for (Method m : c.getMethods()) {
      String property = readProperty(m);
      if (property != null && !readers.containsKey(property)) {
        Method callable = m.trySetAccessible() ? m : publicDeclaration(c, m); // Dubbo's makeAccessible
        if (callable != null) {
          readers.put(property, new Reader(property, callable, null));
        }
      }
    }
    List<Reader> out = new ArrayList<>(readers.values());
    for (Field f : c.getFields()) {
      int mod = f.getModifiers();
      if (!Modifier.isStatic(mod) && !Modifier.isFinal(mod) && !f.isSynthetic() && !readers.containsKey(f.getName())) {
        out.add(new Reader(f.getName(), null, f));
      }
    }
    return List.copyOf(out);
  }

  /**
   * {@code m} as a public supertype of {@code c} declares it, for the JDK's non-public classes
   * ({@code Map.entry()}'s KeyValueHolder), whose own methods may not be called from here.
   */
  private static Method publicDeclaration(Class<?> c, Method m) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Class<?> t : allSupertypes(k)) {
        if (Modifier.isPublic(t.getModifiers())) {
          try {
            return t.getMethod(m.getName());
          } catch (NoSuchMethodException e) {
            // not declared there
          }
        }
      }
    }
    return null;
  }

  private static List<Class<?>> allSupertypes(Class<?> k) {
    List<Class<?>> out = new ArrayList<>(List.of(k));
    for (int i = 0; i < out.size(); i++) {
      for (Class<?> t : out.get(i).getInterfaces()) {
        if (!out.contains(t)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** Dubbo's isBeanPropertyReadMethod and getPropertyNameFromBeanReadMethod. */
  private static String readProperty(Method m) {
    if (Modifier.isStatic(m.getModifiers()) || m.getReturnType() == void.class || m.getParameterCount() != 0
        || m.getDeclaringClass() == Object.class) {
      return null;
    }
    String n = m.getName();
    if (n.startsWith("get") && n.length() > 3) {
      return decapitalize(n.substring(3));
    }
    if (n.startsWith("is") && n.length() > 2) {
      return decapitalize(n.substring(2));
    }
    return null;
  }

  /** Dubbo lower-cases the first letter only ({@code getURL} is {@code uRL}), unlike java.beans. */
  private static String decapitalize(String s) {
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /**
   * A new instance of {@code c} as PojoUtils makes one: an exception through its
   * {@code (String message)} constructor; otherwise the constructor with the fewest
   * parameters that works, called with zeros and nulls (the no-argument one first, even when
   * private), so beans without a default constructor can be filled too.
   *
   * @throws IllegalArgumentException if no constructor works
   */
  static Object instantiate(Class<?> c, Object message) {
    if (Modifier.isAbstract(c.getModifiers()) || c.isInterface() || c.isArray() || c.isPrimitive() || c.isEnum()) {
      throw new IllegalArgumentException("cannot create an instance of " + c.getName());
    }
    if (Throwable.class.isAssignableFrom(c) && message instanceof String) {
      try {
        Constructor<?> k = c.getDeclaredConstructor(String.class);
        if (k.trySetAccessible()) {
          return k.newInstance(message);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fall back to the others
      }
    }
    Constructor<?>[] ctors = c.getDeclaredConstructors();
    Arrays.sort(ctors, Comparator.comparingInt(Constructor::getParameterCount));
    Throwable last = null;
    for (Constructor<?> k : ctors) {
      if (!k.trySetAccessible()) {
        continue;
      }
      try {
        Object[] args = Arrays.stream(k.getParameterTypes()).map(Beans::zero).toArray();
        return k.newInstance(args);
      } catch (InvocationTargetException e) {
        last = e.getCause();
      } catch (ReflectiveOperationException | RuntimeException e) {
        last = e;
      }
    }
    throw new IllegalArgumentException("cannot create an instance of " + c.getName()
        + (last != null ? ": its constructors threw " + last : ": no usable constructor"));
  }

  /** A record from its components' values, by name (absent ones zero or null). */
  static Object record(Class<?> c, Map<String, Object> values) {
    RecordComponent[] rc = c.getRecordComponents();
    Class<?>[] types = new Class<?>[rc.length];
    Object[] args = new Object[rc.length];
    for (int i = 0; i < rc.length; i++) {
      types[i] = rc[i].getType();
      Object v = values.get(rc[i].getName());
      args[i] = v != null ? v : zero(types[i]);
    }
    try {
      Constructor<?> k = c.getDeclaredConstructor(types);
      if (!k.trySetAccessible()) {
        throw new IllegalArgumentException("cannot create " + c.getName() + ": its constructor is not accessible");
      }
      return k.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("cannot create " + c.getName() + ": its constructor threw "
          + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException("cannot create " + c.getName() + ": " + e, e);
    }
  }

  static Object zero(Class<?> t) {
    if (!t.isPrimitive()) {
      return null;
    }
    return switch (t.getName()) {
      case "boolean" -> false;
      case "char" -> (char) 0;
      case "byte" -> (byte) 0;
      case "short" -> (short) 0;
      case "int" -> 0;
      case "long" -> 0L;
      case "float" -> 0f;
      case "double" -> 0d;
      default -> null;
    };
  }

  private static Method[] sorted(Method[] methods) {
    Method[] m = methods.clone();
    Arrays.sort(m, Comparator.comparing(Method::toString)); // getMethods() has no fixed order
    return m;
  }
}
