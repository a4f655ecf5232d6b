package io.triple.protoc;

/**
 * Generates {@code GreeterClient}: an immutable stub implementing the service interface over a
 * channel, with extra call shapes (observer-style unary, blocking iterator for server streaming)
 * that a server-side interface has no use for.
 */
final class ClientGenerator {
  private ClientGenerator() {}

  static String generate(ServiceModel service) {
    String self = service.clientClassName;
    SourceWriter w = new SourceWriter().fileHeader(service.protoFile, service.javaPackage);
    w.javadoc(
        Javadoc.preBlock(service.comment),
        "Client for the {@code " + service.fullName + "} service.",
        "Instances are immutable and thread-safe. {@link #create(" + Fqn.STRING + ")} makes a"
            + " client that owns its channel: {@link #close()} on it shuts the channel down."
            + " {@link #create(" + Fqn.CHANNEL + ")} and every {@code with...} copy share the"
            + " channel without owning it, so closing them does nothing; close the original"
            + " (or the channel) once all copies are done.");
    if (service.anyDeprecated()) {
      w.line("@java.lang.SuppressWarnings(\"deprecation\")"); // it implements and calls what is deprecated
    }
    if (service.deprecated) {
      w.line(InterfaceGenerator.DEPRECATED);
    }
    w.open("public final class " + self + " implements " + service.interfaceName + ", "
        + Fqn.AUTO_CLOSEABLE);
    w.line("private final " + Fqn.CHANNEL + " channel;");
    w.line("private final " + Fqn.CALL_OPTIONS + " callOptions;");
    w.line("/** The channel {@link #close()} shuts down, or null if this client does not own it. */");
    w.line("private final " + Fqn.MANAGED_CHANNEL + " ownedChannel;");
    w.blank();
    w.open("private " + self + "(" + Fqn.CHANNEL + " channel, " + Fqn.CALL_OPTIONS
        + " callOptions, " + Fqn.MANAGED_CHANNEL + " ownedChannel)");
    w.line("this.channel = " + Fqn.OBJECTS + ".requireNonNull(channel, \"channel\");");
    w.line("this.callOptions = " + Fqn.OBJECTS + ".requireNonNull(callOptions, \"callOptions\");");
    w.line("this.ownedChannel = ownedChannel;");
    w.close();
    w.blank();
    factoriesAndOptions(w, self);
    for (ServiceModel.Method m : service.methods) {
      switch (m.methodType()) {
        case "UNARY" -> unary(w, service, m);
        case "SERVER_STREAMING" -> serverStreaming(w, service, m);
        default -> streaming(w, service, m);
      }
    }
    w.javadoc("Shuts down the channel if this client owns it (it was made by"
        + " {@link #create(" + Fqn.STRING + ")}); otherwise does nothing.");
    w.line(Fqn.OVERRIDE);
    w.open("public void close()");
    w.open("if (ownedChannel != null)");
    w.line("ownedChannel.close();");
    w.close();
    w.close();
    w.close();
    return w.toString();
  }

  private static void factoriesAndOptions(SourceWriter w, String self) {
    w.javadoc(
        "A client for a target URI such as {@code tri://127.0.0.1:50051} (a channel provider,"
            + " e.g. triple-netty, must be on the class path). The client owns the channel; close"
            + " it when done.",
        "@param uri the server address\n@return a new client owning its channel");
    w.open("public static " + self + " create(" + Fqn.STRING + " uri)");
    w.line(Fqn.MANAGED_CHANNEL + " channel = " + Fqn.CHANNELS + ".forTarget(uri);");
    w.line("return new " + self + "(channel, " + Fqn.CALL_OPTIONS + ".DEFAULT, channel);");
    w.close();
    w.blank();
    w.javadoc(
        "A client on an existing channel, which the caller keeps owning.",
        "@param channel the channel calls are made on\n@return a new client");
    w.open("public static " + self + " create(" + Fqn.CHANNEL + " channel)");
    w.line("return new " + self + "(channel, " + Fqn.CALL_OPTIONS + ".DEFAULT, null);");
    w.close();
    w.blank();
    w.javadoc(
        "A copy of this client that makes calls with other options. The copy shares the channel"
            + " but does not own it.",
        "@param callOptions the options for every call of the copy\n@return the copy");
    w.open("public " + self + " withCallOptions(" + Fqn.CALL_OPTIONS + " callOptions)");
    w.line("return new " + self + "(channel, callOptions, null);");
    w.close();
    w.blank();
    w.javadoc(
        "A copy of this client that also sends {@code metadata} with every call (added to any"
            + " already set). The copy shares the channel but does not own it.",
        "@param metadata request headers to add\n@return the copy");
    w.open("public " + self + " withMetadata(" + Fqn.METADATA + " metadata)");
    w.line("return withCallOptions(callOptions.withMetadata(metadata));");
    w.close();
    w.blank();
    w.javadoc(
        "A copy of this client whose calls each time out after {@code timeout}. The copy shares"
            + " the channel but does not own it.",
        "@param timeout a positive per-call timeout\n@return the copy");
    w.open("public " + self + " withTimeout(" + Fqn.DURATION + " timeout)");
    w.line("return withCallOptions(callOptions.withTimeout(timeout));");
    w.close();
    w.blank();
    w.javadoc("The channel calls are made on.", "@return the channel");
    w.open("public " + Fqn.CHANNEL + " getChannel()");
    w.line("return channel;");
    w.close();
    w.blank();
    w.javadoc("The options every call is made with.", "@return the call options");
    w.open("public " + Fqn.CALL_OPTIONS + " getCallOptions()");
    w.line("return callOptions;");
    w.close();
    w.blank();
  }

