package io.triple.protoc;

import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.IOException;

/**
 * protoc plugin entry point: reads a {@code CodeGeneratorRequest} from stdin and writes a
 * {@code CodeGeneratorResponse} to stdout, generating for each service {@code Foo} the interface
 * {@code Foo}, the descriptors/binding class {@code FooTriple} and the client {@code FooClient}.
 * Takes no parameters.
 */
public final class TripleProtocPlugin {
  private TripleProtocPlugin() {}

  /**
   * Runs the plugin.
   *
   * @param args ignored; protoc passes parameters inside the request
   * @throws IOException if stdin or stdout fail
   */
  public static void main(String[] args) throws IOException {
    CodeGeneratorRequest request = CodeGeneratorRequest.parseFrom(System.in);
    CodeGeneratorResponse response;
    try {
      response = CodeGenerator.generate(request);
    } catch (RuntimeException e) {
      // Answer protoc anyway: an empty stdout would be reported as a confusing parse error.
      e.printStackTrace();
      response = CodeGeneratorResponse.newBuilder()
          .setError("internal error in triple-protoc-plugin: " + e)
          .build();
    }
    response.writeTo(System.out);
    System.out.flush();
  }
}
