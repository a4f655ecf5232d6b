package io.triple.bootstrap;

import io.triple.ServiceDefinition;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Recognises the service interfaces triple-protoc-plugin generates, by the class it generates
 * beside each: {@code XxxTriple}, with {@code SERVICE_NAME} and a static
 * {@code bindService(Xxx impl)}. Such an interface is bound with that method, never served as
 * a plain Java (POJO) interface: its callers speak protobuf on the proto service's name.
 */
final class GeneratedServices {
  private GeneratedServices() {}

  /** {@code XxxTriple.bindService(Xxx)} when {@code iface} is a generated service interface, else null. */
  static Method bindService(Class<?> iface) {
    try {
      Class<?> triple = Class.forName(iface.getName() + "Triple", false, iface.getClassLoader());
      Method m = triple.getMethod("bindService", iface);
      boolean generated = Modifier.isStatic(m.getModifiers()) && m.getReturnType() == ServiceDefinition.class
          && triple.getField("SERVICE_NAME").getType() == String.class;
      return generated ? m : null;
    } catch (ClassNotFoundException | NoSuchMethodException | NoSuchFieldException | LinkageError e) {
      return null;
    }
  }

  /** The proto service name in {@code XxxTriple.SERVICE_NAME}. */
  static String serviceName(Method bindService) {
    try {
      return String.valueOf(bindService.getDeclaringClass().getField("SERVICE_NAME").get(null));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(bindService.getDeclaringClass() + ".SERVICE_NAME", e);
    }
  }

  static ServiceDefinition bind(Method bindService, Object impl) {
    try {
      return (ServiceDefinition) bindService.invoke(null, impl);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(bindService + " cannot be called", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(bindService + " failed for " + impl.getClass().getName(), e.getCause());
    }
  }
}
