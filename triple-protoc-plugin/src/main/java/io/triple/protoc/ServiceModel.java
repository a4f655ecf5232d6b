package io.triple.protoc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One service with every Java name decided, so the three generators only format text and can
 * never disagree about a name.
 *
 * <p>Method names: the rpc name in lowerCamelCase (protoc's rule, {@code say_hello} and
 * {@code SayHello} both give {@code sayHello}); a unary method also gets {@code <name>Async}. Each
 * name is claimed in .proto order: if it is a Java keyword or restricted identifier, an
 * {@link Object} method name, a member of the generated client ({@link #CLIENT_MEMBERS}) or
 * already claimed by an earlier method, {@code _} is appended until it is free. So
 * {@code rpc Default} gives {@code default_} and {@code defaultAsync}; {@code rpc greet} after
 * {@code rpc Greet} gives {@code greet_} and {@code greetAsync_}. Overloads of one name therefore
 * always belong to one rpc. Constants: UPPER_SNAKE of the method name (trailing {@code _}
 * dropped) plus {@code _METHOD}; one already taken gets another {@code _} before
 * {@code _METHOD} ({@code GREET__METHOD}).
 */
final class ServiceModel {
  /** Source-code-info path element numbers from descriptor.proto. */
  private static final int FILE_SERVICE_FIELD = 6;
  private static final int SERVICE_METHOD_FIELD = 2;

  /** Public members of the generated client that an rpc's methods must not overload. */
  static final Set<String> CLIENT_MEMBERS = Set.of(
      "create", "withCallOptions", "withMetadata", "withTimeout", "getChannel", "getCallOptions",
      "close");

  private static final Set<String> OBJECT_METHODS = Set.of(
      "getClass", "hashCode", "equals", "clone", "toString", "notify", "notifyAll", "wait",
      "finalize");

  /** One rpc. */
  record Method(
      String protoName,
      String javaName,
      /** {@code javaName + "Async"} for unary methods, else null. */
      String asyncName,
      String constantName,
      /** The {@code io.triple.MethodType} constant name. */
      String methodType,
      String requestClass,
      String responseClass,
      /** The proto comment, or null. */
      String comment,
      /** {@code option deprecated = true} on the rpc: its Java methods get {@code @Deprecated}. */
      boolean deprecated) {

    boolean clientStreaming() {
      return methodType.equals("CLIENT_STREAMING") || methodType.equals("BIDI_STREAMING");
    }

    boolean serverStreaming() {
      return methodType.equals("SERVER_STREAMING") || methodType.equals("BIDI_STREAMING");
    }
  }

  final String protoFile;
  final String protoName;
  final String fullName;
  final String javaPackage;
  final String interfaceName;
  final String tripleClassName;
  final String clientClassName;
  /** The proto comment, or null. */
  final String comment;
  final List<Method> methods;
  /**
   * The fully-qualified outer class protoc generates for the file (its {@code getDescriptor()}
   * describes the service), or null for a lite-runtime file, which has no descriptors.
   */
  final String outerClass;
  /** {@code option deprecated = true} on the service: its interface and client get {@code @Deprecated}. */
  final boolean deprecated;

  private ServiceModel(
      String protoFile,
      String protoName,
      String fullName,
      String javaPackage,
      String comment,
      List<Method> methods,
      String outerClass,
      boolean deprecated) {
    this.protoFile = protoFile;
    this.protoName = protoName;
    this.fullName = fullName;
    this.javaPackage = javaPackage;
    this.interfaceName = protoName;
    this.tripleClassName = protoName + "Triple";
    this.clientClassName = protoName + "Client";
    this.comment = comment;
    this.methods = List.copyOf(methods);
    this.outerClass = outerClass;
    this.deprecated = deprecated;
  }

  /** Whether the service or any rpc is deprecated (generated code that refers to them then suppresses the warning). */
  boolean anyDeprecated() {
    return deprecated || methods.stream().anyMatch(Method::deprecated);
  }

  /** Models every service of {@code file}. */
  static List<ServiceModel> of(FileDescriptorProto file, TypeIndex types) {
    Map<List<Integer>, SourceCodeInfo.Location> locations = new HashMap<>();
    for (SourceCodeInfo.Location l : file.getSourceCodeInfo().getLocationList()) {
      locations.putIfAbsent(l.getPathList(), l);
    }
    List<ServiceModel> services = new ArrayList<>();
    boolean lite = file.getOptions().getOptimizeFor()
        == com.google.protobuf.DescriptorProtos.FileOptions.OptimizeMode.LITE_RUNTIME;
    for (int s = 0; s < file.getServiceCount(); s++) {
      ServiceDescriptorProto service = file.getService(s);
      String fullName = file.getPackage().isEmpty()
          ? service.getName()
          : file.getPackage() + "." + service.getName();
      List<Method> methods = new ArrayList<>();
      Set<String> usedNames = new HashSet<>();
      usedNames.addAll(JavaNames.JAVA_RESERVED);
      usedNames.addAll(OBJECT_METHODS);
      usedNames.addAll(CLIENT_MEMBERS);
      Set<String> usedConstants = new HashSet<>(Set.of("SERVICE_NAME"));
      for (int m = 0; m < service.getMethodCount(); m++) {
        MethodDescriptorProto method = service.getMethod(m);
        String type = methodType(method);
        boolean unary = type.equals("UNARY");
        String base = JavaNames.lowerCamel(method.getName());
        if (base.isEmpty()) {
          base = "call"; // a name made only of underscores
        }
        String javaName = claim(base, usedNames);
        String asyncName = unary ? claim(base + "Async", usedNames) : null;
        String stem = JavaNames.upperSnake(stripTrailingUnderscores(javaName));
        while (usedConstants.contains(stem + "_METHOD")) {
          stem += "_";
        }
        String constant = stem + "_METHOD";
        usedConstants.add(constant);
        methods.add(new Method(
            method.getName(),
            javaName,
            asyncName,
            constant,
            type,
            types.messageClass(method.getInputType()),
            types.messageClass(method.getOutputType()),
            comment(locations.get(List.of(FILE_SERVICE_FIELD, s, SERVICE_METHOD_FIELD, m))),
            method.getOptions().getDeprecated()));
      }
      services.add(new ServiceModel(
          file.getName(),
          service.getName(),
          fullName,
          JavaNames.javaPackage(file),
          comment(locations.get(List.of(FILE_SERVICE_FIELD, s))),
          methods,
          lite ? null : JavaNames.qualify(JavaNames.javaPackage(file), JavaNames.outerClassName(file)),
          service.getOptions().getDeprecated()));
    }
    return services;
  }

  /** The first of {@code name}, {@code name_}, {@code name__}... not yet used; marks it used. */
  private static String claim(String name, Set<String> used) {
    String n = name;
    while (!used.add(n)) {
      n += "_";
    }
    return n;
  }

  private static String methodType(MethodDescriptorProto method) {
    if (method.getClientStreaming()) {
      return method.getServerStreaming() ? "BIDI_STREAMING" : "CLIENT_STREAMING";
    }
    return method.getServerStreaming() ? "SERVER_STREAMING" : "UNARY";
  }

  private static String stripTrailingUnderscores(String s) {
    int end = s.length();
    while (end > 1 && s.charAt(end - 1) == '_') {
      end--;
    }
    return s.substring(0, end);
  }

  /** The leading comment, else the trailing one, else null. */
  private static String comment(SourceCodeInfo.Location location) {
    if (location == null) {
      return null;
    }
    if (location.hasLeadingComments() && !location.getLeadingComments().isBlank()) {
      return location.getLeadingComments();
    }
    if (location.hasTrailingComments() && !location.getTrailingComments().isBlank()) {
      return location.getTrailingComments();
    }
    return null;
  }

  /** The three top-level classes generated for this service. */
  List<String> generatedClassNames() {
    return List.of(interfaceName, tripleClassName, clientClassName);
  }

  /** Path of a generated class in the output tree, e.g. {@code org/foo/GreeterClient.java}. */
  String outputPath(String simpleClassName) {
    String dir = javaPackage.isEmpty() ? "" : javaPackage.replace('.', '/') + "/";
    return dir + simpleClassName + ".java";
  }
}
