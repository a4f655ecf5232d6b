package io.triple.pojo.spi;

/**
 * Decides which classes bytes from the network may name, and loads those. A {@link Serialization}
 * asks it for every class name it meets while reading, before loading the class or creating an
 * instance. The implementation (io.triple.pojo.ClassAllowList) allows the types reachable from the
 * exported interfaces' signatures plus a safe JDK set, always refuses known gadget classes, and
 * applies the configured mode (STRICT, WARN, DISABLE) to everything else.
 */
public interface ClassGuard {

  /**
   * The class named {@code className} (as {@link Class#getName()} spells it, arrays included) if
   * it may be deserialized.
   *
   * @throws ClassRefusedException if it may not, or cannot be found (nothing is loaded then)
   */
  Class<?> load(String className) throws ClassRefusedException;

  /** Whether {@code className} may be deserialized, without loading it. */
  boolean allows(String className);

  /**
   * Whether an object of the class named {@code className} is read as a {@link WireObject} (the
   * name and its fields) instead of being loaded: for a peer's classes that this process does not
   * have. Only names a guard lists explicitly; none by default, and no class is loaded for them.
   */
  default boolean readsAsWireObject(String className) {
    return false;
  }

  /** A guard that allows everything not on the always-refused gadget list (for tests and tools). */
  static ClassGuard permissive(ClassLoader loader) {
    return new ClassGuard() {
      @Override
      public Class<?> load(String className) throws ClassRefusedException {
        if (!allows(className)) {
          throw new ClassRefusedException(className, "a known deserialization gadget");
        }
        try {
          return Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          throw new ClassRefusedException(className, "not found");
        }
      }

      @Override
      public boolean allows(String className) {
        return !Gadgets.isGadget(className);
      }
    };
  }
}
