package io.triple.interop.dubbo;

import static io.triple.interop.dubbo.DubboPeer.TIMEOUT_MS;
import static io.triple.interop.dubbo.DubboPeer.check;
import static io.triple.interop.dubbo.DubboPeer.expect;

import com.google.protobuf.StringValue;
import io.triple.interop.pojo.PojoEcho;
import io.triple.interop.pojo.model.Animal;
import io.triple.interop.pojo.model.Box;
import io.triple.interop.pojo.model.Dog;
import io.triple.interop.pojo.model.Item;
import io.triple.interop.pojo.model.Order;
import io.triple.interop.pojo.model.Point;
import io.triple.interop.pojo.model.PojoException;
import io.triple.interop.pojo.model.Samples;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.stream.StreamObserver;
import org.apache.dubbo.common.utils.PojoUtils;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.MethodConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.StatusRpcException;
import org.apache.dubbo.rpc.TriRpcStatus;
import org.apache.dubbo.rpc.service.EchoService;
import org.apache.dubbo.rpc.service.GenericException;
import org.apache.dubbo.rpc.service.GenericService;

/**
 * The {@code pojo-client} mode of {@link DubboPeer}: Apache Dubbo Java's consumer calls {@link
 * PojoEcho} on {@code tri://127.0.0.1:PORT} (in the tests, triple-java's provider; or this peer's
 * own server mode, to check the cases themselves), every case once with hessian2 and once with
 * fastjson2 (case names {@code hessian2_<case>}, {@code fastjson2_<case>}; {@code $echo} among
 * them), then Dubbo's generic calls ({@code $invoke} with Maps for POJOs) with each ({@code
 * hessian2_invoke_<case>}, ...). With a ZooKeeper, a few cases again on the provider of version
 * 1.0.0 that it lists ({@code registry_<serialization>_<case>}).
 *
 * <p>The serialization a consumer writes is the first of its URL's {@code prefer.serialization},
 * {@code serialization}, hessian2 (ReflectionPackableMethod.init, UrlUtils.serializationOrDefault);
 * a consumer's own parameters override the provider's registered ones (DefaultProviderURLMergeProcessor),
 * so each reference here sets both keys.
 */
final class PojoClientMode {
  static final String SERVICE = PojoEcho.class.getName();
  static final List<String> SERIALIZATIONS = List.of("hessian2", "fastjson2");

  private PojoClientMode() {}

  static boolean run(ApplicationConfig app, int port, String zookeeper) {
    DubboBootstrap bootstrap = DubboBootstrap.getInstance().application(app);
    Map<String, ReferenceConfig<PojoEcho>> typed = new LinkedHashMap<>();
    Map<String, ReferenceConfig<GenericService>> generic = new LinkedHashMap<>();
    Map<String, ReferenceConfig<PojoEcho>> viaRegistry = new LinkedHashMap<>();
    for (String serialization : SERIALIZATIONS) {
      ReferenceConfig<PojoEcho> t = new ReferenceConfig<>();
      t.setId("pojo-" + serialization);
      t.setInterface(PojoEcho.class);
      direct(t, port, serialization);
      typed.put(serialization, t);
      bootstrap.reference(t);

      ReferenceConfig<GenericService> g = new ReferenceConfig<>();
      g.setId("pojo-generic-" + serialization);
      g.setInterface(SERVICE);
      g.setGeneric("true");
      direct(g, port, serialization);
      generic.put(serialization, g);
      bootstrap.reference(g);

      if (zookeeper != null) {
        ReferenceConfig<PojoEcho> r = new ReferenceConfig<>();
        r.setId("pojo-registry-" + serialization);
        r.setInterface(PojoEcho.class);
        // Ours registers as 1.0.0; Dubbo's own provider has no version (to run these cases on
        // it, -Dpeer.registry.version= with nothing).
        String version = System.getProperty("peer.registry.version", "1.0.0");
        if (!version.isEmpty()) {
          r.setVersion(version);
        }
        r.setRegistry(new RegistryConfig("zookeeper://" + zookeeper));
        configure(r, serialization);
        viaRegistry.put(serialization, r);
        bootstrap.reference(r);
      }
    }
    bootstrap.start();

    List<String> failed = new ArrayList<>();
    for (String serialization : SERIALIZATIONS) {
      typedCases(serialization + "_", serialization, typed.get(serialization).get(), failed);
    }
    for (String serialization : SERIALIZATIONS) {
      genericCases(serialization + "_invoke_", generic.get(serialization).get(), failed);
    }
    for (Map.Entry<String, ReferenceConfig<PojoEcho>> e : viaRegistry.entrySet()) {
      registryCases("registry_" + e.getKey() + "_", e.getValue().get(), failed);
    }
    System.out.println(failed.isEmpty() ? "ALL PASSED" : "FAILED: " + failed);
    DubboBootstrap.getInstance().stop();
    return failed.isEmpty();
  }

