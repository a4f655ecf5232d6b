package example.shop;

import example.shop.model.Address;
import example.shop.model.Item;
import example.shop.model.Order;
import example.shop.model.OrderException;
import example.shop.model.Page;
import example.shop.model.Point;
import example.shop.model.Shape;
import example.shop.model.Status;
import io.triple.StreamObserver;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

public class OrderServiceImpl implements OrderService {
  public volatile Object lastArgument;

  public static Order sample(long id) {
    Order o = new Order();
    o.setId(id);
    o.setCustomer("ada");
    // ArrayList, not List.of: the test's Java serialization writes List.of as java.util.CollSer.
    o.setItems(new ArrayList<>(List.of(new Item("A-1", 2, new BigDecimal("9.99")),
        new Item("B-2", 1, new BigDecimal("0.50")))));
    o.setTags(new LinkedHashMap<>(Map.of("prio", 1)));
    o.setStatus(Status.PAID);
    o.setTotal(new BigDecimal("20.48"));
    o.setCreated(LocalDateTime.of(2024, 5, 17, 10, 30, 15));
    o.setDue(LocalDate.of(2024, 6, 1));
    o.setPaidAt(Instant.ofEpochSecond(1_700_000_000L, 123));
    o.setLegacy(new Date(1_000_000L));
    o.setAddress(new Address("Paris", "75001"));
    o.setCodes(new int[] {7, 8});
    o.setExtras(new Item[] {new Item("X", 3, BigDecimal.ONE)});
    o.setUrgent(true);
    return o;
  }

  @Override
  public Order find(long id) {
    return id == 0 ? null : sample(id);
  }

  @Override
  public Order save(Order order) {
    lastArgument = order;
    return order;
  }

  @Override
  public double area(Shape shape) {
    lastArgument = shape;
    return shape.area();
  }

  @Override
  public int add(int a, int b) {
    return a + b;
  }

  @Override
  public int sum(int[] values) {
    return java.util.Arrays.stream(values).sum();
  }

  @Override
  public String greet(String name) {
    return "hello " + name;
  }

  @Override
  public String greet(String name, int times) {
    return ("hello " + name + " ").repeat(times).trim();
  }

  @Override
  public CompletableFuture<Order> findAsync(long id) {
    if (id < 0) {
      return CompletableFuture.failedFuture(new IllegalStateException("negative id " + id));
    }
    return CompletableFuture.supplyAsync(() -> sample(id));
  }

  @Override
  public void touch(String what) {
    lastArgument = what;
  }

  @Override
  public Map<String, Integer> count(List<String> words) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String w : words) {
      m.merge(w, 1, Integer::sum);
    }
    return m;
  }

  @Override
  public Status[] statuses(List<Status> in) {
    lastArgument = in;
    return in.toArray(new Status[0]);
  }

  @Override
  public Page<Item> page(Page<Item> p) {
    lastArgument = p;
    return p;
  }

  @Override
  public Point move(Point p, int dx) {
    return new Point(p.x() + dx, p.y());
  }

  @Override
  public LocalDateTime later(LocalDateTime t, Duration d) {
    return t.plus(d);
  }

  @Override
  public Order fail(String kind) throws OrderException {
    if (kind.equals("checked")) {
      throw new OrderException("no such order");
    }
    throw new IllegalStateException("broken: " + kind);
  }

  @Override
  public Object any(Object value) {
    lastArgument = value;
    return value;
  }

  @Override
  public void countTo(int n, StreamObserver<Integer> out) {
    List<Integer> sent = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.onNext(i);
      sent.add(i);
    }
    out.onCompleted();
  }
}
