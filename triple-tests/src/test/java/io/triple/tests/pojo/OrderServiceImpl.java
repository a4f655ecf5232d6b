package io.triple.tests.pojo;

import com.google.protobuf.StringValue;
import io.triple.StreamObserver;
import io.triple.tests.pojo.model.Event;
import io.triple.tests.pojo.model.Item;
import io.triple.tests.pojo.model.Money;
import io.triple.tests.pojo.model.Order;
import io.triple.tests.pojo.model.OrderException;
import io.triple.tests.pojo.model.Page;
import io.triple.tests.pojo.secret.SecretException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

final class OrderServiceImpl implements OrderService {
  static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "order-timer");
    t.setDaemon(true);
    return t;
  });
  private volatile String remembered;

  static Order order(long id) {
    return new Order(id, "customer-" + id, new BigDecimal("12.50"), LocalDateTime.of(2026, 12, 7, 10, 30),
        Order.Status.PAID, List.of(new Item("sku-1", 2), new Item("sku-2", 1)), Map.of("gift", 1));
  }

  @Override
  public int add(int a, int b) {
    return a + b;
  }

  @Override
  public Long boxed(Long value) {
    return value == null ? null : value + 1;
  }

  @Override
  public String hello(String name) {
    return "hello " + name;
  }

  @Override
  public Order find(long id) {
    return order(id);
  }

  @Override
  public Order save(Order order) {
    return order;
  }

  @Override
  public Money total(Money a, Money b) {
    return new Money(new BigDecimal(a.toString().split(" ")[0]).add(new BigDecimal(b.toString().split(" ")[0])),
        a.toString().split(" ")[1]);
  }

  @Override
  public String describe(Event event) {
    return event.describe();
  }

  @Override
  public Page<Order> page(int number) {
    return new Page<>(List.of(order(1), order(2)), number);
  }

  @Override
  public List<String> upper(List<String> in) {
    return in.stream().map(String::toUpperCase).collect(Collectors.toList());
  }

  @Override
  public Set<Integer> unique(int[] values) {
    return Arrays.stream(values).boxed().collect(Collectors.toCollection(TreeSet::new));
  }

  @Override
  public Map<String, Integer> counts(String[] words) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String w : words) {
      m.merge(w, 1, Integer::sum);
    }
    return m;
  }

  @Override
  public BigInteger square(BigInteger n) {
    return n.multiply(n);
  }

  @Override
  public LocalDate nextDay(LocalDate day) {
    return day.plusDays(1);
  }

  @Override
  public Instant later(Instant at, Duration by) {
    return at.plus(by);
  }

  @Override
  public Date sameDate(Date date) {
    return date;
  }

  @Override
  public Order.Status next(Order.Status status) {
    return Order.Status.values()[(status.ordinal() + 1) % Order.Status.values().length];
  }

  @Override
  public String nullable(String maybe) {
    return maybe == null ? null : "got " + maybe;
  }

  @Override
  public void remember(String value) {
    remembered = value;
  }

  @Override
  public String recall() {
    return remembered;
  }

  @Override
  public String find(String name) {
    return "by name " + name;
  }

  @Override
  public String find(long id, String name) {
    return "by id " + id + " and name " + name;
  }

  @Override
  public CompletableFuture<Order> findAsync(long id) {
    CompletableFuture<Order> f = new CompletableFuture<>();
    if (id < 0) {
      TIMER.schedule(() -> f.completeExceptionally(new OrderException("no order " + id)), 10, TimeUnit.MILLISECONDS);
    } else {
      TIMER.schedule(() -> f.complete(order(id)), 10, TimeUnit.MILLISECONDS);
    }
    return f;
  }

  @Override
  public String fail(String message) {
    throw new OrderException(message);
  }

  @Override
  public String failSecret(String message) {
    throw new SecretException(message);
  }

  @Override
  public String sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "slept";
  }

  @Override
  public void countTo(int n, StreamObserver<Integer> out) {
    for (int i = 1; i <= n; i++) {
      out.onNext(i);
    }
    out.onCompleted();
  }

  @Override
  public StreamObserver<String> echoStream(StreamObserver<String> out) {
    return new StreamObserver<>() {
      @Override
      public void onNext(String value) {
        out.onNext("echo " + value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        out.onCompleted();
      }
    };
  }

  @Override
  public StringValue proto(StringValue in) {
    return StringValue.of("proto " + in.getValue());
  }

  @Override
  public String attachment(String key) {
    io.triple.Metadata h = io.triple.ServerContext.current().requestHeaders();
    return h.get(key) + "|" + h.originalKey(key);
  }
}
