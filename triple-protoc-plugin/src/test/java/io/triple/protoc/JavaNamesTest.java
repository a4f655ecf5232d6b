package io.triple.protoc;

import static io.triple.protoc.Protos.file;
import static io.triple.protoc.Protos.message;
import static io.triple.protoc.Protos.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import org.junit.jupiter.api.Test;

class JavaNamesTest {

  @Test
  void lowerCamelFollowsProtoc() {
    assertEquals("sayHello", JavaNames.lowerCamel("SayHello"));
    assertEquals("sayHello", JavaNames.lowerCamel("say_hello"));
    assertEquals("sayHello", JavaNames.lowerCamel("sayHello"));
    assertEquals("greet", JavaNames.lowerCamel("greet"));
    assertEquals("getHTTPStatus", JavaNames.lowerCamel("GetHTTPStatus"));
    assertEquals("get2Fa", JavaNames.lowerCamel("get2fa"));
    // As in protoc: a leading underscore capitalises the next letter.
    assertEquals("DoIt", JavaNames.lowerCamel("_do__it_"));
    assertEquals("default", JavaNames.lowerCamel("Default"));
  }

  @Test
  void upperSnakeSplitsWordsAndAcronyms() {
    assertEquals("GREET", JavaNames.upperSnake("greet"));
    assertEquals("GREET_SERVER_STREAM", JavaNames.upperSnake("greetServerStream"));
    assertEquals("GET_HTTP_STATUS", JavaNames.upperSnake("getHTTPStatus"));
    assertEquals("GET_HTTP_STATUS", JavaNames.upperSnake("getHttpStatus"));
    assertEquals("GET2_FA", JavaNames.upperSnake("get2Fa"));
    assertEquals("DEFAULT_", JavaNames.upperSnake("default_"));
  }

  @Test
  void keywordsAndRestrictedIdentifiersAreReserved() {
    for (String k : new String[] {"default", "class", "new", "true", "null", "yield", "var", "_"}) {
      assertEquals(true, JavaNames.JAVA_RESERVED.contains(k), k);
    }
    assertEquals(false, JavaNames.JAVA_RESERVED.contains("greet"));
  }

  @Test
  void outerClassFromFileName() {
    assertEquals("Greeter", JavaNames.outerClassName(file("greeter.proto", "p").build()));
    assertEquals("BarBaz", JavaNames.outerClassName(file("foo/bar_baz.proto", "p").build()));
    assertEquals("MyFile2Go", JavaNames.outerClassName(file("a/my-file2go.proto", "p").build()));
    assertEquals("Old", JavaNames.outerClassName(file("old.protodevel", "p").build()));
  }

  @Test
  void outerClassGetsSuffixWhenATypeHasItsName() {
    assertEquals("GreeterOuterClass", JavaNames.outerClassName(
        file("greeter.proto", "p").addMessageType(message("Greeter")).build()));
    assertEquals("GreeterOuterClass", JavaNames.outerClassName(
        file("greeter.proto", "p").addService(service("Greeter")).build()));
    assertEquals("GreeterOuterClass", JavaNames.outerClassName(
        file("greeter.proto", "p")
            .addEnumType(EnumDescriptorProto.newBuilder().setName("Greeter"))
            .build()));
    assertEquals("GreeterOuterClass", JavaNames.outerClassName(
        file("greeter.proto", "p").addMessageType(message("A", message("Greeter"))).build()));
    // Only an exact match counts.
    assertEquals("Greeter", JavaNames.outerClassName(
        file("greeter.proto", "p").addMessageType(message("GREETER")).build()));
  }

  @Test
  void explicitOuterClassNameWins() {
    assertEquals("Protos", JavaNames.outerClassName(
        file("greeter.proto", "p")
            .setOptions(FileOptions.newBuilder().setJavaOuterClassname("Protos"))
            .addMessageType(message("Greeter"))
            .build()));
  }

  @Test
  void javaPackageOptionOverridesProtoPackage() {
    assertEquals("a.b", JavaNames.javaPackage(file("x.proto", "a.b").build()));
    assertEquals("com.x", JavaNames.javaPackage(
        file("x.proto", "a.b").setOptions(FileOptions.newBuilder().setJavaPackage("com.x")).build()));
    assertEquals("", JavaNames.javaPackage(file("x.proto", "").build()));
  }
}
