package io.triple.pojo;

import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.Gadgets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which classes the bytes of an interface call may name: the deserialization guard (Dubbo's
 * serialize-check). Hessian and JSON that name attacker-chosen classes are the classic remote code
 * execution in Dubbo estates, so by default ({@link Mode#STRICT}) only these may be loaded:
 *
 * <ul>
 *   <li>the types reachable from the exported (or called) interfaces' signatures: parameters,
 *       results, declared exceptions, the type arguments of generic ones, and the fields and
 *       superclasses of each, recursively;
 *   <li>a safe JDK set: boxes, String, {@code java.math}, {@code java.time}, the {@code java.util}
 *       collections (including the JDK's immutable and unmodifiable implementations, which JSONB
 *       names), dates, UUID, and the JDK's standard exceptions;
 *   <li>what {@link Builder#allow} adds (class names, or package prefixes ending in a dot).
 * </ul>
 *
 * Known gadget classes ({@link Gadgets}) and what {@link Builder#deny} names are refused in every
 * mode. {@link Mode#WARN} loads other classes too and logs each once; {@link Mode#DISABLE} loads
 * them silently (for trusted networks only, as in Dubbo).
 */
public final class ClassAllowList implements ClassGuard {
  private static final Logger log = LoggerFactory.getLogger(ClassAllowList.class);

  /** Dubbo's serialize-check status. */
  public enum Mode {
    /** Only allowed classes load; others fail the call. The default. */
    STRICT,
    /** Other classes load too, each logged once at WARN. */
    WARN,
    /** Other classes load silently. Gadgets and denied classes are still refused. */
    DISABLE;

    /** STRICT, WARN or DISABLE, in any case. */
    public static Mode parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("serialize check mode '" + text + "': expected STRICT, WARN or DISABLE");
      }
    }
  }

  private static final List<String> SAFE_PREFIXES = List.of(
      "java.math.", "java.time.", "java.util.concurrent.atomic.Atomic",
      // hessian-lite writes java.time values as these handles (readResolve gives the value back);
      // they are the format, not application classes, and Dubbo allows them too.
      "com.alibaba.com.caucho.hessian.io.java8.");
  private static final Set<String> SAFE_CLASSES = Set.of(
      "boolean", "byte", "char", "short", "int", "long", "float", "double", "void",
      "java.lang.Boolean", "java.lang.Byte", "java.lang.Character", "java.lang.Short", "java.lang.Integer",
      "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.String", "java.lang.Number",
      "java.lang.Object", "java.lang.Enum", "java.lang.Void", "java.lang.StackTraceElement",
      "java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException", "java.lang.Error",
      "java.lang.IllegalArgumentException", "java.lang.IllegalStateException", "java.lang.NullPointerException",
      "java.lang.UnsupportedOperationException", "java.lang.IndexOutOfBoundsException",
      "java.lang.ArrayIndexOutOfBoundsException", "java.lang.ArithmeticException", "java.lang.ClassCastException",
      "java.lang.NumberFormatException", "java.lang.SecurityException", "java.lang.InterruptedException",
      "java.util.NoSuchElementException", "java.util.ConcurrentModificationException",
      "java.util.concurrent.TimeoutException", "java.util.concurrent.CancellationException",
      "java.io.IOException", "java.io.UncheckedIOException", "java.io.Serializable",
      "java.util.Collections$EmptyList", "java.util.Collections$EmptySet", "java.util.Collections$EmptyMap",
      "java.util.Collections$SingletonList", "java.util.Collections$SingletonSet", "java.util.Collections$SingletonMap",
      "java.util.Collections$UnmodifiableCollection", "java.util.Collections$UnmodifiableList",
      "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableSet",
      "java.util.Collections$UnmodifiableSortedSet", "java.util.Collections$UnmodifiableMap",
      "java.util.Collections$UnmodifiableSortedMap", "java.util.Collections$SynchronizedList",
      "java.util.Collections$SynchronizedRandomAccessList", "java.util.Collections$SynchronizedSet",
      "java.util.Collections$SynchronizedMap", "java.util.Arrays$ArrayList",
      "java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
      "java.util.ImmutableCollections$SubList", "java.util.ImmutableCollections$Set12",
      "java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$Map1", "java.util.ImmutableCollections$MapN",
      "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
      "java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
      "java.util.ArrayDeque", "java.util.EnumMap", "java.util.EnumSet", "java.util.RegularEnumSet",
      "java.util.JumboEnumSet", "java.util.Vector", "java.util.Stack", "java.util.Hashtable", "java.util.Properties",
      "java.util.IdentityHashMap", "java.util.WeakHashMap", "java.util.List", "java.util.Map", "java.util.Set",
      "java.util.Collection", "java.util.SortedMap", "java.util.SortedSet", "java.util.NavigableMap",
      "java.util.NavigableSet", "java.util.Queue", "java.util.Deque", "java.util.Iterator",
      "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentSkipListMap",
      "java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.CopyOnWriteArrayList",
      "java.util.concurrent.CopyOnWriteArraySet", "java.util.concurrent.ConcurrentLinkedQueue",
      "java.util.Date", "java.util.Calendar", "java.util.GregorianCalendar", "java.util.TimeZone",
      "java.util.SimpleTimeZone", "sun.util.calendar.ZoneInfo", "java.util.UUID", "java.util.Locale",
      "java.util.Currency", "java.util.BitSet", "java.util.Optional", "java.util.OptionalInt",
      "java.util.OptionalLong", "java.util.OptionalDouble", "java.sql.Date", "java.sql.Time", "java.sql.Timestamp");

  private final Mode mode;
  private final ClassLoader loader;
  private final Set<String> allowed = ConcurrentHashMap.newKeySet();
  private final List<String> allowedPrefixes;
  private final List<String> deniedPrefixes;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  /** Packages trusted because a reachable class lives in them (see addReachable). */
  private final Set<String> trustedPrefixes = ConcurrentHashMap.newKeySet();
  /** As Dubbo's default {@code trustSerializeClassLevel}. */
  static final int TRUSTED_PACKAGE_LEVELS = 3;

  private ClassAllowList(Builder b) {
    this.mode = b.mode;
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    this.loader = b.loader != null ? b.loader : context != null ? context : ClassAllowList.class.getClassLoader();
    this.allowedPrefixes = List.copyOf(b.allowedPrefixes);
    this.deniedPrefixes = List.copyOf(b.deniedPrefixes);
    for (Class<?> iface : b.interfaces) {
      addReachable(iface);
    }
    for (String name : b.allowedNames) {
      allowed.add(name);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** STRICT, allowing what {@code interfaces} reach. */
  public static ClassAllowList forInterfaces(Class<?>... interfaces) {
    Builder b = builder();
    for (Class<?> i : interfaces) {
      b.addInterface(i);
    }
    return b.build();
  }

  public Mode mode() {
    return mode;
  }

  /**
   * Also allows what {@code iface} reaches from now on: one list serves a server's services (or a
   * client's references) and grows as they are added.
   */
  public ClassAllowList withInterface(Class<?> iface) {
    addReachable(iface);
    return this;
  }

  /**
   * The reachable classes, and (as Dubbo's serialize check trusts them) the packages of those
   * outside the JDK cut to their first {@value #TRUSTED_PACKAGE_LEVELS} names: a subclass or a
   * sibling model class the signature does not name (an {@code Order} passed as its
   * {@code BaseOrder}) is then allowed too.
   */
  private void addReachable(Class<?> iface) {
    for (String name : SignatureTypes.reachableFrom(iface)) {
      allowed.add(name);
      String[] parts = name.split("\\.");
      if (parts.length > TRUSTED_PACKAGE_LEVELS && !SignatureTypes.isPlatform(name)) {
        trustedPrefixes.add(String.join(".", java.util.Arrays.copyOf(parts, TRUSTED_PACKAGE_LEVELS)) + ".");
      }
    }
  }

  @Override
  public boolean allows(String className) {
    String name = elementName(className);
    if (Gadgets.isGadget(name) || startsWithAny(name, deniedPrefixes)) {
      return false;
    }
    return mode != Mode.STRICT || isListed(name);
  }

  @Override
  public Class<?> load(String className) throws ClassRefusedException {
    String name = elementName(className);
    if (Gadgets.isGadget(name)) {
      throw refused(className, "a known deserialization gadget, refused in every mode");
    }
    if (startsWithAny(name, deniedPrefixes)) {
      throw refused(className, "on the deny list");
    }
    if (!isListed(name)) {
      if (mode == Mode.STRICT) {
        throw refused(className, "not in the allow list (types of the exported signatures, the safe JDK set"
            + " and configured allow entries; serialize check STRICT)");
      }
      if (mode == Mode.WARN && warned.add(name)) {
        log.warn("[Serialization Security] loading {}, which is not in the allow list (serialize check WARN;"
            + " add it to the allow list, or STRICT will refuse it)", name);
      }
    }
    try {
      return forName(className);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ClassRefusedException(className, "not found on the class path");
    }
  }

  private Class<?> forName(String className) throws ClassNotFoundException {
    return switch (className) {
      case "boolean" -> boolean.class;
      case "byte" -> byte.class;
      case "char" -> char.class;
      case "short" -> short.class;
      case "int" -> int.class;
      case "long" -> long.class;
      case "float" -> float.class;
      case "double" -> double.class;
      case "void" -> void.class;
      default -> Class.forName(className, false, loader);
    };
  }

  private boolean isListed(String name) {
    if (allowed.contains(name) || SAFE_CLASSES.contains(name)) {
      return true;
    }
    return startsWithAny(name, SAFE_PREFIXES) || startsWithAny(name, allowedPrefixes)
        || startsWithAny(name, trustedPrefixes);
  }

  private static ClassRefusedException refused(String className, String reason) {
    log.warn("[Serialization Security] refused class {}: {}", className, reason);
    return new ClassRefusedException(className, reason);
  }

  private static boolean startsWithAny(String name, Collection<String> prefixes) {
    for (String p : prefixes) {
      if (p.endsWith(".") ? name.startsWith(p) : name.equals(p)) {
        return true;
      }
    }
    return false;
  }

  /** {@code [[Lcom.x.Y;} and {@code [I} -> {@code com.x.Y} and {@code int}. */
  static String elementName(String className) {
    if (!className.startsWith("[")) {
      return className;
    }
    int dims = 0;
    while (className.charAt(dims) == '[') {
      dims++;
    }
    String rest = className.substring(dims);
    return switch (rest) {
      case "Z" -> "boolean";
      case "B" -> "byte";
      case "C" -> "char";
      case "S" -> "short";
      case "I" -> "int";
      case "J" -> "long";
      case "F" -> "float";
      case "D" -> "double";
      default -> rest.startsWith("L") && rest.endsWith(";") ? rest.substring(1, rest.length() - 1) : rest;
    };
  }

  public static final class Builder {
    private Mode mode = Mode.STRICT;
    private ClassLoader loader;
    private final List<Class<?>> interfaces = new ArrayList<>();
    private final List<String> allowedNames = new ArrayList<>();
    private final List<String> allowedPrefixes = new ArrayList<>();
    private final List<String> deniedPrefixes = new ArrayList<>();

    private Builder() {}

    public Builder mode(Mode mode) {
      this.mode = mode;
      return this;
    }

    /** Allows what {@code iface}'s signatures reach. */
    public Builder addInterface(Class<?> iface) {
      interfaces.add(iface);
      return this;
    }

    /** Allows a class ({@code com.x.Money}) or a package and below ({@code com.x.model.}). */
    public Builder allow(String classOrPackagePrefix) {
      (classOrPackagePrefix.endsWith(".") ? allowedPrefixes : allowedNames).add(classOrPackagePrefix);
      return this;
    }

    /** Refuses a class or a package and below, in every mode (on top of the built-in gadget list). */
    public Builder deny(String classOrPackagePrefix) {
      deniedPrefixes.add(classOrPackagePrefix);
      return this;
    }

    /** The loader classes are loaded with (default: the building thread's context loader). */
    public Builder classLoader(ClassLoader loader) {
      this.loader = loader;
      return this;
    }

    public ClassAllowList build() {
      return new ClassAllowList(this);
    }
  }
}
