package io.triple.protoc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.util.Locale;
import java.util.Set;

/**
 * protoc's Java naming rules, re-implemented so that the generated code refers to exactly the
 * classes {@code protoc --java_out} produces, plus the rules for names this plugin invents.
 */
final class JavaNames {
  private JavaNames() {}

  /** Appended by protoc to the default outer class name when it clashes with a type in the file. */
  static final String OUTER_CLASS_SUFFIX = "OuterClass";

  /**
   * Java keywords, literals and restricted identifiers. A method with one of these names would
   * not compile (or, for {@code yield}/{@code record}/{@code var}, could not be called unqualified).
   */
  static final Set<String> JAVA_RESERVED = Set.of(
      "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
      "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
      "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface",
      "long", "native", "new", "package", "private", "protected", "public", "return", "short",
      "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws",
      "transient", "try", "void", "volatile", "while", "true", "false", "null", "_", "var",
      "yield", "record");

  /**
   * The Java package of a file's generated classes: {@code java_package}, else the proto package
   * (empty for the default package).
   */
  static String javaPackage(FileDescriptorProto file) {
    if (file.getOptions().hasJavaPackage()) {
      return file.getOptions().getJavaPackage();
    }
    return file.getPackage();
  }

  /**
   * The outer class protoc generates for a file: {@code java_outer_classname}, else the file's
   * base name camel-cased, with {@value #OUTER_CLASS_SUFFIX} appended if that equals the name of
   * a message, enum or service declared anywhere in the file (nested ones included).
   */
  static String outerClassName(FileDescriptorProto file) {
    if (file.getOptions().hasJavaOuterClassname()) {
      return file.getOptions().getJavaOuterClassname();
    }
    String name = file.getName();
    String base = name.substring(name.lastIndexOf('/') + 1);
    if (base.endsWith(".protodevel")) {
      base = base.substring(0, base.length() - ".protodevel".length());
    } else if (base.endsWith(".proto")) {
      base = base.substring(0, base.length() - ".proto".length());
    }
    String candidate = underscoresToCamelCase(base, true);
    return declaresType(file, candidate) ? candidate + OUTER_CLASS_SUFFIX : candidate;
  }

  private static boolean declaresType(FileDescriptorProto file, String name) {
    for (EnumDescriptorProto e : file.getEnumTypeList()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    for (var s : file.getServiceList()) {
      if (s.getName().equals(name)) {
        return true;
      }
    }
    for (DescriptorProto m : file.getMessageTypeList()) {
      if (declaresType(m, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean declaresType(DescriptorProto message, String name) {
    if (message.getName().equals(name)) {
      return true;
    }
    for (EnumDescriptorProto e : message.getEnumTypeList()) {
      if (e.getName().equals(name)) {
        return true;
      }
    }
    for (DescriptorProto nested : message.getNestedTypeList()) {
      if (declaresType(nested, name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * protoc's camel-casing: letters after a non-alphanumeric character or a digit are upper-cased,
   * the separators dropped; the first letter is upper- or lower-cased per {@code capitalizeFirst}.
   * {@code say_hello} gives {@code sayHello}, {@code SayHello} gives {@code sayHello} (lower).
   */
  static String underscoresToCamelCase(String input, boolean capitalizeFirst) {
    StringBuilder b = new StringBuilder(input.length());
    boolean capNext = capitalizeFirst;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (c >= 'a' && c <= 'z') {
        b.append(capNext ? (char) (c - 'a' + 'A') : c);
        capNext = false;
      } else if (c >= 'A' && c <= 'Z') {
        b.append(i == 0 && !capNext ? (char) (c - 'A' + 'a') : c);
        capNext = false;
      } else if (c >= '0' && c <= '9') {
        b.append(c);
        capNext = true;
      } else {
        capNext = true;
      }
    }
    return b.toString();
  }

  /** The Java method name for an rpc, before clash resolution: {@code SayHello} -> {@code sayHello}. */
  static String lowerCamel(String protoMethodName) {
    return underscoresToCamelCase(protoMethodName, false);
  }

  /**
   * UPPER_SNAKE_CASE of a camel-case Java name: a word starts at an upper-case letter that
   * follows a lower-case letter or digit, or that starts a lower-case run after an acronym
   * ({@code getHTTPStatus} -> {@code GET_HTTP_STATUS}). Underscores are kept.
   */
  static String upperSnake(String camel) {
    StringBuilder b = new StringBuilder(camel.length() + 8);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (i > 0 && Character.isUpperCase(c)) {
        char prev = camel.charAt(i - 1);
        boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev)
            || (Character.isUpperCase(prev) && nextLower)) {
          b.append('_');
        }
      }
      b.append(c);
    }
    return b.toString().toUpperCase(Locale.ROOT);
  }

  /** {@code pkg + "." + simpleName}, or just the name in the default package. */
  static String qualify(String javaPackage, String name) {
    return javaPackage.isEmpty() ? name : javaPackage + "." + name;
  }
}