  private static String constant(ServiceModel service, ServiceModel.Method m) {
    return service.tripleClassName + "." + m.constantName();
  }

  private static void unary(SourceWriter w, ServiceModel service, ServiceModel.Method m) {
    String args = "(channel, " + constant(service, m) + ", callOptions, request";
    w.javadoc(
        Javadoc.preBlock(m.comment()),
        "Calls {@code " + m.protoName() + "} and waits for the response.",
        "@param request the request message\n@return the response message\n"
            + "@throws io.triple.StatusException if the call fails");
    w.line(Fqn.OVERRIDE);
    InterfaceGenerator.deprecated(w, m);
    w.open("public " + m.responseClass() + " " + m.javaName() + "(" + m.requestClass() + " request)");
    w.line("return " + Fqn.CLIENT_CALLS + ".blockingUnary" + args + ");");
    w.close();
    w.blank();
    w.javadoc(
        Javadoc.preBlock(m.comment()),
        "Calls {@code " + m.protoName() + "} without blocking. Cancelling the future cancels the"
            + " call.",
        "@param request the request message\n"
            + "@return a future for the response; fails with {@link io.triple.StatusException}");
    w.line(Fqn.OVERRIDE);
    InterfaceGenerator.deprecated(w, m);
    w.open("public " + Fqn.generic(Fqn.COMPLETABLE_FUTURE, m.responseClass()) + " "
        + m.asyncName() + "(" + m.requestClass() + " request)");
    w.line("return " + Fqn.CLIENT_CALLS + ".futureUnary" + args + ");");
    w.close();
    w.blank();
    w.javadoc(
        Javadoc.preBlock(m.comment()),
        "Calls {@code " + m.protoName() + "} without blocking; the observer gets the response and"
            + " completion, or the error.",
        "@param request the request message\n@param responseObserver receives the outcome");
    w.open("public void " + m.javaName() + "(" + m.requestClass() + " request, "
        + Fqn.generic(Fqn.STREAM_OBSERVER, m.responseClass()) + " responseObserver)");
    w.line(Fqn.CLIENT_CALLS + ".asyncUnary" + args + ", responseObserver);");
    w.close();
    w.blank();
  }

  private static void serverStreaming(SourceWriter w, ServiceModel service, ServiceModel.Method m) {
    String args = "(channel, " + constant(service, m) + ", callOptions, request";
    w.javadoc(
        Javadoc.preBlock(m.comment()),
        "Calls server-streaming {@code " + m.protoName() + "}; responses stream into the"
            + " observer.",
        "@param request the request message\n"
            + "@param responseObserver receives the responses, then completion or the error");
    w.line(Fqn.OVERRIDE);
    InterfaceGenerator.deprecated(w, m);
    w.open("public void " + m.javaName() + "(" + m.requestClass() + " request, "
        + Fqn.generic(Fqn.STREAM_OBSERVER, m.responseClass()) + " responseObserver)");
    w.line(Fqn.CLIENT_CALLS + ".serverStreaming" + args + ", responseObserver);");
    w.close();
    w.blank();
    w.javadoc(
        Javadoc.preBlock(m.comment()),
        "Calls server-streaming {@code " + m.protoName() + "} and returns a blocking iterator over"
            + " the responses. Close it (or read it to the end) to release the call.",
        "@param request the request message\n@return the responses");
    w.open("public " + Fqn.generic(Fqn.RESPONSE_ITERATOR, m.responseClass()) + " "
        + m.javaName() + "(" + m.requestClass() + " request)");
    w.line("return " + Fqn.CLIENT_CALLS + ".blockingServerStreaming" + args + ");");
    w.close();
    w.blank();
  }

  private static void streaming(SourceWriter w, ServiceModel service, ServiceModel.Method m) {
    boolean bidi = m.methodType().equals("BIDI_STREAMING");
    w.javadoc(
        Javadoc.preBlock(m.comment()),
        "Starts " + (bidi ? "bidirectional-streaming" : "client-streaming") + " {@code "
            + m.protoName() + "}. Send requests to the returned observer and complete it; the"
            + " returned observer can also cancel the call.",
        "@param responseObserver receives the " + (bidi ? "responses" : "response")
            + ", then completion or the error\n@return the observer to send requests to");
    w.line(Fqn.OVERRIDE);
    InterfaceGenerator.deprecated(w, m);
    w.open("public " + Fqn.generic(Fqn.CLIENT_CALL_STREAM_OBSERVER, m.requestClass()) + " "
        + m.javaName() + "(" + Fqn.generic(Fqn.STREAM_OBSERVER, m.responseClass())
        + " responseObserver)");
    w.line("return " + Fqn.CLIENT_CALLS + "." + (bidi ? "bidiStreaming" : "clientStreaming")
        + "(channel, " + constant(service, m) + ", callOptions, responseObserver);");
    w.close();
    w.blank();
  }
}
