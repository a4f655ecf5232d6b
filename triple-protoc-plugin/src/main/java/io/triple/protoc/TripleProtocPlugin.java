package io.triple.protoc;

import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.io.IOException;

/**
 * protoc plugin entry point: reads a {@code CodeGeneratorRequest} from stdin and writes a
 * {@code CodeGeneratorResponse} to stdout, generating for each service {@code Foo} the interface
 * {@code Foo}, the descriptors/binding class {@code FooTriple} and the client {@code FooClient},
 * always as top-level classes in the file's Java package. Takes no parameters.
 *
 * <p>Naming rules, so that generated code always compiles:
 *
 * <ul>
 *   <li>Message classes are named exactly as {@code protoc --java_out} names them (see
 *       {@code JavaNames}, {@code TypeIndex}) and always written fully qualified; framework and
 *       JDK types are fully qualified too, so no message name can shadow them.
 *   <li>Method names are the rpc names in lowerCamelCase; a name that is a Java keyword, an
 *       {@code Object} method, a client member ({@code create}, {@code withMetadata},
 *       {@code close}...) or already used by an earlier rpc (including its {@code ...Async} form)
 *       gets {@code _} appended until free. Wire paths always use the proto name. See
 *       {@code ServiceModel}.
 *   <li>A generated class whose name clashes with a class protoc generates in the same Java
 *       package, or with another service's generated class, fails generation with an error naming
 *       the proto file and both classes. See {@code CodeGenerator}.
 * </ul>
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