  private static void direct(ReferenceConfig<?> reference, int port, String serialization) {
    reference.setUrl("tri://127.0.0.1:" + port);
    configure(reference, serialization);
  }

  private static void configure(ReferenceConfig<?> reference, String serialization) {
    reference.setTimeout(TIMEOUT_MS);
    reference.setRetries(0);
    Map<String, String> parameters = new HashMap<>();
    parameters.put("serialization", serialization);
    parameters.put("prefer.serialization", serialization);
    reference.setParameters(parameters);
    MethodConfig sleep = new MethodConfig();
    sleep.setName("sleep");
    sleep.setTimeout(500);
    reference.setMethods(List.of(sleep));
  }

  // ---- typed calls ----------------------------------------------------------------------------

  private static void typedCases(String p, String serialization, PojoEcho echo, List<String> failed) {
    check(p + "add", failed, () -> expect(5, echo.add(2, 3), "add(2, 3)"));
    check(p + "primitives", failed, () -> expect("true,1,2,c,3,4,5.5,6.25",
        echo.primitives(true, (byte) 1, (short) 2, 'c', 3, 4L, 5.5f, 6.25d), "reply"));
    check(p + "boxes_with_nulls", failed, () -> expect("true,1,null,c,null,4,null,6.25",
        echo.boxes(true, (byte) 1, null, 'c', null, 4L, null, 6.25d), "reply"));
    check(p + "hello", failed, () -> expect("hello world", echo.hello("world"), "reply"));
    check(p + "hello_unicode", failed, () -> {
      // Non-BMP characters: hessian2 writes each UTF-16 unit on its own (a surrogate pair as two
      // 3-byte sequences), fastjson2 real UTF-8.
      String s = "wörld ✓ 😀 \u0000 end";
      expect("hello " + s, echo.hello(s), "reply");
    });
    check(p + "large_string", failed, () -> {
      String big = "x".repeat(1 << 20);
      expect("hello ".length() + big.length(), echo.hello(big).length(), "reply length");
    });
    check(p + "pojo_nested", failed, () -> {
      Order order = Samples.order(7);
      expect(Samples.checkout(order), echo.checkout(order), "checkout(order(7))");
    });
    check(p + "pojo_without_no_arg_constructor", failed, () ->
        expect(new Point(2, 1, "p'"), echo.mirror(new Point(1, 2, "p")), "mirror"));
    check(p + "subclass_argument", failed, () -> {
      Dog dog = new Dog("rex", "collie", 9);
      expect(Dog.class.getName() + " " + dog, echo.describe(dog), "describe(dog)");
    });
    check(p + "subclass_result", failed, () -> {
      Animal adopted = echo.adopt("fido");
      expect(new Dog("fido", "beagle", 11), adopted, "adopt(fido)");
    });
    check(p + "pojo_generic_field", failed, () -> {
      Item item = new Item("plum", 4, new BigDecimal("0.99"));
      Box<Item> reply = echo.rebox(new Box<>("crate", item));
      expect(new Box<>("crate!", item), reply, "rebox");
      expect(Item.class, reply.getValue().getClass(), "class of the generic field's value");
    });
    check(p + "list", failed, () -> {
      List<Item> items = Samples.order(1).getItems();
      List<Item> reversed = new ArrayList<>(items);
      java.util.Collections.reverse(reversed);
      expect(reversed, echo.reverse(items), "reverse");
    });
    check(p + "set", failed, () -> {
      Set<String> in = new LinkedHashSet<>(List.of("a", "b", "c"));
      expect(Set.of("A", "B", "C"), echo.upperSet(in), "upperSet");
    });
    check(p + "map", failed, () -> {
      List<Item> items = Samples.order(1).getItems();
      Map<String, Item> expected = new LinkedHashMap<>();
      for (Item item : items) {
        expected.put(item.getSku(), item);
      }
      expect(expected, echo.indexBySku(items), "indexBySku");
    });
    check(p + "int_array", failed, () -> expect("[3, 2, 1]",
        Arrays.toString(echo.reverseInts(new int[] {1, 2, 3})), "reverseInts"));
    check(p + "string_array", failed, () -> expect("[A, B, Ü]",
        Arrays.toString(echo.upperAll(new String[] {"a", "b", "ü"})), "upperAll"));
    check(p + "big_integer", failed, () -> {
      BigInteger v = new BigInteger("123456789012345678901234567890");
      expect(v.multiply(v), echo.square(v), "square");
    });
    check(p + "local_date", failed, () ->
        expect(LocalDate.of(2024, 2, 29), echo.nextDay(LocalDate.of(2024, 2, 28)), "nextDay"));
    check(p + "instant_and_duration", failed, () -> {
      Instant at = Instant.parse("2024-05-17T13:45:30.123456789Z");
      Duration after = Duration.ofSeconds(90, 5);
      expect(at.plus(after), echo.later(at, after), "later");
      expect(Duration.ofSeconds(-3600, 1), echo.between(at, at.minusSeconds(3600).plusNanos(1)),
          "between");
    });
    check(p + "date", failed, () -> expect(new Date(1715953590123L),
        echo.addSeconds(new Date(1715953530123L), 60), "addSeconds"));
    check(p + "null_argument", failed, () -> {
      expect(null, echo.nullable(null), "nullable(null)");
      expect("not null: x", echo.nullable("x"), "nullable(x)");
    });
    check(p + "null_result", failed, () -> expect(null, echo.nothing(1), "nothing(1)"));
    check(p + "void_method", failed, () -> {
      String key = "key-" + serialization + "-" + System.nanoTime();
      echo.record(key, "recorded by " + serialization);
      expect("recorded by " + serialization, echo.recorded(key), "recorded(key)");
    });
    check(p + "overload_long", failed, () -> expect("id:7", echo.find(7L), "find(long)"));
    check(p + "overload_string", failed, () -> expect("name:x", echo.find("x"), "find(String)"));
    check(p + "overload_long_string", failed, () ->
        expect("id:7,name:x", echo.find(7L, "x"), "find(long, String)"));
    check(p + "async", failed, () -> expect(Samples.order(9),
        echo.findAsync(9).get(TIMEOUT_MS, TimeUnit.MILLISECONDS), "findAsync(9)"));
    check(p + "business_exception", failed, () -> {
      Throwable t = thrown(() -> echo.fail("boom"));
      // The provider's exception itself, rethrown by Dubbo's proxy (not wrapped).
      expect(PojoException.class, t.getClass(), "exception class (" + t + ")");
      expect("boom", t.getMessage(), "message");
      expect(42, ((PojoException) t).getCode(), "code");
    });
    check(p + "provider_only_exception", failed, () -> {
      Throwable t = thrown(() -> echo.failProviderOnly("secret"));
      expectProviderOnly(t, serialization);
    });
    check(p + "server_stream", failed, () -> {
      Collector<Integer> replies = new Collector<>();
      echo.countTo(5, replies);
      expect(List.of(1, 2, 3, 4, 5), replies.await(), "messages");
    });
    check(p + "server_stream_error", failed, () -> {
      Collector<Integer> replies = new Collector<>();
      echo.countTo(-1, replies);
      Throwable t = replies.awaitError();
      expectStreamError(t);
    });
    check(p + "bidi_stream", failed, () -> {
      Collector<String> replies = new Collector<>();
      StreamObserver<String> requests = echo.echoStream(replies);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        requests.onNext("m" + i);
        expected.add("echo m" + i);
      }
      requests.onCompleted();
      expect(expected, replies.await(), "echoes");
    });
    check(p + "timeout", failed, () -> {
      // 500 ms method timeout (MethodConfig), sent as grpc-timeout; see DubboPeer's deadline case
      // for the two ways Dubbo's client reports its own timeout.
      Throwable t = thrown(() -> echo.sleep(3000));
      TriRpcStatus.Code code = null;
      for (Throwable c = t; c != null && code == null; c = c.getCause()) {
        if (c instanceof StatusRpcException s) {
          code = s.getStatus().code;
        }
      }
      expect(true, (t instanceof RpcException r && r.isTimeout())
          || code == TriRpcStatus.Code.DEADLINE_EXCEEDED, "a timeout: " + t);
      expect("slept 1", echo.sleep(1), "a call after the timeout");
    });
    check(p + "protobuf_unwrapped", failed, () ->
        expect("proto x", echo.protoEcho(StringValue.of("x")).getValue(), "protoEcho"));
    check(p + "echo", failed, () -> expect("ping", ((EchoService) echo).$echo("ping"), "$echo"));
    check(p + "echo_pojo", failed, () -> {
      // $echo's parameter is declared Object: what comes back is whatever the serialization
      // rebuilt from the bytes.
      Item item = new Item("echo", 1, BigDecimal.ONE);
      expect(item, ((EchoService) echo).$echo(item), "$echo(item)");
    });
  }

  /**
   * What Dubbo's consumer makes of an exception whose class it does not have, as it does with
   * Dubbo's own provider (see POJO-WIRE.md): with hessian2, a {@code java.lang.Exception} with
   * the message (hessian-lite falls back to the expected type, Exception); with fastjson2, the
   * call fails in the consumer (INTERNAL "Deserialize response failed": the class is not on its
   * allow-list).
   */
  private static void expectProviderOnly(Throwable t, String serialization) {
    if (serialization.equals("hessian2")) {
      expect(Exception.class, t.getClass(), "exception class (" + describeChain(t) + ")");
      expect("secret", t.getMessage(), "message");
    } else {
      TriRpcStatus status = statusIn(t);
      expect(TriRpcStatus.Code.INTERNAL, status.code, "status code (" + describeChain(t) + ")");
      expect("Deserialize response failed", status.description, "status description");
      expect(true, describeChain(t).contains(
          "io.triple.interop.provideronly.ProviderOnlyException is not in allow list"),
          "the cause names the refused class: " + describeChain(t));
    }
  }

  /** A server stream's error: not serialized, only grpc-status UNKNOWN and grpc-message. */
  private static void expectStreamError(Throwable t) {
    TriRpcStatus status = statusIn(t);
    expect(TriRpcStatus.Code.UNKNOWN, status.code, "status code (" + describeChain(t) + ")");
    expect("negative: -1", status.description, "status description");
  }

  private static TriRpcStatus statusIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof StatusRpcException s) {
        return s.getStatus();
      }
    }
    throw new AssertionError("no StatusRpcException in " + describeChain(t), t);
  }

  // ---- generic calls ------------------------------------------------------------------------

  private static void genericCases(String p, GenericService generic, List<String> failed) {
    check(p + "hello", failed, () -> expect("hello generic",
        generic.$invoke("hello", new String[] {"java.lang.String"}, new Object[] {"generic"}),
        "$invoke hello"));
    check(p + "pojo", failed, () -> {
      Object reply = generic.$invoke("checkout", new String[] {Order.class.getName()},
          new Object[] {orderAsMap(7)});
      expect(PojoUtils.generalize(Samples.checkout(Samples.order(7))), reply,
          "$invoke checkout (a Map)");
    });
    check(p + "overload", failed, () -> expect("id:7,name:x",
        generic.$invoke("find", new String[] {"long", "java.lang.String"}, new Object[] {7L, "x"}),
        "$invoke find(long, String)"));
    check(p + "primitive_result", failed, () -> expect(5,
        generic.$invoke("add", new String[] {"int", "int"}, new Object[] {2, 3}), "$invoke add"));
    check(p + "null_result", failed, () -> expect(null,
        generic.$invoke("nothing", new String[] {"long"}, new Object[] {1L}), "$invoke nothing"));
    check(p + "business_exception", failed, () -> {
      // Dubbo's provider turns the exception of a generic call into Dubbo 2's
      // com.alibaba.dubbo.rpc.service.GenericException (GenericFilter.onResponse), which is what
      // travels; the consumer throws it as it is.
      Throwable t = thrown(() -> generic.$invoke("fail", new String[] {"java.lang.String"},
          new Object[] {"generic boom"}));
      expect("com.alibaba.dubbo.rpc.service.GenericException", t.getClass().getName(),
          "exception class (" + describeChain(t) + ")");
      GenericException g = (GenericException) t;
      expect(PojoException.class.getName(), g.getExceptionClass(), "exceptionClass");
      expect("generic boom", g.getExceptionMessage(), "exceptionMessage");
    });
    // ($echo on a generic reference is not a case: Dubbo sends it as $invoke("$echo", ...), which
    // Dubbo's own provider fails with "No such method $echo in class interface ...".)
  }

  /** The Order of {@code Samples.order(id)} in Dubbo's generalized form (PojoUtils.generalize). */
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

  // ---- through the registry -------------------------------------------------------------------

  private static void registryCases(String p, PojoEcho echo, List<String> failed) {
    check(p + "pojo_nested", failed, () -> {
      Order order = Samples.order(11);
      expect(Samples.checkout(order), echo.checkout(order), "checkout(order(11))");
    });
    check(p + "server_stream", failed, () -> {
      Collector<Integer> replies = new Collector<>();
      echo.countTo(3, replies);
      expect(List.of(1, 2, 3), replies.await(), "messages");
    });
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static Throwable thrown(DubboPeer.Case call) {
    try {
      call.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("the call succeeded; expected it to fail");
  }

  static String describeChain(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (s.length() > 0) {
        s.append(" <- caused by ");
      }
      s.append(c.getClass().getName()).append(": ").append(c.getMessage());
    }
    return s.toString();
  }

  /** Collects a response stream's messages until it completes or fails. */
  private static final class Collector<T> implements StreamObserver<T> {
    private final List<T> messages = new ArrayList<>();
    private final CompletableFuture<List<T>> done = new CompletableFuture<>();

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

    List<T> await() throws Exception {
      return done.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    Throwable awaitError() throws Exception {
      try {
        List<T> got = done.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        throw new AssertionError("the stream completed normally with " + got);
      } catch (java.util.concurrent.ExecutionException e) {
        return e.getCause();
      }
    }
  }
}
