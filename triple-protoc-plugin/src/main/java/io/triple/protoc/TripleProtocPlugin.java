package io.triple.protoc;

import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.IOException;

/** Placeholder: replaced by the real generator. */
public final class TripleProtocPlugin {
  public static void main(String[] args) throws IOException {
    CodeGeneratorRequest req = CodeGeneratorRequest.parseFrom(System.in);
    CodeGeneratorResponse.newBuilder().build().writeTo(System.out);
    System.out.flush();
  }
}
