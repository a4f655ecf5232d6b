package io.triple.tests.codegen;

import static io.triple.tests.codegen.Reflect.assertMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerMethodDefinition;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.protobuf.ProtoMarshaller;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.dubbo.sample.tri.Greeter;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.apache.dubbo.sample.tri.GreeterTriple;
import org.junit.jupiter.api.Test;

/** The API generated for greeter.proto, checked by reflection and direct calls (no server). */
class GreeterCodegenTest {
  private static final String REQ = GreeterRequest.class.getName();
  private static final String REPLY = GreeterReply.class.getName();
  private static final GreeterRequest REQUEST = GreeterRequest.newBuilder().setName("n").build();

  /** A channel that only exists to be held by stubs; starting a call on it is a test failure. */
  private static final Channel NO_CALLS = new Channel() {
    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(
        MethodDescriptor<ReqT, RespT> method, CallOptions options) {
      throw new AssertionError("unexpected call " + method);
    }

    @Override
    public String authority() {
      return "test:1";
    }
  };

  @Test
  void serviceNameConstants() {
    assertEquals("org.apache.dubbo.sample.tri.Greeter", Greeter.SERVICE_NAME);
    assertEquals("org.apache.dubbo.sample.tri.Greeter", GreeterTriple.SERVICE_NAME);
  }

  @Test
  void interfaceShape() {
    assertTrue(Greeter.class.isInterface());
    assertMethod(Greeter.class, REPLY, "greet", GreeterRequest.class);
    assertMethod(Greeter.class, "java.util.concurrent.CompletableFuture<" + REPLY + ">",
        "greetAsync", GreeterRequest.class);
    assertMethod(Greeter.class, "void", "greetServerStream", GreeterRequest.class,
        StreamObserver.class);
    assertMethod(Greeter.class, "io.triple.StreamObserver<" + REQ + ">", "greetClientStream",
        StreamObserver.class);
    assertMethod(Greeter.class, "io.triple.StreamObserver<" + REQ + ">", "greetStream",
        StreamObserver.class);
    for (Method m : Greeter.class.getDeclaredMethods()) {
      assertTrue(m.isDefault(), m + " has a default");
    }
    assertEquals(
        List.of("greet", "greetAsync", "greetClientStream", "greetServerStream", "greetStream"),
        Reflect.declaredPublicMethods(Greeter.class));
  }

  @Test
  void methodDescriptors() {
    assertEquals("/org.apache.dubbo.sample.tri.Greeter/greet", GreeterTriple.GREET_METHOD.path());
    assertEquals("greet", GreeterTriple.GREET_METHOD.methodName());
    assertEquals(MethodType.UNARY, GreeterTriple.GREET_METHOD.type());
    assertEquals(MethodType.CLIENT_STREAMING, GreeterTriple.GREET_CLIENT_STREAM_METHOD.type());
    assertEquals(MethodType.SERVER_STREAMING, GreeterTriple.GREET_SERVER_STREAM_METHOD.type());
    assertEquals(MethodType.BIDI_STREAMING, GreeterTriple.GREET_STREAM_METHOD.type());
    assertEquals("/org.apache.dubbo.sample.tri.Greeter/greetServerStream",
        GreeterTriple.GREET_SERVER_STREAM_METHOD.path());
    ProtoMarshaller<?> m = (ProtoMarshaller<?>) GreeterTriple.GREET_METHOD.requestMarshaller();
    assertSame(GreeterRequest.getDefaultInstance(), m.defaultInstance());
    ProtoMarshaller<?> r = (ProtoMarshaller<?>) GreeterTriple.GREET_METHOD.responseMarshaller();
    assertSame(GreeterReply.getDefaultInstance(), r.defaultInstance());
  }

  @Test
  void tripleClassIsAStaticHolder() {
    assertTrue(Modifier.isFinal(GreeterTriple.class.getModifiers()));
    Constructor<?>[] ctors = GreeterTriple.class.getDeclaredConstructors();
    assertEquals(1, ctors.length);
    assertTrue(Modifier.isPrivate(ctors[0].getModifiers()));
    assertMethod(GreeterTriple.class, ServiceDefinition.class.getName(), "bindService", Greeter.class);
    assertMethod(GreeterTriple.class, GreeterClient.class.getName(), "newClient", String.class);
    assertMethod(GreeterTriple.class, GreeterClient.class.getName(), "newClient", Channel.class);
    GreeterClient client = GreeterTriple.newClient(NO_CALLS);
    assertSame(NO_CALLS, client.getChannel());
  }

  @Test
  void bindServiceListsAllMethods() {
    ServiceDefinition def = GreeterTriple.bindService(new Greeter() {});
    assertEquals("org.apache.dubbo.sample.tri.Greeter", def.serviceName());
    assertEquals(
        List.of("greet", "greetClientStream", "greetServerStream", "greetStream"),
        def.methods().stream().map(d -> d.method().methodName()).toList());
    ServerMethodDefinition<?, ?> greet = def.method("greet");
    assertSame(GreeterTriple.GREET_METHOD, greet.method());
    assertThrows(NullPointerException.class, () -> GreeterTriple.bindService(null));
  }

  @Test
  void defaultUnaryMethodsAreUnimplemented() throws InterruptedException {
    Greeter impl = new Greeter() {};
    StatusException e = assertThrows(StatusException.class, () -> impl.greet(REQUEST));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().code());
    assertTrue(e.getStatus().description().contains("org.apache.dubbo.sample.tri.Greeter/greet"));

