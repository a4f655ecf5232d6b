package io.triple.pojo;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The classes an interface's signatures reach: what the allow list lets the bytes of its calls
 * name. Parameters, results, declared exceptions, type arguments and bounds, then for each class
 * (outside the JDK) its superclasses, interfaces and instance fields' types, recursively.
 * JDK classes are taken as they are named, not walked: the safe set decides about their insides.
 */
final class SignatureTypes {
  private SignatureTypes() {}

  static Set<String> reachableFrom(Class<?> iface) {
    Set<String> names = new HashSet<>();
    Set<Type> seen = new HashSet<>();
    Deque<Type> todo = new ArrayDeque<>();
    for (Method m : iface.getMethods()) {
      if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      todo.add(m.getGenericReturnType());
      for (Type p : m.getGenericParameterTypes()) {
        todo.add(p);
      }
      for (Type e : m.getGenericExceptionTypes()) {
        todo.add(e);
      }
    }
    while (!todo.isEmpty()) {
      Type t = todo.poll();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof Class<?> c) {
        visitClass(c, names, todo);
      } else if (t instanceof ParameterizedType p) {
        todo.add(p.getRawType());
        for (Type a : p.getActualTypeArguments()) {
          todo.add(a);
        }
      } else if (t instanceof GenericArrayType a) {
        todo.add(a.getGenericComponentType());
      } else if (t instanceof WildcardType w) {
        for (Type b : w.getUpperBounds()) {
          todo.add(b);
        }
        for (Type b : w.getLowerBounds()) {
          todo.add(b);
        }
      } else if (t instanceof TypeVariable<?> v) {
        for (Type b : v.getBounds()) {
          todo.add(b);
        }
      }
    }
    return names;
  }

  private static void visitClass(Class<?> c, Set<String> names, Deque<Type> todo) {
    while (c.isArray()) {
      c = c.getComponentType();
    }
    if (c.isPrimitive() || !names.add(c.getName()) || isPlatform(c)) {
      return;
    }
    if (c.getGenericSuperclass() != null) {
      todo.add(c.getGenericSuperclass());
    }
    for (Type i : c.getGenericInterfaces()) {
      todo.add(i);
    }
    for (Class<?> k = c; k != null && !isPlatform(k); k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
          todo.add(f.getGenericType());
        }
      }
    }
  }

  private static boolean isPlatform(Class<?> c) {
    return isPlatform(c.getName());
  }

  static boolean isPlatform(String n) {
    return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.");
  }
}
