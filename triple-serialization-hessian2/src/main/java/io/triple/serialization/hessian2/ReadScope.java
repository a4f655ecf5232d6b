package io.triple.serialization.hessian2;

import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;

/**
 * The guard of the read running on this thread. hessian-lite asks its {@code SerializerFactory} for
 * classes by name without saying for which read, and one factory serves every read (it caches a
 * deserializer per class, which is costly to build); so the read's guard travels in a thread
 * local. Hessian reads are synchronous, on the caller's thread.
 *
 * <p>The first refusal is also kept here, because hessian-lite swallows some exceptions on the way
 * (its own unknown-type handling turns a failed class load into a HashMap); the read throws it
 * whatever hessian-lite did with it.
 */
final class ReadScope {
  private static final ThreadLocal<ReadScope> CURRENT = new ThreadLocal<>();

  private final ClassGuard guard;
  private ClassRefusedException refused;

  private ReadScope(ClassGuard guard) {
    this.guard = guard;
  }

  interface Read {
    Object run() throws Exception;
  }

  /** Runs {@code read} with {@code guard} deciding every class name it meets. */
  static Object run(ClassGuard guard, Read read) throws Exception {
    ReadScope outer = CURRENT.get();
    ReadScope scope = new ReadScope(guard);
    CURRENT.set(scope);
    try {
      Object value = read.run();
      if (scope.refused != null) {
        throw scope.refused; // refused where hessian-lite caught it and carried on
      }
      return value;
    } catch (Exception e) {
      if (scope.refused != null && e != scope.refused) {
        scope.refused.addSuppressed(e);
        throw scope.refused;
      }
      throw e;
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /**
   * The class named {@code className} (as {@link Class#getName()} spells it) if the current read's
   * guard allows it. Outside a read (nothing should ask then) every name is refused.
   */
  static Class<?> load(String className) throws ClassRefusedException {
    ReadScope scope = CURRENT.get();
    if (scope == null) {
      throw new ClassRefusedException(className, "no read in progress on this thread");
    }
    try {
      return scope.guard.load(className);
    } catch (ClassRefusedException e) {
      throw refused(e);
    }
  }

  /** Whether the current read's guard reads objects of {@code className} as WireObjects. */
  static boolean readsAsWireObject(String className) {
    ReadScope scope = CURRENT.get();
    return scope != null && scope.guard.readsAsWireObject(className);
  }

  /** Records {@code e} as the current read's refusal (the first one wins) and returns it. */
  static ClassRefusedException refused(ClassRefusedException e) {
    ReadScope scope = CURRENT.get();
    if (scope != null && scope.refused == null) {
      scope.refused = e;
    }
    return e;
  }
}
