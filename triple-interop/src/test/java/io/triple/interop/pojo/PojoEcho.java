package io.triple.interop.pojo;

import com.google.protobuf.StringValue;
import io.triple.interop.pojo.model.Animal;
import io.triple.interop.pojo.model.Box;
import io.triple.interop.pojo.model.Item;
import io.triple.interop.pojo.model.Order;
import io.triple.interop.pojo.model.Point;
import io.triple.interop.pojo.model.PojoException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import io.triple.StreamObserver;

/**
 * The interop service in Dubbo's interface (POJO) mode: no .proto, every argument and result
 * serialized with hessian2 or fastjson2 inside Triple's wrapper messages (except {@link
 * #protoEcho}, whose protobuf message Dubbo sends unwrapped), on {@code
 * /io.triple.interop.pojo.PojoEcho/<method>}.
 *
 * <p>A copy of triple-interop-dubbo-peer's interface of the same name, with {@code
 * io.triple.StreamObserver} in place of Dubbo's {@code org.apache.dubbo.common.stream.StreamObserver}
 * (on the wire, countTo's argTypes still name Dubbo's: POJO-WIRE.md section 4). Every
 * implementation must answer as documented here; the expected values are built by {@link
 * io.triple.interop.pojo.model.Samples}.
 */
public interface PojoEcho {

  // ---- primitives, boxes, String -------------------------------------------------------------

  /** {@code a + b}. */
  int add(int a, int b);

  /** The eight values joined by "," with {@code String.valueOf}: "true,1,2,c,3,4,5.5,6.25". */
  String primitives(boolean z, byte b, short s, char c, int i, long l, float f, double d);

  /** Like {@link #primitives}, a null argument as "null". */
  String boxes(Boolean z, Byte b, Short s, Character c, Integer i, Long l, Float f, Double d);

  /** "hello " + name. */
  String hello(String name);

  // ---- POJOs -----------------------------------------------------------------------------------

  /** {@link io.triple.interop.pojo.model.Samples#checkout(Order)} of the order. */
  Order checkout(Order order);

  /** A POJO without a no-arg constructor both ways: {@code new Point(p.y, p.x, p.label + "'")}. */
  Point mirror(Point p);

  /** A subclass where the parent is declared: the argument's class name + " " + its toString. */
  String describe(Animal animal);

  /** A subclass returned where the parent is declared: {@code new Dog(name, "beagle", 11)}. */
  Animal adopt(String name);

  /** A generic field: a Box labelled label + "!" holding the same Item. */
  Box<Item> rebox(Box<Item> box);

  // ---- collections, arrays ---------------------------------------------------------------------

  /** The items in reverse order. */
  List<Item> reverse(List<Item> items);

  /** Each string upper-cased (a Set; its order is not significant). */
  Set<String> upperSet(Set<String> values);

  /** The item of each SKU, keyed by SKU. */
  Map<String, Item> indexBySku(List<Item> items);

  /** The values reversed. */
  int[] reverseInts(int[] values);

  /** Each string upper-cased, in order. */
  String[] upperAll(String[] values);

  // ---- big numbers, time -----------------------------------------------------------------------

  /** {@code value * value}. */
  BigInteger square(BigInteger value);

  /** The day after. */
  LocalDate nextDay(LocalDate day);

  /** {@code at.plus(after)}. */
  Instant later(Instant at, Duration after);

  /** {@code Duration.between(from, to)}. */
  Duration between(Instant from, Instant to);

  /** {@code seconds} seconds after {@code date}. */
  Date addSeconds(Date date, int seconds);

  // ---- null, void --------------------------------------------------------------------------------

  /** null for a null argument, otherwise "not null: " + value. */
  String nullable(String value);

  /** Always null (a null POJO result). */
  Order nothing(long id);

  /** Stores value under key (a void method); {@link #recorded} reads it back. */
  void record(String key, String value);

  /** What {@link #record} stored under key, null if nothing. */
  String recorded(String key);

  // ---- overloads (told apart by the wrapper's argTypes) ---------------------------------------

  /** "id:" + id. */
  String find(long id);

  /** "name:" + name. */
  String find(String name);

  /** "id:" + id + ",name:" + name. */
  String find(long id, String name);

  /** Answers {@code Samples.order(id)} asynchronously. */
  CompletableFuture<Order> findAsync(long id);

  // ---- exceptions -----------------------------------------------------------------------------

  /** Throws {@code new PojoException(message, 42)}. */
  String fail(String message) throws PojoException;

  /**
   * Throws an exception whose class only the provider has (the Dubbo peer's is {@code
   * io.triple.interop.provideronly.ProviderOnlyException}, made at run time, a RuntimeException
   * with the given message).
   */
  String failProviderOnly(String message);

  // ---- streams, time-outs, protobuf ------------------------------------------------------------

  /**
   * Server stream: 1, 2, ..., n, then completes; a negative n ends the stream with {@code new
   * PojoException("negative: " + n, 7)} after no messages.
   */
  void countTo(int n, StreamObserver<Integer> out);

  /** Bidirectional stream: "echo " + each message; completes when the requests do. */
  StreamObserver<String> echoStream(StreamObserver<String> out);

  /** Sleeps millis milliseconds, then answers "slept " + millis. */
  String sleep(int millis);

  /** "proto " + the value: a protobuf message both ways, which Dubbo sends unwrapped. */
  StringValue protoEcho(StringValue value);
}
