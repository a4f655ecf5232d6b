package io.triple.tests.codegen;

import static io.triple.tests.codegen.Reflect.assertMethod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.triple.Channel;
import io.triple.Metadata;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.tests.gen.clash.Clashy;
import io.triple.tests.gen.clash.ClashyClient;
import io.triple.tests.gen.clash.ClashyTriple;
import io.triple.tests.gen.common.Money;
import io.triple.tests.gen.custom.CustomProtos;
import io.triple.tests.gen.custom.Inventory;
import io.triple.tests.gen.custom.InventoryTriple;
import io.triple.tests.gen.imports.Receipt;
import java.util.List;
import org.junit.jupiter.api.Test;
import triple.tests.clashnested.ClashNested;
import triple.tests.clashnested.ClashNestedOuterClass;
import triple.tests.commented.Notebook;
import triple.tests.editions.OracleTriple;
import triple.tests.multi.Echo;
import triple.tests.multi.EchoTriple;
import triple.tests.multi.MultiService;
import triple.tests.multi.MultiServiceOuterClass.Envelope;
import triple.tests.multi.MultiServiceTriple;

/** Generated API for the other test protos: file options, imports, nesting, clashes, comments. */
class CodegenVariantsTest {

  private static List<String> boundMethods(ServiceDefinition def) {
    return def.methods().stream().map(d -> d.method().methodName()).toList();
  }

  @Test
  void severalServicesInOneFileWithNestedMessagesInTheOuterClass() {
    // The service is named like the file, so protoc's outer class gets the OuterClass suffix.
    assertMethod(MultiService.class, "triple.tests.multi.MultiServiceOuterClass$Ack", "send",
        Envelope.class);
    assertMethod(MultiService.class, Envelope.Payload.class.getName(), "sendPart",
        Envelope.Payload.Part.class);
    assertEquals("/triple.tests.multi.MultiService/SendPart",
        MultiServiceTriple.SEND_PART_METHOD.path());

    assertEquals(MethodType.UNARY, EchoTriple.UNARY_METHOD.type());
    assertEquals(MethodType.SERVER_STREAMING, EchoTriple.SERVER_STREAM_METHOD.type());
    assertEquals(MethodType.CLIENT_STREAMING, EchoTriple.CLIENT_STREAM_METHOD.type());
    assertEquals(MethodType.BIDI_STREAMING, EchoTriple.BIDI_METHOD.type());
    assertEquals("/triple.tests.multi.Echo/ServerStream", EchoTriple.SERVER_STREAM_METHOD.path());
    assertMethod(Echo.class, "io.triple.StreamObserver<" + Envelope.class.getName() + ">", "bidi",
        StreamObserver.class);
    assertEquals(List.of("Unary", "ServerStream", "ClientStream", "Bidi"),
        boundMethods(EchoTriple.bindService(new Echo() {})));
  }

  @Test
  void javaPackageAndOuterClassnameOptions() {
    assertEquals("triple.tests.proto.custom.Inventory", Inventory.SERVICE_NAME);
    assertMethod(Inventory.class, CustomProtos.Item.class.getName(), "lookup",
        CustomProtos.Item.class);
    assertMethod(Inventory.class, "void", "listItems", CustomProtos.Item.class,
        StreamObserver.class);
    assertEquals("/triple.tests.proto.custom.Inventory/list_items",
        InventoryTriple.LIST_ITEMS_METHOD.path());
  }

  @Test
  void messagesFromImportedFilesUseTheirOwnOptions() {
    Class<?> greeter = io.triple.tests.gen.imports.Greeter.class;
    assertMethod(greeter, Receipt.class.getName(), "pay", Money.class);
    assertMethod(greeter, Empty.class.getName(), "ping", Empty.class);
    // A request message with the same simple name as the service interface itself.
    assertMethod(greeter, "void", "hello", io.triple.tests.gen.common.Greeter.class,
        StreamObserver.class);
    assertMethod(io.triple.tests.gen.imports.GreeterClient.class,
        "io.triple.stub.ResponseIterator<io.triple.tests.gen.common.Greeter>", "hello",
        io.triple.tests.gen.common.Greeter.class);
    assertEquals("/triple.tests.imports.Greeter/Ping",
        io.triple.tests.gen.imports.GreeterTriple.PING_METHOD.path());
  }

