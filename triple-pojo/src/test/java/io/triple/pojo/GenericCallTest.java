package io.triple.pojo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.shop.OrderService;
import example.shop.OrderServiceImpl;
import example.shop.model.Circle;
import example.shop.model.Item;
import example.shop.model.Order;
import example.shop.model.OrderException;
import example.shop.model.Page;
import example.shop.model.Status;
import io.triple.CallOptions;
import io.triple.Channel;
import io.triple.ClientCall;
import io.triple.ForwardingClientCall;
import io.triple.Metadata;
import io.triple.MethodDescriptor;
import io.triple.ServiceDefinition;
import io.triple.Status.Code;
import io.triple.StatusException;
import io.triple.pojo.internal.Generalizer;
import io.triple.pojo.internal.Wrappers;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.testing.JavaSerialization;
import io.triple.pojo.testing.LocalChannel;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Generic calls end to end without a transport: our GenericService client against a
 * PojoService's handlers over a {@link LocalChannel}, with a test-only Java serialization in
 * place of hessian2 and fastjson2.
 */
class GenericCallTest {
  private static final String NAME = OrderService.class.getName();
  private final OrderServiceImpl impl = new OrderServiceImpl();
  private final ServiceDefinition service = PojoService.builder(OrderService.class, impl).build();
  private final LocalChannel channel = new LocalChannel(service);
  private final GenericService generic =
      PojoClient.generic(NAME).serialization(JavaSerialization.NAME).build(channel);

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Code code(Throwable t) {
    return assertInstanceOf(StatusException.class, t).getStatus().code();
  }

  // ---- what goes on the wire ------------------------------------------------------------------

  @Test
  void everyServiceAnswersInvokeInvokeAsyncAndEcho() {
    for (String m : List.of("$invoke", "$invokeAsync", "$echo", "find", "save")) {
      assertNotNull(service.method(m), m);
    }
  }

  @Test
  void sendsWhatDubboGenericConsumersSend() throws Exception {
    assertEquals(3, generic.$invoke("add", new String[] {"int", "int"}, new Object[] {1, 2}));
    LocalChannel.Sent sent = channel.sent.get(0);
    assertEquals("/example.shop.OrderService/$invoke", sent.path());
    assertEquals("true", sent.headers().get("generic"));
    Wrappers.Request req = Wrappers.REQUEST.parse(new ByteArrayInputStream(sent.request()));
    assertEquals(List.of("java.lang.String", "[Ljava.lang.String;", "[Ljava.lang.Object;"), req.argTypes());
    assertEquals(JavaSerialization.NAME, req.serializeType());
    assertEquals(3, req.args().size());

    assertEquals(5, generic.$invokeAsync("add", null, new Object[] {2, 3}).get(5, TimeUnit.SECONDS));
    assertEquals("/example.shop.OrderService/$invokeAsync", channel.sent.get(1).path());
  }

  @Test
  void objectsAmongTheArgumentsAreSentGeneralized() throws Exception {
    generic.$invoke("save", new String[] {"example.shop.model.Order"}, new Object[] {OrderServiceImpl.sample(9)});
    Wrappers.Request req = Wrappers.REQUEST.parse(new ByteArrayInputStream(channel.sent.get(0).request()));
    Object[] args = (Object[]) new JavaSerialization().read(new ByteArrayInputStream(req.args().get(2)),
        Object[].class, Object[].class, ClassGuard.permissive(getClass().getClassLoader()));
    Map<?, ?> order = assertInstanceOf(Map.class, args[0]);
    assertEquals("example.shop.model.Order", order.get("class"));
    assertEquals(9L, assertInstanceOf(Order.class, impl.lastArgument).getId());
  }

  // ---- results and arguments ------------------------------------------------------------------

  @Test
  void resultsComeBackGeneralized() {
    Map<?, ?> order = assertInstanceOf(Map.class, generic.$invoke("find", new String[] {"long"}, new Object[] {42}));
    assertEquals(((Map<?, ?>) Generalizer.generalize(OrderServiceImpl.sample(42))).keySet(), order.keySet());
    assertEquals("PAID", order.get("status"));
    assertEquals("2024-05-17T10:30:15", order.get("created"));
    assertEquals(new BigDecimal("9.99"), ((Map<?, ?>) ((List<?>) order.get("items")).get(0)).get("price"));
    assertNull(generic.$invoke("find", null, new Object[] {0L}));
    assertArrayEquals(new String[] {"NEW", "PAID"}, (String[]) generic.$invoke("statuses", null,
        new Object[] {List.of("NEW", "PAID")}));
    assertEquals(Map.of("a", 2, "b", 1), generic.$invoke("count", null, new Object[] {List.of("a", "b", "a")}));
  }

