package io.triple.spring.boot;

import io.triple.Channel;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * What triple-protoc-plugin generates beside a service interface {@code Xxx}: {@code XxxTriple}
 * (with {@code SERVICE_NAME}) and {@code XxxClient} (with a static {@code create(Channel)}).
 */
final class ServiceTypes {
  private ServiceTypes() {}

  /** A type a {@link TripleReference} field may have, with the service it calls. */
  record Target(Class<?> type, String serviceName, Method clientFactory) {
    boolean generated() {
      return clientFactory != null;
    }
  }

  /** The proto service name when {@code iface} is a generated service interface, else null. */
  static String generatedServiceName(Class<?> iface) {
    if (!iface.isInterface()) {
      return null;
    }
    try {
      Class<?> triple = Class.forName(iface.getName() + "Triple", false, iface.getClassLoader());
      Field f = triple.getField("SERVICE_NAME");
      triple.getMethod("bindService", iface);
      return Modifier.isStatic(f.getModifiers()) ? String.valueOf(f.get(null)) : null;
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** The name a registered implementation of {@code iface} is served under. */
  static String serviceName(Class<?> iface) {
    String generated = generatedServiceName(iface);
    return generated != null ? generated : iface.getName();
  }

  /**
   * The target of a reference field of type {@code type}: a generated service interface or
   * client (called through the generated client), or another interface (a proxy).
   *
   * @throws IllegalArgumentException for any other type
   */
  static Target target(Class<?> type, String where) {
    if (type.isInterface()) {
      String generated = generatedServiceName(type);
      if (generated != null) {
        Method factory = clientFactory(loadQuietly(type.getName() + "Client", type), type);
        if (factory != null) {
          return new Target(type, generated, factory);
        }
      }
      return new Target(type, type.getName(), null);
    }
    for (Class<?> iface : type.getInterfaces()) {
      String generated = generatedServiceName(iface);
      Method factory = generated == null ? null : clientFactory(type, type);
      if (factory != null) {
        return new Target(type, generated, factory);
      }
    }
    throw new IllegalArgumentException("@TripleReference " + where + ": " + type.getName() + " is neither a generated"
        + " service interface or client nor a Java interface");
  }

  private static Class<?> loadQuietly(String name, Class<?> near) {
    try {
      return Class.forName(name, false, near.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  /** {@code client.create(Channel)} when it returns something assignable to {@code type}. */
  private static Method clientFactory(Class<?> client, Class<?> type) {
    if (client == null) {
      return null;
    }
    try {
      Method m = client.getMethod("create", Channel.class);
      return Modifier.isStatic(m.getModifiers()) && type.isAssignableFrom(m.getReturnType()) ? m : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