  @Test
  void clashingMethodNamesAreSuffixedAndStillMapToProtoNames() {
    assertEquals(
        List.of("class_", "closeAsync", "close_", "createAsync", "create_", "defaultAsync",
            "default_", "getChannel_", "getHTTPStatus", "getHTTPStatusAsync", "getHttpStatus",
            "getHttpStatusAsync", "greet", "greetAsync", "greetAsyncAsync", "greetAsync_",
            "greetAsync__", "greet_", "toStringAsync", "toString_", "withMetadataAsync",
            "withMetadata_", "withTimeout_", "yield_"),
        Reflect.declaredPublicMethods(Clashy.class));
    assertEquals("/triple.tests.clash.Clashy/Default", ClashyTriple.DEFAULT_METHOD.path());
    assertEquals("/triple.tests.clash.Clashy/Greet", ClashyTriple.GREET_METHOD.path());
    assertEquals("/triple.tests.clash.Clashy/greet", ClashyTriple.GREET__METHOD.path());
    assertEquals("/triple.tests.clash.Clashy/greetAsync", ClashyTriple.GREET_ASYNC_METHOD.path());
    assertEquals("/triple.tests.clash.Clashy/getHTTPStatus",
        ClashyTriple.GET_HTTP_STATUS_METHOD.path());
    assertEquals("/triple.tests.clash.Clashy/GetHttpStatus",
        ClashyTriple.GET_HTTP_STATUS__METHOD.path());
    assertEquals("/triple.tests.clash.Clashy/class", ClashyTriple.CLASS_METHOD.path());
    assertEquals("/triple.tests.clash.Clashy/yield", ClashyTriple.YIELD_METHOD.path());
    assertEquals(14, boundMethods(ClashyTriple.bindService(new Clashy() {})).size());

    // The client's own members keep their names next to the renamed rpc methods.
    assertMethod(ClashyClient.class, ClashyClient.class.getName(), "withMetadata", Metadata.class);
    assertMethod(ClashyClient.class, ClashyClient.class.getName(), "create", Channel.class);
    assertMethod(ClashyClient.class, "void", "close");
    assertMethod(ClashyClient.class, io.triple.tests.gen.clash.Metadata.class.getName(),
        "withMetadata_", io.triple.tests.gen.clash.Metadata.class);
  }

  @Test
  void messagesNamedLikeFrameworkTypesDoNotShadowThem() {
    // Requests typed with the package's own Status/StreamObserver/String messages.
    assertMethod(Clashy.class, io.triple.tests.gen.clash.Status.class.getName(), "default_",
        io.triple.tests.gen.clash.Status.class);
    assertMethod(Clashy.class, "void", "yield_", io.triple.tests.gen.clash.StreamObserver.class,
        StreamObserver.class);
    Clashy impl = new Clashy() {};
    StatusException e = assertThrows(StatusException.class,
        () -> impl.create_(io.triple.tests.gen.clash.String.getDefaultInstance()));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().code());
    RecordingObserver<io.triple.tests.gen.clash.CompletableFuture> o = new RecordingObserver<>();
    impl.withTimeout_(o);
    assertEquals(Status.Code.UNIMPLEMENTED,
        assertInstanceOf(StatusException.class, o.error).getStatus().code());
  }

  @Test
  void nestedMessagesNamedLikeGeneratedClasses() {
    assertMethod(triple.tests.clashnested.Greeter.class,
        ClashNestedOuterClass.GreeterTriple.class.getName(), "greet",
        ClashNestedOuterClass.GreeterClient.class);
    assertMethod(ClashNested.class, ClashNestedOuterClass.GreeterClient.class.getName(), "get",
        ClashNestedOuterClass.GreeterTriple.class);
  }

  @Test
  void editionsFilesAreSupported() {
    assertEquals("/triple.tests.editions.Oracle/Ask", OracleTriple.ASK_METHOD.path());
  }

  @Test
  void protoCommentsBecomeEscapedJavadoc() throws Exception {
    assertTrue(Notebook.class.isInterface());
    String src = Reflect.generatedSource("triple/tests/commented/Notebook.java");
    assertTrue(src.contains(" * Keeps notes.\n"), src);
    assertTrue(src.contains(
        "&#42;/ &#64;deprecated &lt;b&gt;bold&lt;/b&gt; &amp; &#92;u000a done."), src);
    assertTrue(src.contains(" * Adds a note and returns it.\n *   Indented second line.\n")
        || src.contains("   * Adds a note and returns it.\n   *   Indented second line.\n"), src);
    assertTrue(src.contains("Streams notes as they are added."), src);
    assertFalse(src.contains("@deprecated"), src);
    String client = Reflect.generatedSource("triple/tests/commented/NotebookClient.java");
    assertTrue(client.contains("Keeps notes."), client);
  }
}