  @Test
  void argumentsAreRealizedIntoTheDeclaredTypes() {
    Map<String, Object> order = map("id", 5, "status", "NEW", "items", List.of(map("sku", "z", "qty", 2L)),
        "created", "2024-01-01T12:00:00");
    Map<?, ?> back = (Map<?, ?>) generic.$invoke("save", new String[] {"example.shop.model.Order"},
        new Object[] {order});
    Order got = assertInstanceOf(Order.class, impl.lastArgument);
    assertEquals(Status.NEW, got.getStatus());
    assertInstanceOf(Item.class, got.getItems().get(0));
    assertEquals(5L, back.get("id"));

    generic.$invoke("page", null, new Object[] {map("number", 1, "content", List.of(map("sku", "p")))});
    Page<?> page = assertInstanceOf(Page.class, impl.lastArgument); // Page<Item>: Items inside
    assertInstanceOf(Item.class, page.getContent().get(0));

    assertEquals(Map.of("class", "example.shop.model.Point", "x", 4, "y", 2),
        generic.$invoke("move", null, new Object[] {map("x", 1, "y", 2), 3}));
    assertEquals("2024-01-01T01:30", generic.$invoke("later", null, new Object[] {"2024-01-01T00:00", "PT90M"}));
    assertNull(generic.$invoke("touch", new String[] {"java.lang.String"}, new Object[] {"t"}));
    assertEquals("t", impl.lastArgument);
  }

  @Test
  void classKeySelectsTheSubclass() {
    double area = (Double) generic.$invoke("area", null,
        new Object[] {map("class", "example.shop.model.Circle", "radius", 1)});
    assertEquals(Math.PI, area, 1e-9);
    assertInstanceOf(Circle.class, impl.lastArgument);
  }

  @Test
  void overloadsAndParameterTypeNames() {
    assertEquals("hello a hello a", generic.$invoke("greet", new String[] {"java.lang.String", "int"},
        new Object[] {"a", 2}));
    assertEquals("hello b", generic.$invoke("greet", new String[] {"java.lang.String"}, new Object[] {"b"}));
    // No types for an overloaded name: the arity decides when it can.
    assertEquals("hello c", generic.$invoke("greet", null, new Object[] {"c"}));
    // Arrays as Class.getName() names them, and as Dubbo's GenericImplFilter does.
    assertEquals(6, generic.$invoke("sum", new String[] {"[I"}, new Object[] {new int[] {1, 2, 3}}));
    assertEquals(6, generic.$invoke("sum", new String[] {"int[]"}, new Object[] {List.of(1, 2, 3)}));
  }

