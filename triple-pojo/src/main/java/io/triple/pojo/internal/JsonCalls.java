package io.triple.pojo.internal;

import io.triple.JsonMarshaller;
import io.triple.Marshaller;
import io.triple.Status;
import io.triple.StatusException;
import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.JsonCodec;
import io.triple.pojo.spi.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Interface methods over plain HTTP with {@code application/json}, as Dubbo 3.3 serves non-IDL
 * methods (its {@code JsonCodec} and the basic REST dialect's fallback argument resolver): the
 * body is a JSON array of the arguments, or, for a method of one parameter, that argument itself;
 * an object of the arguments by parameter name is read too. The answer is the result's JSON.
 *
 * <p>Layered on the wrappers: the method's request marshaller is also a {@link JsonMarshaller}
 * whose {@code parseJson} keeps the body as it is in a {@link Wrappers.Request} of the pseudo
 * serialization {@value #SERIALIZE_TYPE}; {@link ServerMethods} reads it against the resolved
 * method's parameter types through the installed {@link JsonCodec} (no class named by the text is
 * created, the allow list applies) and answers a {@link Wrappers.Response} holding JSON text,
 * which the response marshaller's {@code toJson} gives back.
 */
public final class JsonCalls {
  /** The pseudo serialization of requests read from JSON text; no real serialization has a '/'. */
  public static final String SERIALIZE_TYPE = "application/json";

  private static volatile Object codec; // JsonCodec, or NONE

  private static final Object NONE = new Object();

  private JsonCalls() {}

  /** The installed JSON codec (triple-serialization-fastjson2 brings one), or null. */
  public static JsonCodec codec() {
    Object c = codec;
    if (c == null) {
      Iterator<JsonCodec> it = ServiceLoader.load(JsonCodec.class, JsonCalls.class.getClassLoader()).iterator();
      codec = c = it.hasNext() ? it.next() : NONE;
    }
    return c == NONE ? null : (JsonCodec) c;
  }

  static boolean isJson(Wrappers.Request request) {
    return SERIALIZE_TYPE.equals(request.serializeType());
  }

  static boolean isJson(Serialization s) {
    return s instanceof JsonResults;
  }

  /** The wrappers' request marshaller, also reading a plain-HTTP JSON body as it was sent. */
  public static final JsonMarshaller<Wrappers.Request> REQUEST = new JsonMarshaller<>() {
    @Override
    public void serialize(Wrappers.Request value, OutputStream out) throws IOException {
      Wrappers.REQUEST.serialize(value, out);
    }

    @Override
    public int serializedSize(Wrappers.Request value) {
      return Wrappers.REQUEST.serializedSize(value);
    }

    @Override
    public Wrappers.Request parse(InputStream in) throws IOException {
      return Wrappers.REQUEST.parse(in);
    }

    @Override
    public Wrappers.Request parse(ByteBuffer buffer) throws IOException {
      return Wrappers.REQUEST.parse(buffer);
    }

    @Override
    public Wrappers.Request parseJson(String json) {
      return new Wrappers.Request(SERIALIZE_TYPE, List.of(json.getBytes(StandardCharsets.UTF_8)), List.of());
    }

    @Override
    public String toJson(Wrappers.Request value) throws IOException {
      if (!isJson(value)) {
        throw new IOException("a " + value.serializeType() + " request has no JSON form");
      }
      return new String(value.args().get(0), StandardCharsets.UTF_8);
    }

    @Override
    public boolean parsesArgumentArray() {
      return true;
    }
  };

  /** The wrappers' response marshaller; a response to a JSON request is its JSON text. */
  public static final JsonMarshaller<Wrappers.Response> RESPONSE = new JsonMarshaller<>() {
    @Override
    public void serialize(Wrappers.Response value, OutputStream out) throws IOException {
      Wrappers.RESPONSE.serialize(value, out);
    }

    @Override
    public int serializedSize(Wrappers.Response value) {
      return Wrappers.RESPONSE.serializedSize(value);
    }

    @Override
    public Wrappers.Response parse(InputStream in) throws IOException {
      return Wrappers.RESPONSE.parse(in);
    }

    @Override
    public Wrappers.Response parse(ByteBuffer buffer) throws IOException {
      return Wrappers.RESPONSE.parse(buffer);
    }

    @Override
    public Wrappers.Response parseJson(String json) {
      return new Wrappers.Response(SERIALIZE_TYPE, json.getBytes(StandardCharsets.UTF_8), "");
    }

    @Override
    public String toJson(Wrappers.Response value) throws IOException {
      if (!SERIALIZE_TYPE.equals(value.serializeType())) {
        throw new IOException("a " + value.serializeType() + " response has no JSON form");
      }
      return new String(value.data(), StandardCharsets.UTF_8);
    }
  };

  /** The method a JSON request calls and its arguments. */
  record Call(PojoMethod method, Object[] args) {}

  /**
   * Picks the overload (the only one of the name; else the one whose parameter count is the
   * array's length, one for a non-array body, none for an empty body) and reads its arguments.
   * INVALID_ARGUMENT for text that is not JSON or not the parameters' form, PERMISSION_DENIED for
   * a refused class.
   */
  static Call decode(JsonCodec codec, List<PojoMethod> overloads, Wrappers.Request req, ClassGuard guard)
      throws StatusException {
    String text = new String(req.args().get(0), StandardCharsets.UTF_8).strip();
    Object tree;
    try {
      tree = text.isEmpty() ? null : codec.parseTree(text);
    } catch (IOException | RuntimeException e) {
      throw Status.INVALID_ARGUMENT.withDescription("the body of " + overloads.get(0).name()
          + " is not valid JSON: " + e.getMessage()).asException();
    }
    PojoMethod m = pick(overloads, text.isEmpty(), tree);
    Class<?>[] types = m.requestTypes();
    Type[] generic = m.genericRequestTypes();
    Object[] args = new Object[types.length];
    if (types.length == 0) {
      return new Call(m, args);
    }
    if (types.length == 1) {
      if (text.isEmpty()) {
        return new Call(m, args); // a null argument, as Dubbo's empty body
      }
      String one = text;
      if (tree instanceof List<?> list && list.size() == 1
          && (!isArrayLike(types[0]) || list.get(0) instanceof List<?>)) {
        one = write(codec, list.get(0), m); // the Triple spec's array of one argument
      }
      args[0] = read(codec, one, types[0], generic[0], guard, "argument 0 of " + m);
      return new Call(m, args);
    }
    if (tree instanceof List<?> list && list.size() == types.length) {
      for (int i = 0; i < types.length; i++) {
        args[i] = read(codec, write(codec, list.get(i), m), types[i], generic[i], guard, "argument " + i + " of " + m);
      }
      return new Call(m, args);
    }
    if (tree instanceof Map<?, ?> map) {
      Parameter[] params = m.method().getParameters();
      for (int i = 0; i < types.length; i++) {
        Object value = map.get(params[i].getName());
        if (value != null) {
          args[i] = read(codec, write(codec, value, m), types[i], generic[i], guard,
              "argument " + i + " (" + params[i].getName() + ") of " + m);
        } else if (types[i].isPrimitive()) {
          throw Status.INVALID_ARGUMENT.withDescription(m + ": the JSON object has no '" + params[i].getName()
              + "' (the parameter names are " + names(params) + ")").asException();
        }
      }
      return new Call(m, args);
    }
    throw Status.INVALID_ARGUMENT.withDescription(m + " takes " + types.length + " arguments: send a JSON array of "
        + types.length + " values" + (tree instanceof List<?> l ? " (the body has " + l.size() + ")" : "")).asException();
  }

  private static PojoMethod pick(List<PojoMethod> overloads, boolean empty, Object tree) throws StatusException {
    if (overloads.size() == 1) {
      return overloads.get(0);
    }
    int count = empty ? 0 : tree instanceof List<?> l ? l.size() : 1;
    List<PojoMethod> byCount = new ArrayList<>();
    for (PojoMethod m : overloads) {
      if (m.requestTypes().length == count) {
        byCount.add(m);
      }
    }
    if (byCount.isEmpty() && !empty && !(tree instanceof List<?>)) {
      count = -1;
    }
    if (byCount.size() > 1) { // then by the kinds of the JSON values: [42] find(long), ["ann"] find(String)
      List<PojoMethod> fitting = new ArrayList<>();
      for (PojoMethod m : byCount) {
        if (fitsAll(m, tree)) {
          fitting.add(m);
        }
      }
      if (fitting.size() != 1) {
        throw Status.INVALID_ARGUMENT.withDescription(overloads.get(0).name() + " has " + byCount.size()
            + " overloads of " + count + " parameter(s) (" + byCount.stream().map(PojoMethod::argTypes).toList()
            + ") and the JSON values " + (fitting.isEmpty() ? "fit none" : "fit several") + " of them").asException();
      }
      return fitting.get(0);
    }
    if (byCount.isEmpty()) {
      throw Status.INVALID_ARGUMENT.withDescription("no overload of " + overloads.get(0).name() + " takes "
          + (count < 0 ? "one argument" : count + " argument(s)") + "; it has "
          + overloads.stream().map(PojoMethod::argTypes).toList()).asException();
    }
    return byCount.get(0);
  }

  private static boolean fitsAll(PojoMethod m, Object tree) {
    Class<?>[] types = m.requestTypes();
    if (types.length == 1) {
      return fits(tree, types[0]) || (tree instanceof List<?> l && l.size() == 1 && fits(l.get(0), types[0]));
    }
    List<?> values = (List<?>) tree;
    for (int i = 0; i < types.length; i++) {
      if (!fits(values.get(i), types[i])) {
        return false;
      }
    }
    return true;
  }

  /** Whether a JSON value of this kind can be read as {@code type}. */
  private static boolean fits(Object value, Class<?> type) {
    if (type == Object.class) {
      return true;
    }
    if (value == null) {
      return !type.isPrimitive();
    }
    boolean bool = type == boolean.class || type == Boolean.class;
    boolean number = (type.isPrimitive() && !bool && type != char.class) || Number.class.isAssignableFrom(type);
    boolean many = type.isArray() || Collection.class.isAssignableFrom(type);
    if (value instanceof Boolean) {
      return bool;
    }
    if (value instanceof Number) {
      return number || java.util.Date.class.isAssignableFrom(type) || type.getName().startsWith("java.time.");
    }
    if (value instanceof String) {
      return !bool && !(type.isPrimitive() && type != char.class) && !many && !Map.class.isAssignableFrom(type);
    }
    if (value instanceof List<?>) {
      return many;
    }
    return !type.isPrimitive() && !bool && !number && !many && type != String.class; // an object
  }

  private static boolean isArrayLike(Class<?> type) {
    return type.isArray() || Collection.class.isAssignableFrom(type) || type == Object.class;
  }

  private static List<String> names(Parameter[] params) {
    List<String> names = new ArrayList<>();
    for (Parameter p : params) {
      names.add(p.getName());
    }
    return names;
  }

  private static String write(JsonCodec codec, Object tree, PojoMethod m) throws StatusException {
    try {
      return codec.write(tree);
    } catch (IOException | RuntimeException e) {
      throw Status.INTERNAL.withDescription("cannot rewrite an argument of " + m + ": " + e).asException();
    }
  }

  private static Object read(JsonCodec codec, String json, Class<?> type, Type generic, ClassGuard guard, String what)
      throws StatusException {
    try {
      return codec.read(json, type, generic, guard);
    } catch (ClassRefusedException e) {
      throw Status.PERMISSION_DENIED.withDescription(what + ": " + e.getMessage()).asException();
    } catch (IOException | RuntimeException e) {
      throw Status.INVALID_ARGUMENT.withDescription(what + " is not valid JSON for " + generic.getTypeName() + ": "
          + e.getMessage()).asException();
    }
  }

  /** Results (and stream messages) of JSON calls, written as JSON text. */
  static Serialization results(JsonCodec codec) {
    return new JsonResults(codec);
  }

  private record JsonResults(JsonCodec codec) implements Serialization {
    @Override
    public String name() {
      return SERIALIZE_TYPE;
    }

    @Override
    public void write(Object value, Class<?> declaredType, OutputStream out) throws IOException {
      out.write(codec.write(value).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Object read(InputStream in, Class<?> declaredType, Type genericType, ClassGuard guard) throws IOException {
      throw new IOException("JSON results are not read back");
    }
  }

  /** For tests and the marshaller choice: the plain wrappers' marshallers when no codec is installed. */
  static Marshaller<Wrappers.Request> requestMarshaller() {
    return codec() != null ? REQUEST : Wrappers.REQUEST;
  }

  static Marshaller<Wrappers.Response> responseMarshaller() {
    return codec() != null ? RESPONSE : Wrappers.RESPONSE;
  }
}
