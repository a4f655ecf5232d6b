package example.shop;

import example.shop.model.Item;
import example.shop.model.Order;
import example.shop.model.OrderException;
import example.shop.model.Page;
import example.shop.model.Point;
import example.shop.model.Shape;
import example.shop.model.Status;
import io.triple.StreamObserver;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

public interface OrderService {
  Order find(long id);

  Order save(Order order);

  double area(Shape shape);

  int add(int a, int b);

  int sum(int[] values);

  String greet(String name);

  String greet(String name, int times);

  CompletableFuture<Order> findAsync(long id);

  void touch(String what);

  Map<String, Integer> count(List<String> words);

  Status[] statuses(List<Status> in);

  Page<Item> page(Page<Item> p);

  Point move(Point p, int dx);

  LocalDateTime later(LocalDateTime t, Duration d);

  Order fail(String kind) throws OrderException;

  Object any(Object value);

  void countTo(int n, StreamObserver<Integer> out);
}
