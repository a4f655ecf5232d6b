package io.triple.protoc;

/**
 * Generates the service interface ({@code Greeter}): what a server implements and what the
 * client stub implements. Every method has a default that answers UNIMPLEMENTED, so a server
 * implements only what it supports and adding an rpc to the .proto does not break it.
 */
final class InterfaceGenerator {
  /** What {@code option deprecated = true} on a service or rpc becomes, as protoc does for messages. */
  static final String DEPRECATED = "@java.lang.Deprecated";

  private InterfaceGenerator() {}

  /** {@code @Deprecated} before a method of a deprecated rpc. */
  static void deprecated(SourceWriter w, ServiceModel.Method m) {
    if (m.deprecated()) {
      w.line(DEPRECATED);
    }
  }

  static String generate(ServiceModel service) {
    SourceWriter w = new SourceWriter().fileHeader(service.protoFile, service.javaPackage);
    w.javadoc(
        Javadoc.preBlock(service.comment),
        "The {@code " + service.fullName + "} service.",
        "A server implements the methods it supports (the others answer UNIMPLEMENTED) and is"
            + " registered with {@link " + service.tripleClassName + "#bindService}. Clients call"
            + " it through {@link " + service.clientClassName + "}, which implements this"
            + " interface.");
    if (service.deprecated) {
      w.line(DEPRECATED);
    }
    w.open("public interface " + service.interfaceName);
    w.javadoc("The fully-qualified proto name of the service.");
    w.line(Fqn.STRING + " SERVICE_NAME = \"" + service.fullName + "\";");
    for (ServiceModel.Method m : service.methods) {
      w.blank();
      switch (m.methodType()) {
        case "UNARY" -> unary(w, service, m);
        case "SERVER_STREAMING" -> serverStreaming(w, service, m);
        default -> streaming(w, service, m);
      }
    }
    w.close();
    return w.toString();
  }

  private static String constant(ServiceModel service, ServiceModel.Method m) {
    return service.tripleClassName + "." + m.constantName();
  }

  private static void unary(SourceWriter w, ServiceModel service, ServiceModel.Method m) {
    w.javadoc(
        Javadoc.preBlock(m.comment()),
        "Unary rpc {@code " + m.protoName() + "}, blocking form. A server implements either this"
            + " or {@link #" + m.asyncName() + "}; by default it fails with UNIMPLEMENTED.",
        "@param request the request message\n"
            + "@return the response message\n"
            + "@throws io.triple.StatusException if the call fails");
    deprecated(w, m);
    w.open("default " + m.responseClass() + " " + m.javaName() + "(" + m.requestClass() + " request)");
    w.line("throw " + Fqn.SERVER_CALLS + ".unimplemented(" + constant(service, m) + ");");
    w.close();
    w.blank();
    String future = Fqn.generic(Fqn.COMPLETABLE_FUTURE, m.responseClass());
    w.javadoc(
        Javadoc.preBlock(m.comment()),
        "Unary rpc {@code " + m.protoName() + "}, asynchronous form. The server binding calls this"
            + " method; by default it runs {@link #" + m.javaName() + "} and completes with its"
            + " result or exception.",
        "@param request the request message\n"
            + "@return a future for the response; fails with {@link io.triple.StatusException}");
    deprecated(w, m);
    w.open("default " + future + " " + m.asyncName() + "(" + m.requestClass() + " request)");
    w.open("try");
    w.line("return " + Fqn.COMPLETABLE_FUTURE + ".completedFuture(" + m.javaName() + "(request));");
    w.close("} catch (" + Fqn.RUNTIME_EXCEPTION + " e) {").indent();
    w.line("return " + Fqn.COMPLETABLE_FUTURE + ".failedFuture(e);");
    w.close();
    w.close();
  }

  private static void serverStreaming(SourceWriter w, ServiceModel service, ServiceModel.Method m) {
    w.javadoc(
        Javadoc.preBlock(m.comment()),
        "Server-streaming rpc {@code " + m.protoName() + "}: one request, a stream of responses."
            + " By default it fails with UNIMPLEMENTED.",
        "@param request the request message\n"
            + "@param responseObserver receives the responses, then completion or an error");
    deprecated(w, m);
    w.open("default void " + m.javaName() + "(" + m.requestClass() + " request, "
        + Fqn.generic(Fqn.STREAM_OBSERVER, m.responseClass()) + " responseObserver)");
    w.line(Fqn.SERVER_CALLS + ".unimplementedUnaryCall(" + constant(service, m) + ", responseObserver);");
    w.close();
  }

  private static void streaming(SourceWriter w, ServiceModel service, ServiceModel.Method m) {
    String kind = m.methodType().equals("CLIENT_STREAMING")
        ? "Client-streaming rpc {@code " + m.protoName() + "}: a stream of requests, one response."
        : "Bidirectional-streaming rpc {@code " + m.protoName() + "}: streams of requests and"
            + " responses.";
    w.javadoc(
        Javadoc.preBlock(m.comment()),
        kind + " By default it fails with UNIMPLEMENTED.",
        "@param responseObserver receives the "
            + (m.serverStreaming() ? "responses" : "response")
            + ", then completion or an error\n"
            + "@return the observer the requests are delivered to");
    deprecated(w, m);
    w.open("default " + Fqn.generic(Fqn.STREAM_OBSERVER, m.requestClass()) + " " + m.javaName()
        + "(" + Fqn.generic(Fqn.STREAM_OBSERVER, m.responseClass()) + " responseObserver)");
    w.line("return " + Fqn.SERVER_CALLS + ".unimplementedStreamingCall(" + constant(service, m)
        + ", responseObserver);");
    w.close();
  }
}
