package io.triple.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ExtensionRequest;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.triple.server.TripleServer;
import io.triple.services.reflectiontest.EchoTriple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Our reflection service, asked by grpc-java's reflection stubs (io.grpc:grpc-services), v1 and
 * v1alpha, as grpcurl and other tools ask it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtoReflectionServiceTest {
  private TripleServer server;
  private ManagedChannel channel;

  @BeforeAll
  void start() {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(EchoTriple.bindService(new io.triple.services.reflectiontest.Echo() {}))
        .addService(HealthService.create().bindService())
        .addService(ProtoReflectionService.create())
        .addService(ProtoReflectionService.createV1Alpha())
        .build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterAll
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.shutdownNow();
  }

  /** Sends {@code requests} on one v1 stream and returns the responses, in order. */
  private List<ServerReflectionResponse> ask(ServerReflectionRequest... requests) throws Exception {
    CompletableFuture<List<ServerReflectionResponse>> done = new CompletableFuture<>();
    List<ServerReflectionResponse> responses = new ArrayList<>();
    StreamObserver<ServerReflectionRequest> out = ServerReflectionGrpc.newStub(channel)
        .serverReflectionInfo(collector(responses, done));
    for (ServerReflectionRequest r : requests) {
      out.onNext(r);
    }
    out.onCompleted();
    return done.get(30, TimeUnit.SECONDS);
  }

  private static <T> StreamObserver<T> collector(List<T> into, CompletableFuture<List<T>> done) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        into.add(value);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(into);
      }
    };
  }

  private static ServerReflectionRequest symbol(String name) {
    return ServerReflectionRequest.newBuilder().setHost("h").setFileContainingSymbol(name).build();
  }

  /** Builds the first file of a response from the protos it carries (each once, any order). */
  private static FileDescriptor firstFile(ServerReflectionResponse response) throws Exception {
    Map<String, FileDescriptorProto> protos = new HashMap<>();
    String first = null;
    for (var bytes : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      FileDescriptorProto p = FileDescriptorProto.parseFrom(bytes);
      protos.put(p.getName(), p);
      first = first == null ? p.getName() : first;
    }
    return build(first, protos, new HashMap<>());
  }

  private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos,
      Map<String, FileDescriptor> built) throws Exception {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name);
    assertTrue(proto != null, "the response lacks " + name + ", which is imported");
    List<FileDescriptor> deps = new ArrayList<>();
    for (String dep : proto.getDependencyList()) {
      deps.add(build(dep, protos, built));
    }
    FileDescriptor fd = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
    built.put(name, fd);
    return fd;
  }

  @Test
  void listsServicesGeneratedFromProtoFiles() throws Exception {
    ServerReflectionResponse r = ask(
        ServerReflectionRequest.newBuilder().setHost("h").setListServices("*").build()).get(0);
    assertEquals(List.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
            "reflectiontest.Echo"),
        r.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList());
    assertEquals("h", r.getValidHost());
  }

  @Test
  void describesAMethodWithTheFilesItImports() throws Exception {
    ServerReflectionResponse r = ask(symbol("reflectiontest.Echo.Say")).get(0);
    FileDescriptor file = firstFile(r);
    assertEquals("reflectiontest/echo.proto", file.getName());
    MethodDescriptor say = file.findServiceByName("Echo").findMethodByName("Say");
    assertEquals("reflectiontest.EchoRequest", say.getInputType().getFullName());
    assertEquals("google.protobuf.StringValue", say.getOutputType().getFullName());
    assertEquals("google.protobuf.StringValue",
        say.getInputType().findFieldByName("text").getMessageType().getFullName());
  }

  @Test
  void answersEachRequestOfAStreamInOrder() throws Exception {
    List<ServerReflectionResponse> r = ask(
        ServerReflectionRequest.newBuilder().setFileByFilename("reflectiontest/echo.proto").build(),
        symbol("reflectiontest.EchoRequest.Nested"),
        symbol("grpc.health.v1.HealthCheckResponse.ServingStatus"),
        symbol("reflectiontest.tag"),
        symbol("no.such.Symbol"),
        ServerReflectionRequest.newBuilder().setFileByFilename("no/such.proto").build());
    assertEquals(6, r.size());
    assertEquals("reflectiontest/echo.proto", firstFile(r.get(0)).getName());
    assertEquals("reflectiontest/echo.proto", firstFile(r.get(1)).getName());
    assertEquals("grpc/health/v1/health.proto", firstFile(r.get(2)).getName());
    assertEquals("reflectiontest/echo.proto", firstFile(r.get(3)).getName());
    assertEquals(io.grpc.Status.Code.NOT_FOUND.value(), r.get(4).getErrorResponse().getErrorCode());
    assertEquals(io.grpc.Status.Code.NOT_FOUND.value(), r.get(5).getErrorResponse().getErrorCode());
    assertEquals("no.such.Symbol", r.get(4).getOriginalRequest().getFileContainingSymbol());
  }

  @Test
  void extensions() throws Exception {
    List<ServerReflectionResponse> r = ask(
        ServerReflectionRequest.newBuilder()
            .setAllExtensionNumbersOfType("reflectiontest.EchoRequest").build(),
        ServerReflectionRequest.newBuilder().setFileContainingExtension(ExtensionRequest.newBuilder()
            .setContainingType("reflectiontest.EchoRequest").setExtensionNumber(150)).build(),
        ServerReflectionRequest.newBuilder().setFileContainingExtension(ExtensionRequest.newBuilder()
            .setContainingType("reflectiontest.EchoRequest").setExtensionNumber(120)).build());
    assertEquals(List.of(101, 150), r.get(0).getAllExtensionNumbersResponse().getExtensionNumberList());
    assertEquals("reflectiontest.EchoRequest",
        r.get(0).getAllExtensionNumbersResponse().getBaseTypeName());
    assertEquals("reflectiontest/echo.proto", firstFile(r.get(1)).getName());
    assertEquals(io.grpc.Status.Code.NOT_FOUND.value(), r.get(2).getErrorResponse().getErrorCode());
  }

  @Test
  void v1AlphaAnswersTheSame() throws Exception {
    CompletableFuture<List<io.grpc.reflection.v1alpha.ServerReflectionResponse>> done =
        new CompletableFuture<>();
    StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> out =
        io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)
            .serverReflectionInfo(collector(new ArrayList<>(), done));
    out.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
        .setListServices("").build());
    out.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("reflectiontest.Echo").build());
    out.onCompleted();
    List<io.grpc.reflection.v1alpha.ServerReflectionResponse> r = done.get(30, TimeUnit.SECONDS);
    assertEquals(3, r.get(0).getListServicesResponse().getServiceCount());
    assertEquals(2, r.get(1).getFileDescriptorResponse().getFileDescriptorProtoCount(),
        "echo.proto and wrappers.proto");
  }
}
