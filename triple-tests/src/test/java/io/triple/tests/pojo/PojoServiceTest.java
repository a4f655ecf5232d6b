package io.triple.tests.pojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.triple.Channels;
import io.triple.ManagedChannel;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.pojo.ClassAllowList;
import io.triple.pojo.PojoClient;
import io.triple.pojo.PojoService;
import io.triple.server.TripleServer;
import io.triple.tests.pojo.model.Money;
import io.triple.tests.pojo.model.Order;
import io.triple.tests.pojo.model.OrderException;
import io.triple.tests.pojo.model.Page;
import io.triple.tests.pojo.model.Shipped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An interface service (no .proto) served by {@link PojoService} and called through
 * {@link PojoClient}'s proxy over a real server on 127.0.0.1, in each of Dubbo's serializations:
 * every method shape and value kind, overloads, business exceptions, timeouts, streams, and a
 * protobuf method beside the wrapped ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class PojoServiceTest {
  TripleServer server;
  final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

  @BeforeAll
  void start() {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(PojoService.builder(OrderService.class, new OrderServiceImpl()).build())
        .build().start();
  }

  @AfterAll
  void stop() {
    channels.values().forEach(ManagedChannel::close);
    server.shutdownNow();
  }

  OrderService client(String serialization) {
    ManagedChannel ch = channels.computeIfAbsent(serialization,
        s -> Channels.forTarget("tri://127.0.0.1:" + server.port()));
    return PojoClient.builder(OrderService.class).serialization(serialization).build(ch);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void primitivesBoxesAndStrings(String serialization) {
    OrderService c = client(serialization);
    assertEquals(5, c.add(2, 3));
    assertEquals(43L, c.boxed(42L));
    assertNull(c.boxed(null));
    assertEquals("hello triple", c.hello("triple"));
    assertEquals("hello 你好", c.hello("你好"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void pojos(String serialization) {
    OrderService c = client(serialization);
    assertEquals(OrderServiceImpl.order(7), c.find(7L));
    Order o = OrderServiceImpl.order(9);
    assertEquals(o, c.save(o));
    assertEquals(new Money(new BigDecimal("3.75"), "EUR"),
        c.total(new Money(new BigDecimal("1.25"), "EUR"), new Money(new BigDecimal("2.50"), "EUR")));
    assertEquals("shipped by dhl from warehouse", c.describe(new Shipped("warehouse", "dhl")));
    Page<Order> page = c.page(3);
    assertEquals(3, page.getNumber());
    assertEquals(List.of(OrderServiceImpl.order(1), OrderServiceImpl.order(2)), page.getContent());
    assertEquals(Order.Status.SHIPPED, c.next(Order.Status.PAID));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void collectionsArraysAndJdkValues(String serialization) {
    OrderService c = client(serialization);
    assertEquals(List.of("A", "B"), c.upper(new ArrayList<>(List.of("a", "b"))));
    assertEquals(List.of("X"), c.upper(List.of("x"))); // an immutable JDK list on the wire
    assertEquals(Set.of(1, 2, 3), c.unique(new int[] {3, 1, 2, 3}));
    assertEquals(Map.of("a", 2, "b", 1), c.counts(new String[] {"a", "b", "a"}));
    assertEquals(new BigInteger("152415787532388367501905199875019052100"),
        c.square(new BigInteger("12345678901234567890")));
    assertEquals(LocalDate.of(2027, 1, 1), c.nextDay(LocalDate.of(2026, 12, 31)));
    assertEquals(Instant.ofEpochSecond(1_800_000_060L), c.later(Instant.ofEpochSecond(1_800_000_000L), Duration.ofMinutes(1)));
    Date d = new Date(1_765_000_000_000L);
    assertEquals(d, c.sameDate(d));
    assertEquals(Collections.emptyList(), c.upper(List.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void nullsAndVoid(String serialization) {
    OrderService c = client(serialization);
    assertNull(c.nullable(null));
    assertEquals("got x", c.nullable("x"));
    c.remember("kept-" + serialization);
    assertEquals("kept-" + serialization, c.recall());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void overloadsAreToldApartByArgumentTypes(String serialization) {
    OrderService c = client(serialization);
    assertEquals(OrderServiceImpl.order(1), c.find(1L));
    assertEquals("by name bob", c.find("bob"));
    assertEquals("by id 2 and name ann", c.find(2L, "ann"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void asyncMethodsOnBothSides(String serialization) throws Exception {
    OrderService c = client(serialization);
    CompletableFuture<Order> f = c.findAsync(5);
    assertEquals(OrderServiceImpl.order(5), f.get(10, TimeUnit.SECONDS));
    ExecutionException e = assertThrows(ExecutionException.class, () -> c.findAsync(-1).get(10, TimeUnit.SECONDS));
    assertInstanceOf(OrderException.class, e.getCause());
    assertEquals("no order -1", e.getCause().getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void businessExceptionsArriveAsTheirOwnClass(String serialization) {
    OrderService c = client(serialization);
    OrderException e = assertThrows(OrderException.class, () -> c.fail("out of stock"));
    assertEquals("out of stock", e.getMessage());
    assertEquals("hello again", c.hello("again")); // the connection lives on
  }

  @Test
  void anExceptionTheCallerMayNotLoadIsAClearStatus() {
    ManagedChannel ch = channels.computeIfAbsent("deny", s -> Channels.forTarget("tri://127.0.0.1:" + server.port()));
    OrderService c = PojoClient.builder(OrderService.class)
        .allowList(ClassAllowList.builder().deny("io.triple.tests.pojo.secret.").build())
        .build(ch);
    StatusException e = assertThrows(StatusException.class, () -> c.failSecret("classified"));
    assertEquals(Status.Code.UNKNOWN, e.getStatus().code());
    assertTrue(e.getStatus().description().contains("io.triple.tests.pojo.secret.SecretException"),
        e.getStatus().description());
  }

  @Test
  void timeoutsEndTheCallWithDeadlineExceeded() {
    ManagedChannel ch = channels.computeIfAbsent("hessian2", s -> Channels.forTarget("tri://127.0.0.1:" + server.port()));
    OrderService c = PojoClient.builder(OrderService.class).timeout(Duration.ofMillis(200)).build(ch);
    StatusException e = assertThrows(StatusException.class, () -> c.sleep(5_000));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().code());
    assertEquals("slept", c.sleep(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void serverStream(String serialization) throws Exception {
    OrderService c = client(serialization);
    Collector<Integer> got = new Collector<>();
    c.countTo(5, got);
    assertEquals(List.of(1, 2, 3, 4, 5), got.await());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void bidiStream(String serialization) throws Exception {
    OrderService c = client(serialization);
    Collector<String> got = new Collector<>();
    StreamObserver<String> in = c.echoStream(got);
    in.onNext("a");
    in.onNext("b");
    in.onCompleted();
    assertEquals(List.of("echo a", "echo b"), got.await());
  }

  /** Dubbo's client attachments: set for the next call on this thread, sent once, key case kept. */
  @Test
  void attachmentsGoWithTheNextCallOnly() {
    OrderService c = client("hessian2");
    io.triple.pojo.Attachments.forNextCall().put("userId", "42");
    assertEquals("42|userId", c.attachment("userId"));
    assertEquals("null|userid", c.attachment("userId"), "the next call sends none");
  }

  @Test
  void protobufMethodsTravelUnwrapped() {
    assertEquals("proto x", client("hessian2").proto(StringValue.of("x")).getValue());
  }

  @Test
  void proxyObjectMethodsAreLocal() {
    OrderService c = client("hessian2");
    assertTrue(c.toString().contains(OrderService.class.getName()), c.toString());
    // equals is identity, answered by the proxy without a call (a call would fail: no such method).
    assertTrue(c.equals(c));
    assertTrue(!c.equals(client("hessian2")), "another proxy is another reference");
    assertEquals(System.identityHashCode(c), c.hashCode());
  }

  @Test
  void createOwnsItsChannel() throws Exception {
    OrderService c = PojoClient.builder(OrderService.class).create("tri://127.0.0.1:" + server.port());
    assertEquals(3, c.add(1, 2));
    ((AutoCloseable) c).close();
    assertThrows(StatusException.class, () -> c.add(1, 2));
  }

  /** Dubbo's serialization URL parameter is the proxy's; the channel takes the others. */
  @Test
  void createTakesSerializationFromTheTarget() throws Exception {
    String base = "tri://127.0.0.1:" + server.port();
    OrderService c = PojoClient.builder(OrderService.class)
        .create(base + "?serialization=fastjson2&timeout=5000");
    assertEquals(3, c.add(1, 2));
    ((AutoCloseable) c).close();
    // Proof that it was read: a serialization nobody installed fails the proxy's creation.
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> PojoClient.builder(OrderService.class).create(base + "?prefer.serialization=nosuch"));
    assertTrue(none.getMessage().contains("nosuch"), none.getMessage());
  }

  /**
   * Hostile arguments: hessian2 bytes that name a gadget (or a class outside the STRICT allow
   * list) where describe(Event) takes its argument. The call fails with PERMISSION_DENIED naming
   * the class, and the server goes on serving.
   */
  @ParameterizedTest
  @ValueSource(strings = {"com.sun.rowset.JdbcRowSetImpl", "java.lang.ProcessBuilder",
      "org.apache.commons.collections.functors.InvokerTransformer", "java.net.URL"})
  void argumentsNamingRefusedClassesAreDenied(String className) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    com.alibaba.com.caucho.hessian.io.Hessian2Output out = new com.alibaba.com.caucho.hessian.io.Hessian2Output(bytes);
    out.writeMapBegin(className); // a typed map: Hessian's way to name the class to create
    out.writeString("dataSourceName");
    out.writeString("ldap://127.0.0.1:1/x");
    out.writeString("autoCommit");
    out.writeBoolean(true);
    out.writeMapEnd();
    out.flush();
    io.triple.pojo.internal.Wrappers.Request request = new io.triple.pojo.internal.Wrappers.Request(
        "hessian4", List.of(bytes.toByteArray()), List.of("io.triple.tests.pojo.model.Event"));
    io.triple.MethodDescriptor<io.triple.pojo.internal.Wrappers.Request, io.triple.pojo.internal.Wrappers.Response> m =
        io.triple.MethodDescriptor.of(OrderService.class.getName(), "describe", io.triple.MethodType.UNARY,
            io.triple.pojo.internal.Wrappers.REQUEST, io.triple.pojo.internal.Wrappers.RESPONSE);
    ManagedChannel ch = channels.computeIfAbsent("raw", s -> Channels.forTarget("tri://127.0.0.1:" + server.port()));
    StatusException e = assertThrows(StatusException.class,
        () -> io.triple.stub.ClientCalls.blockingUnary(ch, m, io.triple.CallOptions.DEFAULT, request));
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().code(), e.getStatus().toString());
    assertTrue(e.getStatus().description().contains(className), e.getStatus().description());
    assertEquals("hello still", client("hessian2").hello("still"));
  }

  /** A serialization the provider does not have: UNIMPLEMENTED naming the ones it accepts. */
  @Test
  void anUnknownSerializationIsUnimplemented() {
    io.triple.pojo.internal.Wrappers.Request request = new io.triple.pojo.internal.Wrappers.Request(
        "nativejava", List.of(new byte[] {1}), List.of("java.lang.String"));
    io.triple.MethodDescriptor<io.triple.pojo.internal.Wrappers.Request, io.triple.pojo.internal.Wrappers.Response> m =
        io.triple.MethodDescriptor.of(OrderService.class.getName(), "hello", io.triple.MethodType.UNARY,
            io.triple.pojo.internal.Wrappers.REQUEST, io.triple.pojo.internal.Wrappers.RESPONSE);
    ManagedChannel ch = channels.computeIfAbsent("raw", s -> Channels.forTarget("tri://127.0.0.1:" + server.port()));
    StatusException e = assertThrows(StatusException.class,
        () -> io.triple.stub.ClientCalls.blockingUnary(ch, m, io.triple.CallOptions.DEFAULT, request));
    assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().code(), e.getStatus().toString());
    assertTrue(e.getStatus().description().contains("hessian2"), e.getStatus().description());
  }

  /** Collects a stream's values; await() returns them once it completes. */
  static final class Collector<T> implements StreamObserver<T> {
    final List<T> values = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch done = new CountDownLatch(1);
    volatile Throwable error;

    @Override
    public void onNext(T value) {
      values.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      done.countDown();
    }

    @Override
    public void onCompleted() {
      done.countDown();
    }

    List<T> await() throws Exception {
      assertTrue(done.await(10, TimeUnit.SECONDS), "stream ended");
      if (error != null) {
        throw new AssertionError("stream failed", error);
      }
      return List.copyOf(values);
    }
  }
}
