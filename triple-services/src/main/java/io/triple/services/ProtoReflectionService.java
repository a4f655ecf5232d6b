package io.triple.services;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StreamObserver;
import io.triple.protobuf.ProtoMarshaller;
import io.triple.services.reflection.v1.ErrorResponse;
import io.triple.services.reflection.v1.ExtensionNumberResponse;
import io.triple.services.reflection.v1.ExtensionRequest;
import io.triple.services.reflection.v1.FileDescriptorResponse;
import io.triple.services.reflection.v1.ListServiceResponse;
import io.triple.services.reflection.v1.ServerReflection;
import io.triple.services.reflection.v1.ServerReflectionRequest;
import io.triple.services.reflection.v1.ServerReflectionResponse;
import io.triple.services.reflection.v1.ServerReflectionTriple;
import io.triple.services.reflection.v1.ServiceResponse;
import io.triple.stub.ServerCalls;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * gRPC server reflection: lets clients that do not have the {@code .proto} files (grpcurl,
 * Postman, grpc_cli, Kreya...) list a server's services and fetch their descriptors. Add one to
 * each server, next to the services it describes:
 *
 * <pre>{@code
 * TripleServer server = TripleServer.builder()
 *     .addService(GreeterTriple.bindService(new GreeterImpl()))
 *     .addService(ProtoReflectionService.create())          // grpc.reflection.v1
 *     .addService(ProtoReflectionService.createV1Alpha())   // grpc.reflection.v1alpha, for older tools
 *     .build();
 * }</pre>
 *
 * <p>It describes every service of that server generated from a {@code .proto} file (their
 * {@link ServiceDefinition#schemaDescriptor()}), with the files they import. Each definition it
 * returns learns its server's services when the server is built (so add a new one to each
 * server). Both protocol versions have the same messages; only the service name differs.
 */
public final class ProtoReflectionService {
  /** The service name of {@link #createV1Alpha()}. */
  public static final String V1_ALPHA_SERVICE = "grpc.reflection.v1alpha.ServerReflection";

  private ProtoReflectionService() {}

  /** {@code grpc.reflection.v1.ServerReflection}, for one server. */
  public static ServiceDefinition create() {
    Handler handler = new Handler();
    return ServerReflectionTriple.bindService(handler).withServerListener(handler::serverBuilt);
  }

  /** {@code grpc.reflection.v1alpha.ServerReflection} (the same protocol), for one server. */
  public static ServiceDefinition createV1Alpha() {
    Handler handler = new Handler();
    io.triple.MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> info =
        io.triple.MethodDescriptor.of(
            V1_ALPHA_SERVICE,
            "ServerReflectionInfo",
            MethodType.BIDI_STREAMING,
            ProtoMarshaller.of(ServerReflectionRequest.getDefaultInstance()),
            ProtoMarshaller.of(ServerReflectionResponse.getDefaultInstance()));
    return ServiceDefinition.builder(V1_ALPHA_SERVICE)
        .addMethod(info, ServerCalls.bidiStreamingCall(handler::serverReflectionInfo))
        .build()
        .withServerListener(handler::serverBuilt);
  }

  /** Answers requests from the index of one server's files. */
  private static final class Handler implements ServerReflection {
    private volatile Index index = new Index(List.of());

    void serverBuilt(List<ServiceDefinition> services) {
      index = new Index(services);
    }

    @Override
    public StreamObserver<ServerReflectionRequest> serverReflectionInfo(
        StreamObserver<ServerReflectionResponse> responses) {
      return new StreamObserver<>() {
        @Override
        public void onNext(ServerReflectionRequest request) {
          responses.onNext(index.answer(request));
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          responses.onCompleted();
        }
      };
    }
  }

  /** Every file, symbol and extension reachable from one server's services. */
  static final class Index {
    private final Set<String> serviceNames = new TreeSet<>();
    private final Map<String, FileDescriptor> files = new LinkedHashMap<>();
    private final Map<String, FileDescriptor> symbols = new LinkedHashMap<>();
    /** Extended message -> extension number -> file that declares the extension. */
    private final Map<String, Map<Integer, FileDescriptor>> extensions = new LinkedHashMap<>();

    Index(List<ServiceDefinition> services) {
      for (ServiceDefinition service : services) {
        if (service.schemaDescriptor() instanceof ServiceDescriptor descriptor) {
          serviceNames.add(descriptor.getFullName());
          addFileAndImports(descriptor.getFile());
        }
      }
    }

    private void addFileAndImports(FileDescriptor root) {
      ArrayDeque<FileDescriptor> todo = new ArrayDeque<>(List.of(root));
      while (!todo.isEmpty()) {
        FileDescriptor file = todo.poll();
        if (files.putIfAbsent(file.getName(), file) != null) {
          continue;
        }
        for (ServiceDescriptor s : file.getServices()) {
          symbols.putIfAbsent(s.getFullName(), file);
          for (MethodDescriptor m : s.getMethods()) {
            symbols.putIfAbsent(m.getFullName(), file);
          }
        }
        for (Descriptor m : file.getMessageTypes()) {
          addMessage(m, file);
        }
        for (EnumDescriptor e : file.getEnumTypes()) {
          symbols.putIfAbsent(e.getFullName(), file);
        }
        for (FieldDescriptor x : file.getExtensions()) {
          addExtension(x, file);
        }
        todo.addAll(file.getDependencies());
      }
    }

    private void addMessage(Descriptor message, FileDescriptor file) {
      symbols.putIfAbsent(message.getFullName(), file);
      for (Descriptor nested : message.getNestedTypes()) {
        addMessage(nested, file);
      }
      for (EnumDescriptor e : message.getEnumTypes()) {
        symbols.putIfAbsent(e.getFullName(), file);
      }
      for (FieldDescriptor x : message.getExtensions()) {
        addExtension(x, file);
      }
    }

    private void addExtension(FieldDescriptor extension, FileDescriptor file) {
      symbols.putIfAbsent(extension.getFullName(), file);
      extensions.computeIfAbsent(extension.getContainingType().getFullName(), k -> new TreeMap<>())
          .putIfAbsent(extension.getNumber(), file);
    }

    ServerReflectionResponse answer(ServerReflectionRequest request) {
      ServerReflectionResponse.Builder response = ServerReflectionResponse.newBuilder()
          .setValidHost(request.getHost())
          .setOriginalRequest(request);
      switch (request.getMessageRequestCase()) {
        case LIST_SERVICES -> {
          ListServiceResponse.Builder list = ListServiceResponse.newBuilder();
          for (String name : serviceNames) {
            list.addService(ServiceResponse.newBuilder().setName(name));
          }
          response.setListServicesResponse(list);
        }
        case FILE_BY_FILENAME -> fileOr(response, files.get(request.getFileByFilename()),
            "file " + request.getFileByFilename());
        case FILE_CONTAINING_SYMBOL -> fileOr(response,
            symbols.get(request.getFileContainingSymbol()),
            "symbol " + request.getFileContainingSymbol());
        case FILE_CONTAINING_EXTENSION -> {
          ExtensionRequest x = request.getFileContainingExtension();
          fileOr(response,
              extensions.getOrDefault(x.getContainingType(), Map.of()).get(x.getExtensionNumber()),
              "extension " + x.getExtensionNumber() + " of " + x.getContainingType());
        }
        case ALL_EXTENSION_NUMBERS_OF_TYPE -> {
          String type = request.getAllExtensionNumbersOfType();
          if (!symbols.containsKey(type)) {
            error(response, Status.Code.NOT_FOUND, "type " + type + " not found");
          } else {
            response.setAllExtensionNumbersResponse(ExtensionNumberResponse.newBuilder()
                .setBaseTypeName(type)
                .addAllExtensionNumber(extensions.getOrDefault(type, Map.of()).keySet()));
          }
        }
        default -> error(response, Status.Code.INVALID_ARGUMENT,
            "no request in the ServerReflectionRequest");
      }
      return response.build();
    }

    /** The file and every file it imports, directly or not (a client needs them all to use it). */
    private static void fileOr(
        ServerReflectionResponse.Builder response, FileDescriptor file, String what) {
      if (file == null) {
        error(response, Status.Code.NOT_FOUND, what + " not found");
        return;
      }
      FileDescriptorResponse.Builder out = FileDescriptorResponse.newBuilder();
      Set<String> seen = new HashSet<>();
      ArrayDeque<FileDescriptor> todo = new ArrayDeque<>(List.of(file));
      while (!todo.isEmpty()) {
        FileDescriptor f = todo.poll();
        if (seen.add(f.getName())) {
          out.addFileDescriptorProto(f.toProto().toByteString());
          todo.addAll(f.getDependencies());
        }
      }
      response.setFileDescriptorResponse(out);
    }

    private static void error(
        ServerReflectionResponse.Builder response, Status.Code code, String message) {
      response.setErrorResponse(
          ErrorResponse.newBuilder().setErrorCode(code.value()).setErrorMessage(message));
    }
  }
}
