package io.triple.protoc;

import static io.triple.protoc.Protos.file;
import static io.triple.protoc.Protos.message;
import static io.triple.protoc.Protos.method;
import static io.triple.protoc.Protos.service;
import static io.triple.protoc.Protos.unary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceModelTest {

  private static ServiceModel model(FileDescriptorProto... files) {
    return ServiceModel.of(files[0], new TypeIndex(List.of(files))).get(0);
  }

  @Test
  void clashingMethodNamesGetUnderscores() {
    FileDescriptorProto f = file("c.proto", "p")
        .addMessageType(message("M"))
        .addService(service("S",
            unary("Default", ".p.M", ".p.M"),
            unary("Greet", ".p.M", ".p.M"),
            unary("greet", ".p.M", ".p.M"),
            unary("greetAsync", ".p.M", ".p.M"),
            method("WithMetadata", ".p.M", ".p.M", true, true),
            unary("toString", ".p.M", ".p.M"),
            unary("getHTTPStatus", ".p.M", ".p.M"),
            unary("GetHttpStatus", ".p.M", ".p.M")))
        .build();
    List<ServiceModel.Method> m = model(f).methods;
    assertEquals("default_", m.get(0).javaName());
    assertEquals("defaultAsync", m.get(0).asyncName());
    assertEquals("DEFAULT_METHOD", m.get(0).constantName());
    assertEquals("greet", m.get(1).javaName());
    assertEquals("greetAsync", m.get(1).asyncName());
    assertEquals("GREET_METHOD", m.get(1).constantName());
    assertEquals("greet_", m.get(2).javaName());
    assertEquals("greetAsync_", m.get(2).asyncName());
    assertEquals("GREET__METHOD", m.get(2).constantName());
    assertEquals("greetAsync__", m.get(3).javaName());
    assertEquals("greetAsyncAsync", m.get(3).asyncName());
    assertEquals("GREET_ASYNC_METHOD", m.get(3).constantName());
    assertEquals("withMetadata_", m.get(4).javaName());
    assertNull(m.get(4).asyncName());
    assertEquals("BIDI_STREAMING", m.get(4).methodType());
    assertEquals("toString_", m.get(5).javaName());
    assertEquals("GET_HTTP_STATUS_METHOD", m.get(6).constantName());
    assertEquals("GET_HTTP_STATUS__METHOD", m.get(7).constantName());
  }

  @Test
  void messageClassesFollowFileOptions() {
    FileDescriptorProto dep = file("dep/types.proto", "other")
        .setOptions(FileOptions.newBuilder().setJavaPackage("com.other").setJavaMultipleFiles(true))
        .addMessageType(message("Money"))
        .build();
    FileDescriptorProto f = file("svc_protos.proto", "p")
        .addDependency("dep/types.proto")
        .addMessageType(message("Outer", message("Inner")))
        .addService(service("Svc",
            unary("Pay", ".other.Money", ".p.Outer.Inner"),
            method("Stream", ".p.Outer", ".other.Money", false, true)))
        .build();
    ServiceModel s = model(f, dep);
    assertEquals("com.other.Money", s.methods.get(0).requestClass());
    assertEquals("p.SvcProtos.Outer.Inner", s.methods.get(0).responseClass());
    assertEquals("p.SvcProtos.Outer", s.methods.get(1).requestClass());
    assertEquals("SERVER_STREAMING", s.methods.get(1).methodType());
    assertEquals("p.Svc", s.fullName);
    assertEquals("p/SvcClient.java", s.outputPath(s.clientClassName));
  }

  @Test
  void outerClassSuffixAppliesToMessageClasses() {
    FileDescriptorProto f = file("svc.proto", "p")
        .addMessageType(message("M"))
        .addService(service("Svc", unary("Go", ".p.M", ".p.M")))
        .build();
    assertEquals("p.SvcOuterClass.M", model(f).methods.get(0).requestClass());
  }
}