  @Test
  void asynchronousMethodsAndInvokeAsync() throws Exception {
    Map<?, ?> viaAsyncMethod = (Map<?, ?>) generic.$invoke("findAsync", null, new Object[] {7});
    assertEquals(7L, viaAsyncMethod.get("id"));
    CompletableFuture<Object> f = generic.$invokeAsync("findAsync", new String[] {"long"}, new Object[] {8L});
    assertEquals(8L, ((Map<?, ?>) f.get(5, TimeUnit.SECONDS)).get("id"));
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> generic.$invokeAsync("findAsync", null, new Object[] {-1}).get(5, TimeUnit.SECONDS));
    assertEquals("negative id -1", assertInstanceOf(IllegalStateException.class, e.getCause()).getMessage());
  }

  // ---- failures -------------------------------------------------------------------------------

  @Test
  void businessExceptionsAsForNormalCalls() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> generic.$invoke("fail", null, new Object[] {"runtime"}));
    assertEquals("broken: runtime", e.getMessage());
    // The provider's own exception class: not on a generic caller's default allow list.
    StatusException s = assertThrows(StatusException.class, () -> generic.$invoke("fail", null, new Object[] {"checked"}));
    assertTrue(s.getStatus().description().contains("example.shop.model.OrderException"), s.getMessage());
    // Allowed: the exception itself, as the cause ($invoke declares no checked exception).
    GenericService allowing = PojoClient.generic(NAME).serialization(JavaSerialization.NAME)
        .allowList(ClassAllowList.builder().allow("example.shop.model.").build()).build(channel);
    StatusException wrapped = assertThrows(StatusException.class,
        () -> allowing.$invoke("fail", null, new Object[] {"checked"}));
    assertEquals("no such order", assertInstanceOf(OrderException.class, wrapped.getCause()).getMessage());
  }

  @Test
  void refusedClassesAreDeniedBeforeAnythingIsCreated() {
    StatusException gadget = assertThrows(StatusException.class, () -> generic.$invoke("save", null,
        new Object[] {map("class", "com.sun.rowset.JdbcRowSetImpl", "dataSourceName", "ldap://x/y")}));
    assertEquals(Code.PERMISSION_DENIED, gadget.getStatus().code());
    assertTrue(gadget.getStatus().description().contains("com.sun.rowset.JdbcRowSetImpl"), gadget.getMessage());
    StatusException outside = assertThrows(StatusException.class, () -> generic.$invoke("any", null,
        new Object[] {map("class", "example.other.Secret", "command", "x")}));
    assertEquals(Code.PERMISSION_DENIED, outside.getStatus().code());
    assertNull(System.getProperty("example.other.Secret.loaded"));
    assertNull(impl.lastArgument);
  }

  @Test
  void callsThatCannotBeServed() {
    assertEquals(Code.UNIMPLEMENTED, code(assertThrows(StatusException.class,
        () -> generic.$invoke("nope", null, new Object[0]))));
    assertEquals(Code.UNIMPLEMENTED, code(assertThrows(StatusException.class,
        () -> generic.$invoke("add", new String[] {"long", "long"}, new Object[] {1, 2}))));
    assertEquals(Code.UNIMPLEMENTED, code(assertThrows(StatusException.class,
        () -> generic.$invoke("countTo", null, new Object[] {3, null}))));
    assertEquals(Code.INVALID_ARGUMENT, code(assertThrows(StatusException.class,
        () -> generic.$invoke("greet", null, new Object[] {"a", 1, 2}))));
    StatusException bad = assertThrows(StatusException.class,
        () -> generic.$invoke("add", null, new Object[] {1, "two"}));
    assertEquals(Code.INVALID_ARGUMENT, bad.getStatus().code());
    assertTrue(bad.getStatus().description().contains("argument 1 (int)"), bad.getMessage());
    assertEquals(Code.INVALID_ARGUMENT, code(assertThrows(StatusException.class,
        () -> generic.$invoke("add", null, new Object[] {1}))));
  }

  @Test
  void genericHeaderForms() {
    assertEquals(Code.PERMISSION_DENIED, code(assertThrows(StatusException.class,
        () -> withHeader("nativejava").$invoke("add", null, new Object[] {1, 2}))));
    for (String unsupported : List.of("bean", "gson", "protobuf-json", "whatever")) {
      assertEquals(Code.UNIMPLEMENTED, code(assertThrows(StatusException.class,
          () -> withHeader(unsupported).$invoke("add", null, new Object[] {1, 2}))), unsupported);
    }
    assertEquals(3, withHeader("TRUE").$invoke("add", null, new Object[] {1, 2}));
    assertEquals(3, withHeader("").$invoke("add", null, new Object[] {1, 2}));
    // raw.return: the result as it is, readable by a caller allowing its class.
    Object raw = withHeader("raw.return").$invoke("find", null, new Object[] {1});
    assertEquals(1L, assertInstanceOf(Order.class, raw).getId());
  }

  /** A generic client whose calls carry {@code generic: value} instead of {@code true}. */
  private GenericService withHeader(String value) {
    Channel rewriting = new Channel() {
      @Override
      public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> m, CallOptions o) {
        return new ForwardingClientCall<>(channel.newCall(m, o)) {
          @Override
          public void start(Listener<RespT> listener, Metadata headers) {
            headers.put("generic", value);
            super.start(listener, headers);
          }
        };
      }

      @Override
      public String authority() {
        return "local";
      }
    };
    return PojoClient.generic(NAME).serialization(JavaSerialization.NAME)
        .allowList(ClassAllowList.builder().allow("example.shop.model.").build()).build(rewriting);
  }

  // ---- $echo ----------------------------------------------------------------------------------

  /** How Dubbo's EchoService declares it (every Dubbo reference implements it). */
  public interface Echo {
    Object $echo(Object message);
  }

  /** A $invoke of the wrong shape. */
  public interface WrongInvoke {
    Object $invoke(String method);
  }

  @Test
  void echoReturnsItsArgument() {
    Echo echo = PojoClient.builder(Echo.class).serviceName(NAME).serialization(JavaSerialization.NAME).build(channel);
    assertEquals("OK", echo.$echo("OK"));
    assertEquals(List.of(1, 2), echo.$echo(new ArrayList<>(List.of(1, 2)))); // not List.of: Java serialization's CollSer
    assertEquals("/example.shop.OrderService/$echo", channel.sent.get(0).path());
  }

  @Test
  void invokeOfTheWrongShapeIsInvalid() {
    WrongInvoke wrong = PojoClient.builder(WrongInvoke.class).serviceName(NAME)
        .serialization(JavaSerialization.NAME).build(channel);
    assertEquals(Code.INVALID_ARGUMENT, code(assertThrows(StatusException.class, () -> wrong.$invoke("add"))));
  }

  /** An interface with its own $echo. */
  public interface OwnEcho {
    String $echo(String s);
  }

  @Test
  void theInterfacesOwnMethodOfThatNameWins() {
    ServiceDefinition own = PojoService.builder(OwnEcho.class, (OwnEcho) s -> "mine:" + s).build();
    OwnEcho client = PojoClient.builder(OwnEcho.class).serialization(JavaSerialization.NAME)
        .build(new LocalChannel(own));
    assertEquals("mine:x", client.$echo("x"));
  }
}
