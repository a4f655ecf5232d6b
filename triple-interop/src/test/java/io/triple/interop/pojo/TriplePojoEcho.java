package io.triple.interop.pojo;

import com.google.protobuf.StringValue;
import io.triple.StreamObserver;
import io.triple.interop.pojo.model.Animal;
import io.triple.interop.pojo.model.Box;
import io.triple.interop.pojo.model.Dog;
import io.triple.interop.pojo.model.Item;
import io.triple.interop.pojo.model.Order;
import io.triple.interop.pojo.model.Point;
import io.triple.interop.pojo.model.PojoException;
import io.triple.interop.pojo.model.Samples;
import io.triple.interop.provideronly.ProviderOnlyException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Our provider's {@link PojoEcho}, answering as the Dubbo peer's PojoEchoImpl does. */
public final class TriplePojoEcho implements PojoEcho {
  private final Map<String, String> records = new ConcurrentHashMap<>();

  @Override
  public int add(int a, int b) {
    return a + b;
  }

  @Override
  public String primitives(boolean z, byte b, short s, char c, int i, long l, float f, double d) {
    return z + "," + b + "," + s + "," + c + "," + i + "," + l + "," + f + "," + d;
  }

  @Override
  public String boxes(Boolean z, Byte b, Short s, Character c, Integer i, Long l, Float f,
      Double d) {
    return z + "," + b + "," + s + "," + c + "," + i + "," + l + "," + f + "," + d;
  }

  @Override
  public String hello(String name) {
    return "hello " + name;
  }

  @Override
  public Order checkout(Order order) {
    return Samples.checkout(order);
  }

  @Override
  public Point mirror(Point p) {
    return new Point(p.y(), p.x(), p.label() + "'");
  }

  @Override
  public String describe(Animal animal) {
    return animal.getClass().getName() + " " + animal;
  }

  @Override
  public Animal adopt(String name) {
    return new Dog(name, "beagle", 11);
  }

  @Override
  public Box<Item> rebox(Box<Item> box) {
    return new Box<>(box.getLabel() + "!", box.getValue());
  }

  @Override
  public List<Item> reverse(List<Item> items) {
    List<Item> reversed = new ArrayList<>(items);
    Collections.reverse(reversed);
    return reversed;
  }

  @Override
  public Set<String> upperSet(Set<String> values) {
    Set<String> upper = new HashSet<>();
    for (String v : values) {
      upper.add(v.toUpperCase(Locale.ROOT));
    }
    return upper;
  }

  @Override
  public Map<String, Item> indexBySku(List<Item> items) {
    Map<String, Item> index = new LinkedHashMap<>();
    for (Item item : items) {
      index.put(item.getSku(), item);
    }
    return index;
  }

  @Override
  public int[] reverseInts(int[] values) {
    int[] reversed = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      reversed[i] = values[values.length - 1 - i];
    }
    return reversed;
  }

  @Override
  public String[] upperAll(String[] values) {
    String[] upper = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      upper[i] = values[i].toUpperCase(Locale.ROOT);
    }
    return upper;
  }

  @Override
  public BigInteger square(BigInteger value) {
    return value.multiply(value);
  }

  @Override
  public LocalDate nextDay(LocalDate day) {
    return day.plusDays(1);
  }

  @Override
  public Instant later(Instant at, Duration after) {
    return at.plus(after);
  }

  @Override
  public Duration between(Instant from, Instant to) {
    return Duration.between(from, to);
  }

  @Override
  public Date addSeconds(Date date, int seconds) {
    return new Date(date.getTime() + seconds * 1000L);
  }

  @Override
  public String nullable(String value) {
    return value == null ? null : "not null: " + value;
  }

  @Override
  public Order nothing(long id) {
    return null;
  }

  @Override
  public void record(String key, String value) {
    records.put(key, value);
  }

  @Override
  public String recorded(String key) {
    return records.get(key);
  }

  @Override
  public String find(long id) {
    return "id:" + id;
  }

  @Override
  public String find(String name) {
    return "name:" + name;
  }

  @Override
  public String find(long id, String name) {
    return "id:" + id + ",name:" + name;
  }

  @Override
  public CompletableFuture<Order> findAsync(long id) {
    return CompletableFuture.supplyAsync(() -> Samples.order(id),
        CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
  }

  @Override
  public String fail(String message) {
    throw new PojoException(message, 42);
  }

  @Override
  public String failProviderOnly(String message) {
    throw new ProviderOnlyException(message);
  }

  @Override
  public void countTo(int n, StreamObserver<Integer> out) {
    if (n < 0) {
      out.onError(new PojoException("negative: " + n, 7));
      return;
    }
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
      public void onError(Throwable t) {
        out.onError(t);
      }

      @Override
      public void onCompleted() {
        out.onCompleted();
      }
    };
  }

  @Override
  public String sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "slept " + millis;
  }

  @Override
  public StringValue protoEcho(StringValue value) {
    return StringValue.of("proto " + value.getValue());
  }
}
