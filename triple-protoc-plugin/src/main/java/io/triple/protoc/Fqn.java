package io.triple.protoc;

/**
 * Fully-qualified names of the framework and JDK types generated code uses. Generated code never
 * imports and never uses a simple name outside the generated classes themselves, so a message
 * called {@code Status}, {@code Channel} or even {@code String} in the same package cannot
 * shadow anything.
 */
final class Fqn {
  private Fqn() {}

  static final String STRING = "java.lang.String";
  static final String OVERRIDE = "@java.lang.Override";
  static final String RUNTIME_EXCEPTION = "java.lang.RuntimeException";
  static final String AUTO_CLOSEABLE = "java.lang.AutoCloseable";
  static final String OBJECTS = "java.util.Objects";
  static final String DURATION = "java.time.Duration";
  static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";

  static final String CHANNEL = "io.triple.Channel";
  static final String MANAGED_CHANNEL = "io.triple.ManagedChannel";
  static final String CHANNELS = "io.triple.Channels";
  static final String CALL_OPTIONS = "io.triple.CallOptions";
  static final String METADATA = "io.triple.Metadata";
  static final String METHOD_DESCRIPTOR = "io.triple.MethodDescriptor";
  static final String METHOD_TYPE = "io.triple.MethodType";
  static final String SERVICE_DEFINITION = "io.triple.ServiceDefinition";
  static final String STREAM_OBSERVER = "io.triple.StreamObserver";
  static final String CLIENT_CALLS = "io.triple.stub.ClientCalls";
  static final String SERVER_CALLS = "io.triple.stub.ServerCalls";
  static final String RESPONSE_ITERATOR = "io.triple.stub.ResponseIterator";
  static final String CLIENT_CALL_STREAM_OBSERVER = "io.triple.stub.ClientCallStreamObserver";
  static final String PROTO_MARSHALLER = "io.triple.protobuf.ProtoMarshaller";

  static String generic(String type, String... args) {
    return type + "<" + String.join(", ", args) + ">";
  }
}
