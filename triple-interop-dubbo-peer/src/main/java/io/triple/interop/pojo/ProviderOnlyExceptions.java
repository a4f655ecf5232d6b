package io.triple.interop.pojo;

import javassist.ClassPool;
import javassist.CtClass;
import javassist.CtNewConstructor;

/**
 * Makes {@code io.triple.interop.provideronly.ProviderOnlyException} (a RuntimeException with a
 * message constructor) at run time, in a class loader of its own, so that no class file of it
 * exists anywhere: a caller's JVM (ours, or this peer's client mode) cannot have it, which is
 * what the "exception class only the provider has" case needs.
 */
final class ProviderOnlyExceptions {
  static final String NAME = "io.triple.interop.provideronly.ProviderOnlyException";

  private static volatile Class<? extends RuntimeException> type;

  private ProviderOnlyExceptions() {}

  static RuntimeException create(String message) {
    try {
      return type().getConstructor(String.class).newInstance(message);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make " + NAME, e);
    }
  }

  private static synchronized Class<? extends RuntimeException> type() throws ReflectiveOperationException {
    if (type == null) {
      try {
        ClassPool pool = new ClassPool(true);
        CtClass ct = pool.makeClass(NAME, pool.get(RuntimeException.class.getName()));
        ct.addConstructor(CtNewConstructor.make(
            "public ProviderOnlyException(String message) { super(message); }", ct));
        byte[] bytes = ct.toBytecode();
        ct.detach();
        ClassLoader loader = new ClassLoader(PojoEchoImpl.class.getClassLoader()) {
          @Override
          protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.equals(NAME)) {
              return defineClass(name, bytes, 0, bytes.length);
            }
            throw new ClassNotFoundException(name);
          }
        };
        type = Class.forName(NAME, true, loader).asSubclass(RuntimeException.class);
      } catch (javassist.NotFoundException | javassist.CannotCompileException | java.io.IOException e) {
        throw new ReflectiveOperationException(e);
      }
    }
    return type;
  }
}
