package io.triple.tests.pojo;

import com.google.protobuf.StringValue;
import io.triple.StreamObserver;
import io.triple.tests.pojo.model.Event;
import io.triple.tests.pojo.model.Money;
import io.triple.tests.pojo.model.Order;
import io.triple.tests.pojo.model.Page;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** An interface service as a Dubbo estate writes them: no .proto. */
public interface OrderService {
  int add(int a, int b);

  Long boxed(Long value);

  String hello(String name);

  Order find(long id);

  Order save(Order order);

  Money total(Money a, Money b);

  String describe(Event event);

  Page<Order> page(int number);

  List<String> upper(List<String> in);

  Set<Integer> unique(int[] values);

  Map<String, Integer> counts(String[] words);

  BigInteger square(BigInteger n);

  LocalDate nextDay(LocalDate day);

  Instant later(Instant at, Duration by);

  Date sameDate(Date date);

  Order.Status next(Order.Status status);

  String nullable(String maybe);

  void remember(String value);

  String recall();

  String find(String name);

  String find(long id, String name);

  CompletableFuture<Order> findAsync(long id);

  String fail(String message);

  String failSecret(String message);

  String sleep(long millis);

  void countTo(int n, StreamObserver<Integer> out);

  StreamObserver<String> echoStream(StreamObserver<String> out);

  StringValue proto(StringValue in);

  /** The request attachment {@code key}, then the key as the caller spelled it: "value|Key". */
  String attachment(String key);
}
