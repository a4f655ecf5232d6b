package io.triple.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.StringValue;
import io.triple.ServiceDefinition;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.StreamObserver;
import io.triple.bootstrap.Dubbo;
import io.triple.config.ProtocolConfig;
import io.triple.config.RegistryConfig;
import io.triple.config.RootConfig;
import io.triple.config.ServiceConfig;
import io.triple.interop.pojo.PojoEcho;
import io.triple.interop.pojo.TriplePojoEcho;
import io.triple.interop.pojo.model.Animal;
import io.triple.interop.pojo.model.Box;
import io.triple.interop.pojo.model.Dog;
import io.triple.interop.pojo.model.Item;
import io.triple.interop.pojo.model.Order;
import io.triple.interop.pojo.model.Point;
import io.triple.interop.pojo.model.PojoException;
import io.triple.interop.pojo.model.Samples;
import io.triple.interop.provideronly.ProviderOnlyException;
import io.triple.pojo.ClassAllowList;
import io.triple.pojo.GenericService;
import io.triple.pojo.PojoClient;
import io.triple.pojo.PojoService;
import io.triple.server.TripleServer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interface (POJO) services with Apache Dubbo Java 3.3.6's Triple, both directions and both
 * serializations, each peer in its own JVM (triple-interop-dubbo-peer):
 *
 * <ul>
 *   <li>Dubbo's consumer calls our provider: the peer's {@code pojo-client} mode runs every case
 *       with hessian2 and fastjson2, the generic calls, and (through ZooKeeper) a few cases again;
 *       each of its PASS/FAIL lines is one test here;
 *   <li>our consumer calls Dubbo's provider (the peer's {@code server} mode, which serves PojoEcho
 *       next to DubboEcho on one port): the tests below, once per serialization.
 * </ul>
 *
 * <p>As in DubboJavaInteropTest, ours registers as version 1.0.0 and Dubbo's with no version, so
 * each side finds the other's registration in ZooKeeper.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PojoInteropTest {
  private static final java.time.Duration PEER_TIMEOUT = java.time.Duration.ofSeconds(120);
  static final String SERVICE = "io.triple.interop.pojo.PojoEcho";
  static final List<String> SERIALIZATIONS = List.of("hessian2", "fastjson2");

  /** The peer's typed cases (PojoClientMode.typedCases), run once per serialization. */
  static final List<String> TYPED_CASES = List.of("add", "primitives", "boxes_with_nulls", "hello",
      "hello_unicode", "large_string", "pojo_nested", "pojo_without_no_arg_constructor",
      "subclass_argument", "subclass_result", "pojo_generic_field", "list", "set", "map",
      "int_array", "string_array", "big_integer", "local_date", "instant_and_duration", "date",
      "null_argument", "null_result", "void_method", "overload_long", "overload_string",
      "overload_long_string", "async", "business_exception", "provider_only_exception",
      "server_stream", "server_stream_error", "bidi_stream", "timeout", "protobuf_unwrapped",
      "echo", "echo_pojo");
  /** Its generic calls (PojoClientMode.genericCases), once per serialization. */
  static final List<String> INVOKE_CASES = List.of("hello", "pojo", "overload", "primitive_result",
      "null_result", "business_exception");
  /** Its cases through ZooKeeper (PojoClientMode.registryCases), once per serialization. */
  static final List<String> REGISTRY_CASES = List.of("pojo_nested", "server_stream");

  private final TriplePojoEcho ourService = new TriplePojoEcho();
  private TestingServer zookeeper;
  private Dubbo ourProvider;
  private TripleServer ourServer;
  private PeerProcess dubboServer;
  private int dubboPort;
  private final Map<String, String> dubboClientResults = new HashMap<>();
  private String dubboClientOutput;
  private final Map<String, PojoEcho> clients = new HashMap<>();
  private final Map<String, GenericService> genericClients = new HashMap<>();
  private final Map<String, EchoService> echoClients = new HashMap<>();

  /**
   * Dog is sent where Animal is declared: no signature reaches it, so the class allow-list is told
   * (the Dubbo peer allows it the same way, DubboPeer.allowPojoClasses).
   */
  private static ClassAllowList allowDog() {
    return ClassAllowList.builder().classLoader(PojoInteropTest.class.getClassLoader())
        .allow(Dog.class.getName()).build();
  }

  /**
   * Dubbo's {@code EchoService.$echo} as our proxy calls it: {@code /PojoEcho/$echo} with argTypes
   * [java.lang.Object] (triple-pojo's typed proxy has no $echo of its own; any interface with that
   * method, named as the service, sends exactly what Dubbo's consumer sends).
   */
  interface EchoService {
    Object $echo(Object message);
  }

  /** PojoEcho's failProviderOnly alone, declared where no model package is reached. */
  interface ProviderOnlyCaller {
    String failProviderOnly(String message);
  }

  @BeforeAll
  void start() throws Exception {
    zookeeper = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1, null, "127.0.0.1"), true);
    ServiceDefinition pojo = PojoService.builder(PojoEcho.class, ourService)
        .allowList(allowDog())
        .build();
    RootConfig provider = RootConfig.builder()
        .application("triple-interop-pojo-provider")
        .protocol("tri", ProtocolConfig.builder().ip("127.0.0.1").port(PeerProcess.freePort()).build())
        .registry("zk", RegistryConfig.builder()
            .address("zookeeper://" + zookeeper.getConnectString()).build())
        .service("pojo", ServiceConfig.builder().interfaceName(SERVICE).version("1.0.0").build())
        .build();
    ourProvider = Dubbo.create().withConfig(provider).register(pojo).start();
    ourServer = ourProvider.servers().get(0);

    dubboPort = PeerProcess.freePort();
    dubboServer = PeerProcess.startDubbo("dubbo-pojo-server.log",
        "server", String.valueOf(dubboPort), zookeeper.getConnectString());
    // Dubbo's consumer runs meanwhile: both JVMs start in parallel on two cores.
    try (PeerProcess dubboClient = PeerProcess.startDubbo("dubbo-pojo-client.log",
        "pojo-client", String.valueOf(ourServer.port()), zookeeper.getConnectString())) {
      dubboServer.awaitPort(dubboPort, PEER_TIMEOUT);
      for (String serialization : SERIALIZATIONS) {
        String target = "tri://127.0.0.1:" + dubboPort;
        clients.put(serialization, PojoClient.builder(PojoEcho.class)
            .serialization(serialization)
            .allowList(allowDog())
            .create(target));
        genericClients.put(serialization, PojoClient.generic(SERVICE)
            .serialization(serialization)
            .create(target));
        echoClients.put(serialization, PojoClient.builder(EchoService.class)
            .serviceName(SERVICE)
            .serialization(serialization)
            .allowList(allowDog().withInterface(PojoEcho.class)) // $echo(Item) answers an Item
            .create(target));
      }
      int exit = dubboClient.waitFor(PEER_TIMEOUT);
      dubboClientOutput = dubboClient.output();
      if (exit < 0) {
        dubboClientOutput += "\n(timed out after " + PEER_TIMEOUT + ")";
      }
    }
    for (String line : dubboClientOutput.split("\n")) {
      String[] words = line.split("[ :]", 3);
      if (words.length >= 2 && (words[0].equals("PASS") || words[0].equals("FAIL"))) {
        dubboClientResults.put(words[1], line);
      }
    }
  }

  @AfterAll
  void stop() throws Exception {
    // Proxies made with create(target) own their channel and close it as AutoCloseable.
    for (Object proxy : List.of(clients.values(), genericClients.values(), echoClients.values())
        .stream().flatMap(java.util.Collection::stream).toList()) {
      close(proxy);
    }
    if (dubboServer != null) {
      dubboServer.close();
    }
    if (ourProvider != null) {
      ourProvider.close();
    }
    if (zookeeper != null) {
      zookeeper.close();
    }
  }

  // ---- Dubbo Java consumer -> our provider ------------------------------------------------------

  static Stream<String> dubboClientCases() {
    List<String> cases = new ArrayList<>();
    for (String s : SERIALIZATIONS) {
      TYPED_CASES.forEach(c -> cases.add(s + "_" + c));
    }
    for (String s : SERIALIZATIONS) {
      INVOKE_CASES.forEach(c -> cases.add(s + "_invoke_" + c));
    }
    for (String s : SERIALIZATIONS) {
      REGISTRY_CASES.forEach(c -> cases.add("registry_" + s + "_" + c));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "Dubbo Java consumer -> triple provider: {0}")
  @MethodSource("dubboClientCases")
  void dubboConsumerToTripleProvider(String testCase) {
    String result = dubboClientResults.get(testCase);
    if (result == null || !result.startsWith("PASS")) {
      fail("Dubbo Java consumer, case " + testCase + ": "
          + (result == null ? "no result" : result) + "; its output:\n" + dubboClientOutput);
    }
  }

  // ---- our consumer -> Dubbo Java provider (one test per area, both serializations) -------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void primitivesAndStrings(String serialization) {
    PojoEcho echo = clients.get(serialization);
    assertEquals(5, echo.add(2, 3));
    assertEquals("true,1,2,c,3,4,5.5,6.25",
        echo.primitives(true, (byte) 1, (short) 2, 'c', 3, 4L, 5.5f, 6.25d));
    assertEquals("true,1,null,c,null,4,null,6.25",
        echo.boxes(true, (byte) 1, null, 'c', null, 4L, null, 6.25d));
    String s = "wörld ✓ 😀 \u0000 end";
    assertEquals("hello " + s, echo.hello(s));
    assertEquals("hello ".length() + (1 << 20), echo.hello("x".repeat(1 << 20)).length());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void pojos(String serialization) {
    PojoEcho echo = clients.get(serialization);
    Order order = Samples.order(7);
    assertEquals(Samples.checkout(order), echo.checkout(order));
    assertEquals(new Point(2, 1, "p'"), echo.mirror(new Point(1, 2, "p")));
    Dog dog = new Dog("rex", "collie", 9);
    assertEquals(Dog.class.getName() + " " + dog, echo.describe(dog));
    Animal adopted = echo.adopt("fido");
    assertEquals(new Dog("fido", "beagle", 11), adopted);
    Item item = new Item("plum", 4, new BigDecimal("0.99"));
    Box<Item> box = echo.rebox(new Box<>("crate", item));
    assertEquals(new Box<>("crate!", item), box);
    assertInstanceOf(Item.class, box.getValue());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void collectionsArraysNumbersAndTime(String serialization) {
    PojoEcho echo = clients.get(serialization);
    List<Item> items = Samples.order(1).getItems();
    List<Item> reversed = new ArrayList<>(items);
    java.util.Collections.reverse(reversed);
    assertEquals(reversed, echo.reverse(items));
    assertEquals(Set.of("A", "B"), echo.upperSet(new java.util.LinkedHashSet<>(List.of("a", "b"))));
    Map<String, Item> index = new LinkedHashMap<>();
    items.forEach(i -> index.put(i.getSku(), i));
    assertEquals(index, echo.indexBySku(items));
    assertArrayEquals(new int[] {3, 2, 1}, echo.reverseInts(new int[] {1, 2, 3}));
    assertArrayEquals(new String[] {"A", "Ü"}, echo.upperAll(new String[] {"a", "ü"}));
    BigInteger big = new BigInteger("123456789012345678901234567890");
    assertEquals(big.multiply(big), echo.square(big));
    assertEquals(LocalDate.of(2024, 2, 29), echo.nextDay(LocalDate.of(2024, 2, 28)));
    Instant at = Instant.parse("2024-05-17T13:45:30.123456789Z");
    assertEquals(at.plus(Duration.ofSeconds(90, 5)), echo.later(at, Duration.ofSeconds(90, 5)));
    assertEquals(Duration.ofSeconds(-3600, 1), echo.between(at, at.minusSeconds(3600).plusNanos(1)));
    assertEquals(new java.util.Date(1715953590123L),
        echo.addSeconds(new java.util.Date(1715953530123L), 60));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void nullsVoidOverloadsAndAsync(String serialization) throws Exception {
    PojoEcho echo = clients.get(serialization);
    assertNull(echo.nullable(null));
    assertNull(echo.nothing(1));
    String key = "ours-" + serialization;
    echo.record(key, "v");
    assertEquals("v", echo.recorded(key));
    assertEquals("id:7", echo.find(7L));
    assertEquals("name:x", echo.find("x"));
    assertEquals("id:7,name:x", echo.find(7L, "x"));
    assertEquals(Samples.order(9), echo.findAsync(9).get(30, TimeUnit.SECONDS));
    assertEquals("proto x", echo.protoEcho(StringValue.of("x")).getValue());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void exceptions(String serialization) throws Exception {
    PojoEcho echo = clients.get(serialization);
    // The business exception itself, as Dubbo's consumer gets it (POJO-WIRE.md 2.3).
    PojoException e = assertThrows(PojoException.class, () -> echo.fail("boom"));
    assertEquals("boom", e.getMessage());
    assertEquals(42, e.getCode());
    // A class only Dubbo's provider has (its server mode makes it at run time). This JVM has a
    // class of that name (TriplePojoEcho throws it), under io.triple.interop., the package prefix
    // our allow-list trusts as Dubbo's does (three levels of the interface's package): so the
    // caller gets it as that class with the provider's message.
    ProviderOnlyException unknown = assertThrows(ProviderOnlyException.class,
        () -> echo.failProviderOnly("secret"));
    assertEquals("secret", unknown.getMessage());
    // A caller whose allow-list does not reach that class (its interface names only String, so no
    // package is trusted): a clear UNKNOWN naming the class, nothing of it is created.
    ProviderOnlyCaller narrow = PojoClient.builder(ProviderOnlyCaller.class).serviceName(SERVICE)
        .serialization(serialization).create("tri://127.0.0.1:" + dubboPort);
    try {
      StatusException refused = assertThrows(StatusException.class,
          () -> narrow.failProviderOnly("secret"));
      assertEquals(Status.Code.UNKNOWN, refused.getStatus().code());
      assertTrue(refused.getStatus().description().contains(
          "threw io.triple.interop.provideronly.ProviderOnlyException on the provider, which this"
              + " caller cannot load"), refused.getStatus().description());
    } finally {
      close(narrow);
    }
    // The provider gives up after the grpc-timeout we send (it answers late with an
    // HttpRequestTimeout business exception, POJO-WIRE.md 2.6): ours reports DEADLINE_EXCEEDED.
    PojoEcho quick = PojoClient.builder(PojoEcho.class).serialization(serialization)
        .timeout(java.time.Duration.ofMillis(300))
        .create("tri://127.0.0.1:" + dubboPort);
    try {
      StatusException timeout = assertThrows(StatusException.class, () -> quick.sleep(3000));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, timeout.getStatus().code());
    } finally {
      close(quick);
    }
    assertEquals("slept 1", echo.sleep(1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void streams(String serialization) throws Exception {
    PojoEcho echo = clients.get(serialization);
    Collector<Integer> counted = new Collector<>();
    echo.countTo(5, counted);
    assertEquals(List.of(1, 2, 3, 4, 5), counted.done.get(30, TimeUnit.SECONDS));

    Collector<Integer> failed = new Collector<>();
    echo.countTo(-1, failed);
    java.util.concurrent.ExecutionException e = assertThrows(
        java.util.concurrent.ExecutionException.class, () -> failed.done.get(30, TimeUnit.SECONDS));
    StatusException status = assertInstanceOf(StatusException.class, e.getCause());
    assertEquals(Status.Code.UNKNOWN, status.getStatus().code());
    assertEquals("negative: -1", status.getStatus().description());

    Collector<String> echoes = new Collector<>();
    StreamObserver<String> requests = echo.echoStream(echoes);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      requests.onNext("m" + i);
      expected.add("echo m" + i);
    }
    requests.onCompleted();
    assertEquals(expected, echoes.done.get(30, TimeUnit.SECONDS));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void genericCallsAndEcho(String serialization) {
    GenericService generic = genericClients.get(serialization);
    assertEquals("hello generic",
        generic.$invoke("hello", new String[] {"java.lang.String"}, new Object[] {"generic"}));
    // A POJO as a Map with "class", and the result in Dubbo's generalized form (POJO-WIRE.md 3).
    Map<String, Object> reply = castMap(generic.$invoke("checkout",
        new String[] {Order.class.getName()}, new Object[] {orderAsMap(7)}));
    assertEquals(Order.class.getName(), reply.get("class"));
    assertEquals("PAID", reply.get("status"));
    assertEquals("2024-05-17T13:45:30.123456789", reply.get("created"));
    assertEquals(0, new BigDecimal("4.00").compareTo((BigDecimal) reply.get("amount")));
    assertEquals("id:7,name:x", generic.$invoke("find",
        new String[] {"long", "java.lang.String"}, new Object[] {7L, "x"}));
    // $echo answers the argument as it is, a POJO too.
    EchoService echo = echoClients.get(serialization);
    assertEquals("ping", echo.$echo("ping"));
    Item item = new Item("echo", 1, BigDecimal.ONE);
    assertEquals(item, echo.$echo(item));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hessian2", "fastjson2"})
  void genericBusinessException(String serialization) {
    GenericService generic = genericClients.get(serialization);
    // Dubbo's provider sends com.alibaba.dubbo.rpc.service.GenericException for a generic call's
    // exception (POJO-WIRE.md 3), naming the real exception's class and message. Ours reads it
    // as what it describes: PojoException is not on a generic caller's allow list (nor has it a
    // (String) constructor), so UNKNOWN names the class and gives the provider's message.
    StatusException e = assertThrows(StatusException.class, () -> generic.$invoke("fail",
        new String[] {"java.lang.String"}, new Object[] {"generic boom"}));
    assertEquals(Status.Code.UNKNOWN, e.getStatus().code());
    assertTrue(e.getStatus().description().endsWith(
        " threw io.triple.interop.pojo.model.PojoException on the provider: generic boom"),
        e.getStatus().description());
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The Order of {@code Samples.order(id)} as Dubbo's PojoUtils.generalize makes it. */
  static Map<String, Object> orderAsMap(long id) {
    Order order = Samples.order(id);
    Map<String, Object> map = new HashMap<>();
    map.put("class", Order.class.getName());
    map.put("id", id);
    map.put("customer", order.getCustomer());
    map.put("amount", order.getAmount());
    map.put("created", order.getCreated().toString());
    map.put("status", order.getStatus().name());
    List<Object> items = new ArrayList<>();
    for (Item item : order.getItems()) {
      Map<String, Object> m = new HashMap<>();
      m.put("class", Item.class.getName());
      m.put("sku", item.getSku());
      m.put("quantity", item.getQuantity());
      m.put("price", item.getPrice());
      items.add(m);
    }
    map.put("items", items);
    map.put("tags", new HashMap<>(order.getTags()));
    return map;
  }

  private static void close(Object proxy) throws Exception {
    ((AutoCloseable) proxy).close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static final class Collector<T> implements StreamObserver<T> {
    private final List<T> messages = new ArrayList<>();
    final CompletableFuture<List<T>> done = new CompletableFuture<>();

    @Override
    public synchronized void onNext(T value) {
      messages.add(value);
    }

    @Override
    public synchronized void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public synchronized void onCompleted() {
      done.complete(new ArrayList<>(messages));
    }
  }
}