    CompletableFuture<GreeterReply> f = impl.greetAsync(REQUEST);
    ExecutionException ee = assertThrows(ExecutionException.class, f::get);
    StatusException cause = assertInstanceOf(StatusException.class, ee.getCause());
    assertEquals(Status.Code.UNIMPLEMENTED, cause.getStatus().code());
  }

  @Test
  void asyncDefaultDelegatesToBlockingForm() throws Exception {
    Greeter impl = new Greeter() {
      @Override
      public GreeterReply greet(GreeterRequest request) {
        return GreeterReply.newBuilder().setMessage("hi " + request.getName()).build();
      }
    };
    assertEquals("hi n", impl.greetAsync(REQUEST).get().getMessage());
  }

  @Test
  void defaultStreamingMethodsAreUnimplemented() {
    Greeter impl = new Greeter() {};
    RecordingObserver<GreeterReply> serverStream = new RecordingObserver<>();
    impl.greetServerStream(REQUEST, serverStream);
    assertUnimplemented(serverStream);

    RecordingObserver<GreeterReply> clientStream = new RecordingObserver<>();
    StreamObserver<GreeterRequest> requests = impl.greetClientStream(clientStream);
    assertUnimplemented(clientStream);
    requests.onNext(REQUEST); // ignored, must not throw
    requests.onCompleted();

    RecordingObserver<GreeterReply> bidi = new RecordingObserver<>();
    impl.greetStream(bidi).onNext(REQUEST);
    assertUnimplemented(bidi);
  }

  private static void assertUnimplemented(RecordingObserver<?> o) {
    StatusException e = assertInstanceOf(StatusException.class, o.error);
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().code());
    assertFalse(o.completed);
    assertTrue(o.values.isEmpty());
  }

  @Test
  void clientShape() {
    Class<GreeterClient> c = GreeterClient.class;
    assertTrue(Modifier.isFinal(c.getModifiers()));
    assertTrue(Greeter.class.isAssignableFrom(c));
    assertTrue(AutoCloseable.class.isAssignableFrom(c));
    String self = c.getName();
    assertMethod(c, self, "create", String.class);
    assertMethod(c, self, "create", Channel.class);
    assertMethod(c, self, "withCallOptions", CallOptions.class);
    assertMethod(c, self, "withMetadata", Metadata.class);
    assertMethod(c, self, "withTimeout", Duration.class);
    assertMethod(c, Channel.class.getName(), "getChannel");
    assertMethod(c, CallOptions.class.getName(), "getCallOptions");
    assertMethod(c, "void", "close");

    assertMethod(c, REPLY, "greet", GreeterRequest.class);
    assertMethod(c, "java.util.concurrent.CompletableFuture<" + REPLY + ">", "greetAsync",
        GreeterRequest.class);
    assertMethod(c, "void", "greet", GreeterRequest.class, StreamObserver.class);
    assertMethod(c, "void", "greetServerStream", GreeterRequest.class, StreamObserver.class);
    assertMethod(c, "io.triple.stub.ResponseIterator<" + REPLY + ">", "greetServerStream",
        GreeterRequest.class);
    assertMethod(c, "io.triple.stub.ClientCallStreamObserver<" + REQ + ">", "greetClientStream",
        StreamObserver.class);
    assertMethod(c, "io.triple.stub.ClientCallStreamObserver<" + REQ + ">", "greetStream",
        StreamObserver.class);
    for (Constructor<?> ctor : c.getDeclaredConstructors()) {
      assertTrue(Modifier.isPrivate(ctor.getModifiers()));
    }
  }

  @Test
  void clientCopiesShareTheChannelAndKeepOptionsImmutable() {
    GreeterClient client = GreeterClient.create(NO_CALLS);
    assertSame(CallOptions.DEFAULT, client.getCallOptions());

    GreeterClient timed = client.withTimeout(Duration.ofSeconds(3));
    assertNotSame(client, timed);
    assertSame(NO_CALLS, timed.getChannel());
    assertEquals(Duration.ofSeconds(3), timed.getCallOptions().timeout());
    assertNull(client.getCallOptions().timeout());

    Metadata md = new Metadata();
    md.put("x-test", "1");
    GreeterClient withMd = timed.withMetadata(md);
    assertEquals("1", withMd.getCallOptions().metadata().get("x-test"));
    assertEquals(Duration.ofSeconds(3), withMd.getCallOptions().timeout());
    assertNull(timed.getCallOptions().metadata());

    CallOptions opts = CallOptions.DEFAULT.withTimeout(Duration.ofMillis(5));
    assertSame(opts, client.withCallOptions(opts).getCallOptions());
    assertThrows(NullPointerException.class, () -> client.withCallOptions(null));
    assertThrows(NullPointerException.class, () -> GreeterClient.create((Channel) null));

    // Not owned: close() must not touch the channel (NO_CALLS fails on any use).
    client.close();
    withMd.close();
  }

  @Test
  void generatedSourcesCarryHeaderAndProtoComments() throws Exception {
    String iface = Reflect.generatedSource("org/apache/dubbo/sample/tri/Greeter.java");
    assertTrue(iface.startsWith(
        "// Generated by triple-protoc-plugin. DO NOT EDIT.\n// source: greeter.proto\n"));
    assertTrue(iface.contains(" * unary\n"), iface);
    assertTrue(iface.contains(" * bi streaming\n"), iface);
    for (String f : List.of("GreeterTriple.java", "GreeterClient.java")) {
      String src = Reflect.generatedSource("org/apache/dubbo/sample/tri/" + f);
      assertTrue(src.startsWith("// Generated by triple-protoc-plugin. DO NOT EDIT.\n"), f);
      assertFalse(src.contains("\nimport "), f + " uses fully-qualified names only");
    }
  }
}
