package io.triple.protoc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Knows the Java class protoc generates for every message in the request (the request lists
 * every file the generated files depend on), and which top-level classes protoc puts into each
 * Java package, so that generated code can refer to messages and avoid clashing with them.
 */
final class TypeIndex {
  /** {@code .pkg.Msg.Inner} -> {@code java.pkg.Outer.Msg.Inner}. */
  private final Map<String, String> messageClasses = new HashMap<>();

  /**
   * Java package -> (top-level class simple name -> what declares it), for clash errors such as
   * "message GreeterClient in foo.proto".
   */
  private final Map<String, Map<String, String>> topLevelClasses = new HashMap<>();

  TypeIndex(Iterable<FileDescriptorProto> files) {
    for (FileDescriptorProto file : files) {
      add(file);
    }
  }

  private void add(FileDescriptorProto file) {
    String javaPackage = JavaNames.javaPackage(file);
    String outer = JavaNames.outerClassName(file);
    boolean multipleFiles = file.getOptions().getJavaMultipleFiles();
    String protoPrefix = file.getPackage().isEmpty() ? "." : "." + file.getPackage() + ".";
    String javaPrefix = multipleFiles
        ? JavaNames.qualify(javaPackage, "")
        : JavaNames.qualify(javaPackage, outer) + ".";

    Map<String, String> topLevel = topLevelClasses.computeIfAbsent(javaPackage, k -> new LinkedHashMap<>());
    topLevel.putIfAbsent(outer, "the outer class of " + file.getName());
    for (DescriptorProto m : file.getMessageTypeList()) {
      addMessage(m, protoPrefix, javaPrefix);
      if (multipleFiles) {
        topLevel.putIfAbsent(m.getName(), "message " + m.getName() + " in " + file.getName());
        topLevel.putIfAbsent(
            m.getName() + "OrBuilder", "message " + m.getName() + " in " + file.getName());
      }
    }
    if (multipleFiles) {
      for (EnumDescriptorProto e : file.getEnumTypeList()) {
        topLevel.putIfAbsent(e.getName(), "enum " + e.getName() + " in " + file.getName());
      }
      if (file.getOptions().getJavaGenericServices()) {
        for (var s : file.getServiceList()) {
          topLevel.putIfAbsent(s.getName(), "generic service " + s.getName() + " in " + file.getName());
        }
      }
    }
  }

  private void addMessage(DescriptorProto m, String protoPrefix, String javaPrefix) {
    String protoName = protoPrefix + m.getName();
    String javaName = javaPrefix + m.getName();
    messageClasses.put(protoName, javaName);
    for (DescriptorProto nested : m.getNestedTypeList()) {
      addMessage(nested, protoName + ".", javaName + ".");
    }
  }

  /** The Java class for a message type name as used in a method ({@code .pkg.Msg}). */
  String messageClass(String protoTypeName) {
    String javaName = messageClasses.get(protoTypeName);
    if (javaName == null) {
      throw new GenerationException("unknown message type " + protoTypeName);
    }
    return javaName;
  }

  /** What declares a top-level class with this name (ignoring case) in the package, or null. */
  String topLevelClassOwner(String javaPackage, String simpleName) {
    Map<String, String> classes = topLevelClasses.getOrDefault(javaPackage, Map.of());
    for (Map.Entry<String, String> e : classes.entrySet()) {
      if (e.getKey().equalsIgnoreCase(simpleName)) {
        return e.getValue();
      }
    }
    return null;
  }
}
