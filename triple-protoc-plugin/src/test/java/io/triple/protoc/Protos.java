package io.triple.protoc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;

/** Builders for hand-made descriptors, so tests need no protoc. */
final class Protos {
  private Protos() {}

  static DescriptorProto message(String name, DescriptorProto... nested) {
    DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
    for (DescriptorProto n : nested) {
      b.addNestedType(n);
    }
    return b.build();
  }

  static MethodDescriptorProto method(
      String name, String in, String out, boolean clientStreaming, boolean serverStreaming) {
    return MethodDescriptorProto.newBuilder()
        .setName(name)
        .setInputType(in)
        .setOutputType(out)
        .setClientStreaming(clientStreaming)
        .setServerStreaming(serverStreaming)
        .build();
  }

  static MethodDescriptorProto unary(String name, String in, String out) {
    return method(name, in, out, false, false);
  }

  static ServiceDescriptorProto service(String name, MethodDescriptorProto... methods) {
    ServiceDescriptorProto.Builder b = ServiceDescriptorProto.newBuilder().setName(name);
    for (MethodDescriptorProto m : methods) {
      b.addMethod(m);
    }
    return b.build();
  }

  static FileDescriptorProto.Builder file(String name, String pkg) {
    return FileDescriptorProto.newBuilder().setName(name).setPackage(pkg).setSyntax("proto3");
  }
}
