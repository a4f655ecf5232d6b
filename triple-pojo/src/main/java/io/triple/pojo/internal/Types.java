package io.triple.pojo.internal;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Just enough generic-type arithmetic for {@link Realizer}: what a field's {@code T} stands for
 * once the declared type ({@code Page<Item>}) is known, and what element type a declared
 * collection or map has ({@code List<Item>} is a {@code Collection<Item>}). Without it a generic
 * call's {@code List<Item>} field would stay a list of maps and fail later, far from the cause.
 */
final class Types {
  private Types() {}

  /** The class a type erases to; an unbound variable or wildcard erases to its first bound. */
  static Class<?> raw(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p) {
      return raw(p.getRawType());
    }
    if (t instanceof GenericArrayType a) {
      return java.lang.reflect.Array.newInstance(raw(a.getGenericComponentType()), 0).getClass();
    }
    if (t instanceof WildcardType w) {
      return raw(w.getUpperBounds()[0]);
    }
    if (t instanceof TypeVariable<?> v) {
      return raw(v.getBounds()[0]);
    }
    return Object.class;
  }

  /** The element type of an array type, generic or not. */
  static Type componentType(Type arrayType) {
    if (arrayType instanceof GenericArrayType a) {
      return a.getGenericComponentType();
    }
    Class<?> c = raw(arrayType).getComponentType();
    return c != null ? c : Object.class;
  }

  /**
   * The type variables of {@code c} and of its superclasses, bound to what {@code declared} (a
   * type whose raw class is {@code c}, or {@code c} itself) and the {@code extends} clauses say.
   * A variable left unbound is absent, and resolves to its bound.
   */
  static Map<TypeVariable<?>, Type> bindings(Class<?> c, Type declared) {
    Map<TypeVariable<?>, Type> b = new HashMap<>();
    if (declared instanceof ParameterizedType p && raw(p) == c) {
      TypeVariable<?>[] vars = c.getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < vars.length && i < args.length; i++) {
        b.put(vars[i], args[i]);
      }
    }
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      bindSupertype(k.getGenericSuperclass(), b);
    }
    return b;
  }

  private static void bindSupertype(Type supertype, Map<TypeVariable<?>, Type> b) {
    if (supertype instanceof ParameterizedType p) {
      TypeVariable<?>[] vars = raw(p).getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < vars.length && i < args.length; i++) {
        b.put(vars[i], resolve(args[i], b));
      }
    }
  }

  /** {@code t} with the variables {@code b} binds replaced, recursively. */
  static Type resolve(Type t, Map<TypeVariable<?>, Type> b) {
    if (t instanceof TypeVariable<?> v) {
      Type bound = b.get(v);
      return bound != null ? bound : v;
    }
    if (t instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments().clone();
      boolean changed = false;
      for (int i = 0; i < args.length; i++) {
        Type r = resolve(args[i], b);
        changed |= r != args[i];
        args[i] = r;
      }
      return changed ? new Parameterized(raw(p), args) : p;
    }
    if (t instanceof GenericArrayType a) {
      Type c = resolve(a.getGenericComponentType(), b);
      if (c instanceof Class<?> k) {
        return java.lang.reflect.Array.newInstance(k, 0).getClass();
      }
      GenericArrayType resolved = () -> c;
      return c == a.getGenericComponentType() ? a : resolved;
    }
    if (t instanceof WildcardType w && w.getLowerBounds().length == 0) {
      return resolve(w.getUpperBounds()[0], b); // ? extends X reads as X
    }
    return t;
  }

  /**
   * Argument {@code index} of {@code target} as {@code type} implements it:
   * {@code typeArgument(ArrayList<Item>, Collection.class, 0)} is {@code Item}. Object when the
   * type does not say.
   */
  static Type typeArgument(Type type, Class<?> target, int index) {
    Type found = supertype(type, target, 0);
    if (found instanceof ParameterizedType p && index < p.getActualTypeArguments().length) {
      Type a = p.getActualTypeArguments()[index];
      return a instanceof TypeVariable<?> || a instanceof WildcardType ? raw(a) : a;
    }
    return Object.class;
  }

  private static Type supertype(Type type, Class<?> target, int depth) {
    Class<?> c = raw(type);
    if (c == target) {
      return type;
    }
    if (!target.isAssignableFrom(c) || depth > 32) {
      return null;
    }
    Map<TypeVariable<?>, Type> b = bindings(c, type);
    for (Type i : c.getGenericInterfaces()) {
      Type r = supertype(resolve(i, b), target, depth + 1);
      if (r != null) {
        return r;
      }
    }
    Type s = c.getGenericSuperclass();
    return s == null ? null : supertype(resolve(s, b), target, depth + 1);
  }

  /** A resolved {@code Raw<Args>}. */
  private record Parameterized(Class<?> rawType, Type[] args) implements ParameterizedType {
    @Override
    public Type[] getActualTypeArguments() {
      return args.clone();
    }

    @Override
    public Type getRawType() {
      return rawType;
    }

    @Override
    public Type getOwnerType() {
      return rawType.getDeclaringClass();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ParameterizedType p && p.getRawType() == rawType
          && Arrays.equals(args, p.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      return rawType.hashCode() ^ Arrays.hashCode(args);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(rawType.getName()).append('<');
      for (int i = 0; i < args.length; i++) {
        s.append(i > 0 ? ", " : "").append(args[i].getTypeName());
      }
      return s.append('>').toString();
    }
  }
}
