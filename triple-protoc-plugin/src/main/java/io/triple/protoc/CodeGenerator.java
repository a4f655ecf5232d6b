package io.triple.protoc;

import com.google.protobuf.DescriptorProtos.Edition;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorRequest;
import com.google.protobuf.compiler.PluginProtos.CodeGeneratorResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link CodeGeneratorRequest} into a {@link CodeGeneratorResponse}: three files per
 * service of each file to generate, nothing for files without services.
 *
 * <p>Class-name clashes are errors, not renames: if {@code Greeter}, {@code GreeterTriple} or
 * {@code GreeterClient} would have the same name (ignoring case, for case-insensitive file
 * systems) as a top-level class protoc generates in the same Java package (the outer class, or
 * with {@code java_multiple_files} a message, its {@code OrBuilder} or an enum), or as another
 * service's generated class, the response carries an error naming the proto file and both
 * names. Silently renaming a class would break the names users are documented to write.
 * Method-name clashes, in contrast, are resolved by renaming (see {@link ServiceModel}).
 */
final class CodeGenerator {
  private CodeGenerator() {}

  static CodeGeneratorResponse generate(CodeGeneratorRequest request) {
    CodeGeneratorResponse.Builder response = CodeGeneratorResponse.newBuilder()
        .setSupportedFeatures(CodeGeneratorResponse.Feature.FEATURE_PROTO3_OPTIONAL_VALUE
            | CodeGeneratorResponse.Feature.FEATURE_SUPPORTS_EDITIONS_VALUE)
        .setMinimumEdition(Edition.EDITION_PROTO2_VALUE)
        .setMaximumEdition(Edition.EDITION_2023_VALUE);
    try {
      for (CodeGeneratorResponse.File f : files(request)) {
        response.addFile(f);
      }
    } catch (GenerationException e) {
      response.clearFile().setError(e.getMessage());
    }
    return response.build();
  }

  private static List<CodeGeneratorResponse.File> files(CodeGeneratorRequest request) {
    Map<String, FileDescriptorProto> byName = new HashMap<>();
    for (FileDescriptorProto f : request.getProtoFileList()) {
      byName.put(f.getName(), f);
    }
    TypeIndex types = new TypeIndex(request.getProtoFileList());
    // Java class FQN -> the service that generates it, to catch two services generating one class.
    Map<String, ServiceModel> generated = new HashMap<>();
    List<CodeGeneratorResponse.File> out = new ArrayList<>();
    for (String name : request.getFileToGenerateList()) {
      FileDescriptorProto file = byName.get(name);
      if (file == null) {
        throw new GenerationException(name + ": not among the request's proto files");
      }
      for (ServiceModel service : ServiceModel.of(file, types)) {
        checkClassNames(service, types, generated);
        out.add(file(service, service.interfaceName, InterfaceGenerator.generate(service)));
        out.add(file(service, service.tripleClassName, TripleClassGenerator.generate(service)));
        out.add(file(service, service.clientClassName, ClientGenerator.generate(service)));
      }
    }
    return out;
  }

  private static void checkClassNames(
      ServiceModel service, TypeIndex types, Map<String, ServiceModel> generated) {
    for (String simpleName : service.generatedClassNames()) {
      String owner = types.topLevelClassOwner(service.javaPackage, simpleName);
      if (owner != null) {
        throw new GenerationException(service.protoFile + ": service " + service.protoName
            + " would generate class " + JavaNames.qualify(service.javaPackage, simpleName)
            + ", which clashes with " + owner + " (protoc's Java class of the same name in the"
            + " same package). Rename the service or the type, or use a different java_package"
            + " or java_outer_classname.");
      }
      String key = JavaNames.qualify(service.javaPackage, simpleName).toLowerCase(java.util.Locale.ROOT);
      ServiceModel other = generated.putIfAbsent(key, service);
      if (other != null) {
        throw new GenerationException(service.protoFile + ": service " + service.protoName
            + " would generate class " + JavaNames.qualify(service.javaPackage, simpleName)
            + ", which clashes with a class generated for service " + other.protoName + " in "
            + other.protoFile + ". Rename one of the services or use a different java_package.");
      }
    }
  }

  private static CodeGeneratorResponse.File file(ServiceModel service, String className, String content) {
    return CodeGeneratorResponse.File.newBuilder()
        .setName(service.outputPath(className))
        .setContent(content)
        .build();
  }
}
