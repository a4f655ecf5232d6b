package io.triple.protoc;

/**
 * Generates {@code GreeterTriple}: the method descriptors (wire paths, shapes, marshallers), the
 * server binding and client factories. Kept apart from the interface so that the interface a
 * user implements carries no framework plumbing beyond UNIMPLEMENTED defaults.
 */
final class TripleClassGenerator {
  private TripleClassGenerator() {}

  static String generate(ServiceModel service) {
    SourceWriter w = new SourceWriter().fileHeader(service.protoFile, service.javaPackage);
    w.javadoc(
        "Descriptors, server binding and client factories for the {@code " + service.fullName
            + "} service (see {@link " + service.interfaceName + "}).");
    if (service.anyDeprecated()) {
      w.line("@java.lang.SuppressWarnings(\"deprecation\")"); // it binds and creates what is deprecated
    }
    w.open("public final class " + service.tripleClassName);
    w.javadoc("The fully-qualified proto name of the service.");
    w.line("public static final " + Fqn.STRING + " SERVICE_NAME = \"" + service.fullName + "\";");
    for (ServiceModel.Method m : service.methods) {
      w.blank();
      w.javadoc("Descriptor of rpc {@code " + m.protoName() + "}, path {@code /" + service.fullName
          + "/" + m.protoName() + "}.");
      w.line("public static final "
          + Fqn.generic(Fqn.METHOD_DESCRIPTOR, m.requestClass(), m.responseClass()) + " "
          + m.constantName() + " =");
      w.indent().indent();
      w.line(Fqn.METHOD_DESCRIPTOR + ".of(");
      w.indent().indent();
      w.line("SERVICE_NAME,");
      w.line("\"" + m.protoName() + "\",");
      w.line(Fqn.METHOD_TYPE + "." + m.methodType() + ",");
      w.line(Fqn.PROTO_MARSHALLER + ".of(" + m.requestClass() + ".getDefaultInstance()),");
      w.line(Fqn.PROTO_MARSHALLER + ".of(" + m.responseClass() + ".getDefaultInstance()));");
      w.outdent().outdent().outdent().outdent();
    }
    w.blank();
    w.line("private " + service.tripleClassName + "() {}");
    w.blank();

    w.javadoc(
        "Binds an implementation for registration with a server. Unary methods are dispatched to"
            + " the {@code ...Async} form of the interface method.",
        "@param impl the service implementation\n"
            + "@return the service definition with every method of the service");
    w.open("public static " + Fqn.SERVICE_DEFINITION + " bindService(" + service.interfaceName
        + " impl)");
    w.line(Fqn.OBJECTS + ".requireNonNull(impl, \"impl\");");
    w.line("return " + Fqn.SERVICE_DEFINITION + ".builder(SERVICE_NAME)");
    w.indent().indent();
    if (service.outerClass != null) {
      // For server reflection: the file's descriptor, with everything it imports.
      w.line(".schemaDescriptor(" + service.outerClass + ".getDescriptor().findServiceByName(\""
          + service.protoName + "\"))");
    }
    for (ServiceModel.Method m : service.methods) {
      String handler = switch (m.methodType()) {
        case "UNARY" -> "unaryCall(impl::" + m.asyncName() + ")";
        case "SERVER_STREAMING" -> "serverStreamingCall(impl::" + m.javaName() + ")";
        case "CLIENT_STREAMING" -> "clientStreamingCall(impl::" + m.javaName() + ")";
        default -> "bidiStreamingCall(impl::" + m.javaName() + ")";
      };
      w.line(".addMethod(" + m.constantName() + ", " + Fqn.SERVER_CALLS + "." + handler + ")");
    }
    w.line(".build();");
    w.outdent().outdent();
    w.close();
    w.blank();

    String client = service.clientClassName;
    w.javadoc(
        "A client for a target URI such as {@code tri://127.0.0.1:50051}; it owns its channel."
            + " Close it when done.",
        "@param uri the server address\n@return a new client\n@see " + client
            + "#create(" + Fqn.STRING + ")");
    w.open("public static " + client + " newClient(" + Fqn.STRING + " uri)");
    w.line("return " + client + ".create(uri);");
    w.close();
    w.blank();
    w.javadoc(
        "A client on an existing channel; closing the client does not close the channel.",
        "@param channel the channel calls are made on\n@return a new client\n@see " + client
            + "#create(" + Fqn.CHANNEL + ")");
    w.open("public static " + client + " newClient(" + Fqn.CHANNEL + " channel)");
    w.line("return " + client + ".create(channel);");
    w.close();
    w.close();
    return w.toString();
  }
}
