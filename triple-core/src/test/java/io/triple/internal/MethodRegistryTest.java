package io.triple.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.triple.Marshaller;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServerCall;
import io.triple.ServerCallHandler;
import io.triple.ServerInterceptor;
import io.triple.ServiceDefinition;
import io.triple.Status;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The routing every transport shares: the descriptions here are what callers see. */
class MethodRegistryTest {
  static final Marshaller<String> NONE = new Marshaller<>() {
    @Override
    public void serialize(String value, OutputStream out) {}

    @Override
    public String parse(InputStream in) {
      return "";
    }
  };
  static final MethodDescriptor<String, String> SAY =
      MethodDescriptor.of("test.Greeter", "Say", MethodType.UNARY, NONE, NONE);

  /** What ran when a routed method was started, in order. */
  final List<String> ran = new ArrayList<>();

  ServiceDefinition greeter(String name) {
    return ServiceDefinition.builder("test.Greeter")
        .addMethod(SAY, (call, headers) -> {
          ran.add(name);
          return null;
        })
        .build();
  }

  /** Starts the routed method with no call: the handlers here look at neither argument. */
  String serve(MethodRegistry registry, String version, String group) throws MethodRegistry.NotFound {
    ran.clear();
    registry.lookup("/test.Greeter/Say", version, group).method().handler().startCall(null, new Metadata());
    return String.join(",", ran);
  }

  MethodRegistry versions() {
    return new MethodRegistry(List.of(
        greeter("1.0.0/a").withVersion("1.0.0").withGroup("a"),
        greeter("2.0.0/a").withVersion("2.0.0").withGroup("a"),
        greeter("2.0.0/b").withVersion("2.0.0").withGroup("b")));
  }

  @Test
  void oneRegistrationServesAPlainGrpcClient() throws Exception {
    MethodRegistry r = new MethodRegistry(List.of(greeter("only").withVersion("1.0.0").withGroup("g")));
    assertEquals("only", serve(r, null, null));
    assertEquals("only", serve(r, "", ""));
  }

  @Test
  void exactVersionAndGroupWin() throws Exception {
    MethodRegistry r = versions();
    assertEquals("1.0.0/a", serve(r, "1.0.0", "a"));
    assertEquals("2.0.0/a", serve(r, "2.0.0", "a"));
    assertEquals("2.0.0/b", serve(r, "2.0.0", "b"));
  }

  @Test
  void starMatchesAnyThenTheFirstRegistered() throws Exception {
    MethodRegistry r = versions();
    assertEquals("1.0.0/a", serve(r, "*", "*"));
    assertEquals("2.0.0/a", serve(r, "2.0.0", "*"));
    assertEquals("2.0.0/b", serve(r, "*", "b"));
  }

  @Test
  void namingOneOfTheTwoIsEnoughWhenItIsUnique() throws Exception {
    MethodRegistry r = versions();
    assertEquals("1.0.0/a", serve(r, "1.0.0", null));
    assertEquals("2.0.0/b", serve(r, null, "b"));
  }

  @Test
  void ambiguousOrUnknownVersionListsWhatIsRegistered() {
    MethodRegistry r = versions();
    assertEquals("Service test.Greeter with version=2.0.0 group= not found; registered: "
            + "[version=1.0.0 group=a, version=2.0.0 group=a, version=2.0.0 group=b]",
        notFound(r, "/test.Greeter/Say", "2.0.0", null).description());
    assertEquals("Service test.Greeter with version= group= not found; registered: "
            + "[version=1.0.0 group=a, version=2.0.0 group=a, version=2.0.0 group=b]"
            + " (send tri-service-version / tri-service-group to choose)",
        notFound(r, "/test.Greeter/Say", null, null).description());
    assertEquals("Service test.Greeter with version=3.0.0 group=a not found; registered: "
            + "[version=1.0.0 group=a, version=2.0.0 group=a, version=2.0.0 group=b]",
        notFound(r, "/test.Greeter/Say", "3.0.0", "a").description());
  }

  @Test
  void unknownPathsSayWhatIsMissing() {
    MethodRegistry r = versions();
    assertEquals("Service not found: test.Other", notFound(r, "/test.Other/Say", null, null).description());
    assertEquals("Method not found: test.Greeter/Shout",
        notFound(r, "/test.Greeter/Shout", null, null).description());
    assertEquals("Malformed method path 'test.Greeter': expected /package.Service/Method",
        notFound(r, "test.Greeter", null, null).description());
    assertEquals("Malformed method path '/': expected /package.Service/Method",
        notFound(r, "/", null, null).description());
    assertEquals("Malformed method path '': expected /package.Service/Method",
        notFound(r, "", null, null).description());
  }

  static Status notFound(MethodRegistry r, String path, String version, String group) {
    Status s = assertThrows(MethodRegistry.NotFound.class, () -> r.lookup(path, version, group)).status();
    assertEquals(Status.Code.UNIMPLEMENTED, s.code());
    return s;
  }

  @Test
  void sameServiceVersionAndGroupTwiceIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MethodRegistry(List.of(
        greeter("x").withVersion("1.0.0").withGroup("g"), greeter("y").withVersion("1.0.0").withGroup("g"))));
    assertEquals("Service test.Greeter version 1.0.0 group g added twice", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new MethodRegistry(List.of(greeter("x"), greeter("y"))));
    assertEquals("Service test.Greeter added twice", e.getMessage());
  }

  ServerInterceptor recording(String name) {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        ran.add(name);
        return next.startCall(call, headers);
      }
    };
  }

  @Test
  void serverWideInterceptorsRunOutsideTheServicesOwn() throws Exception {
    ServiceDefinition own = greeter("method").withInterceptors(recording("service 1"), recording("service 2"));
    MethodRegistry r = MethodRegistry.serving(List.of(own), List.of(recording("server 1"), recording("server 2")));
    assertEquals("server 1,server 2,service 1,service 2,method", serve(r, null, null));
  }

  @Test
  void servingToldEachServiceWhatTheServerServes() {
    List<List<ServiceDefinition>> told = new ArrayList<>();
    ServiceDefinition reporter = ServiceDefinition.builder("test.Reporter").build().withServerListener(told::add);
    MethodRegistry r = MethodRegistry.serving(List.of(greeter("g"), reporter), List.of(recording("server")));
    assertEquals(List.of(r.services()), told);
    assertEquals(2, r.services().size());
    assertSame(r.services().get(1).serverListener(), reporter.serverListener());
  }

  @Test
  void servingADuplicateTellsNoOne() {
    List<List<ServiceDefinition>> told = new ArrayList<>();
    ServiceDefinition reporter = greeter("x").withServerListener(told::add);
    assertThrows(IllegalArgumentException.class, () -> MethodRegistry.serving(List.of(reporter, greeter("y")), List.of()));
    assertEquals(List.of(), told);
  }
}
