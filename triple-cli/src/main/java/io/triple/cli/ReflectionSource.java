package io.triple.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.Status;
import io.triple.protobuf.ProtoMarshaller;
import io.triple.services.reflection.v1.ServerReflectionRequest;
import io.triple.services.reflection.v1.ServerReflectionResponse;
import io.triple.services.reflection.v1.ServiceResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Descriptors asked of the server through gRPC server reflection: {@code grpc.reflection.v1},
 * or {@code v1alpha} (the same messages under another name) if the server lacks v1, as older
 * grpc-java and grpc-go servers do. One short stream per question, over gRPC whatever
 * {@code --protocol} says (reflection is a bidirectional stream).
 */
final class ReflectionSource implements DescriptorSource {
  private static final String V1 = "grpc.reflection.v1.ServerReflection";
  private static final String V1_ALPHA = "grpc.reflection.v1alpha.ServerReflection";

  private final Channel channel;
  private final Metadata headers;
  private final Duration deadline;
  private final SymbolIndex index = new SymbolIndex();
  private String service = V1;

  ReflectionSource(Channel channel, Metadata headers, Duration deadline) {
    this.channel = channel;
    this.headers = headers;
    this.deadline = deadline;
  }

  @Override
  public List<String> services() {
    ServerReflectionResponse r = ask(ServerReflectionRequest.newBuilder().setListServices("*").build());
    List<String> names = new ArrayList<>();
    for (ServiceResponse s : r.getListServicesResponse().getServiceList()) {
      names.add(s.getName());
    }
    names.sort(null);
    return names;
  }

  @Override
  public GenericDescriptor find(String symbol) {
    GenericDescriptor d = index.symbol(symbol);
    if (d != null) {
      return d;
    }
    // Servers know services, methods and top-level types; for a nested one ask for its parent.
    String asked = symbol;
    while (true) {
      ServerReflectionResponse r = ask(ServerReflectionRequest.newBuilder().setFileContainingSymbol(asked).build());
      if (!r.hasErrorResponse()) {
        load(r);
        break;
      }
      int dot = asked.lastIndexOf('.');
      if (r.getErrorResponse().getErrorCode() != Status.Code.NOT_FOUND.value() || dot <= 0) {
        throw new CliException("Symbol not found: " + symbol + " (server reflection: "
            + r.getErrorResponse().getErrorMessage() + ")");
      }
      asked = asked.substring(0, dot);
    }
    d = index.symbol(symbol);
    if (d == null) {
      throw new CliException("Symbol not found: " + symbol);
    }
    return d;
  }

  @Override
  public JsonFormat.TypeRegistry typeRegistry() {
    return index.typeRegistry();
  }

  /** Adds the files of a file_descriptor_response (the first is the one asked for) and builds them. */
  private void load(ServerReflectionResponse r) {
    List<String> names = new ArrayList<>();
    for (ByteString bytes : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      FileDescriptorProto p = parse(bytes);
      index.addProto(p);
      names.add(p.getName());
    }
    for (String name : names) {
      index.build(name, this::fetchFile);
    }
  }

  private FileDescriptorProto fetchFile(String name) {
    ServerReflectionResponse r = ask(ServerReflectionRequest.newBuilder().setFileByFilename(name).build());
    if (r.hasErrorResponse() || r.getFileDescriptorResponse().getFileDescriptorProtoCount() == 0) {
      return null;
    }
    FileDescriptorProto first = null;
    for (ByteString bytes : r.getFileDescriptorResponse().getFileDescriptorProtoList()) {
      FileDescriptorProto p = parse(bytes);
      index.addProto(p);
      if (p.getName().equals(name)) {
        first = p;
      }
    }
    return first;
  }

  private static FileDescriptorProto parse(ByteString bytes) {
    try {
      return FileDescriptorProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new CliException("The server sent an invalid file descriptor: " + e.getMessage(), e);
    }
  }

  private ServerReflectionResponse ask(ServerReflectionRequest request) {
    try {
      return exchange(service, request);
    } catch (RpcException e) {
      if (e.status().code() != Status.Code.UNIMPLEMENTED || !service.equals(V1)) {
        throw e;
      }
    }
    service = V1_ALPHA;
    try {
      return exchange(service, request);
    } catch (RpcException e) {
      if (e.status().code() == Status.Code.UNIMPLEMENTED) {
        throw new CliException("The server does not support the reflection API (neither "
            + V1 + " nor " + V1_ALPHA + "): use --protoset or --proto");
      }
      throw e;
    }
  }

  private ServerReflectionResponse exchange(String serviceName, ServerReflectionRequest request) {
    MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method = MethodDescriptor.of(
        serviceName, "ServerReflectionInfo", MethodType.BIDI_STREAMING,
        ProtoMarshaller.of(ServerReflectionRequest.getDefaultInstance()),
        ProtoMarshaller.of(ServerReflectionResponse.getDefaultInstance()));
    CallOptions options = deadline == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withTimeout(deadline);
    ClientCall<ServerReflectionRequest, ServerReflectionResponse> call = channel.newCall(method, options);
    List<ServerReflectionResponse> responses = new ArrayList<>();
    CompletableFuture<RpcException> done = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(ServerReflectionResponse message) {
        responses.add(message);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        done.complete(status.isOk() ? null : new RpcException(status, trailers));
      }
    }, headers.copy());
    call.request(Integer.MAX_VALUE);
    call.sendMessage(request);
    call.halfClose();
    RpcException failure;
    try {
      failure = done.get();
    } catch (InterruptedException e) {
      call.cancel("interrupted", e);
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted");
    } catch (ExecutionException e) {
      throw new CliException("Reflection failed: " + e.getCause(), e.getCause());
    }
    if (failure != null) {
      throw failure;
    }
    if (responses.isEmpty()) {
      throw new CliException("The server's reflection service answered nothing");
    }
    return responses.get(0);
  }
}
