package io.triple.tests.pojo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.triple.pojo.PojoService;
import io.triple.server.TripleServer;
import io.triple.tests.badinput.RawH2Client;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Interface methods called with plain HTTP and JSON, as curl calls Dubbo 3.3's non-IDL services:
 * {@code POST /{interface}/{method}}, the body a JSON array of the arguments (or the one argument
 * itself), the answer the result's JSON; over HTTP/1.1 (the JDK's HttpClient) and HTTP/2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class PojoHttpTest {
  static final String SERVICE = OrderService.class.getName();
  TripleServer server;
  HttpClient http;

  @BeforeAll
  void start() {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .addService(PojoService.builder(OrderService.class, new OrderServiceImpl()).build())
        .build().start();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  void stop() {
    server.shutdownNow();
  }

  HttpResponse<String> post(String method, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/" + SERVICE + "/" + method))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JSONObject error(HttpResponse<String> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(null));
    JSONObject body = JSON.parseObject(r.body());
    assertEquals(String.valueOf(status), body.getString("status"));
    assertEquals(code, body.getString("code"));
    return body;
  }

  @Test
  void pojoResultFromAnArrayOfArguments() throws Exception {
    HttpResponse<String> r = post("find", "[42]");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(null));
    JSONObject order = JSON.parseObject(r.body());
    assertEquals(42, order.getLongValue("id"));
    assertEquals("customer-42", order.getString("customer"));
    assertEquals("PAID", order.getString("status"));
    assertEquals("sku-1", order.getJSONArray("items").getJSONObject(0).getString("sku"));
    assertEquals(200, post("find", "42").statusCode(), "one argument may come bare");
  }

  @Test
  void pojoInAndOutAsABareObjectOrInAnArray() throws Exception {
    String order = "{\"id\":7,\"customer\":\"ann\",\"amount\":3.25,\"status\":\"NEW\","
        + "\"items\":[{\"sku\":\"a\",\"quantity\":2}],\"tags\":{\"x\":1}}";
    for (String body : new String[] {order, "[" + order + "]"}) {
      HttpResponse<String> r = post("save", body);
      assertEquals(200, r.statusCode(), r.body());
      JSONObject back = JSON.parseObject(r.body());
      assertEquals(7, back.getLongValue("id"));
      assertEquals("ann", back.getString("customer"));
      assertEquals("3.25", back.getBigDecimal("amount").toPlainString());
      assertEquals(2, back.getJSONArray("items").getJSONObject(0).getIntValue("quantity"));
      assertEquals(1, back.getJSONObject("tags").getIntValue("x"));
    }
  }

  @Test
  void multipleArgumentsScalarsAndCollections() throws Exception {
    assertEquals("5", post("add", "[2, 3]").body());
    assertEquals("\"hello dubbo\"", post("hello", "[\"dubbo\"]").body());
    assertEquals("[\"A\",\"B\"]", post("upper", "[\"a\",\"b\"]").body()); // a List parameter takes the array itself
    assertEquals("[\"A\"]", post("upper", "[[\"a\"]]").body());
    assertEquals("{\"a\":2,\"b\":1}", post("counts", "[[\"a\",\"b\",\"a\"]]").body());
    assertEquals("\"2026-12-08\"", post("nextDay", "[\"2026-12-07\"]").body());
    assertEquals("\"by id 7 and name ann\"", post("find", "[7, \"ann\"]").body());
    assertEquals("\"by name ann\"", post("find", "[\"ann\"]").body()); // overloads of one parameter: by the value's kind
  }

  @Test
  void voidAndNoArguments() throws Exception {
    HttpResponse<String> r = post("remember", "[\"kept\"]");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("null", r.body());
    assertEquals("\"kept\"", post("recall", "[]").body());
    assertEquals("\"kept\"", post("recall", "").body());
  }

  @Test
  void businessExceptionIs500NamingIt() throws Exception {
    JSONObject body = error(post("fail", "[\"out of stock\"]"), 500, "unknown");
    assertTrue(body.getString("message").contains("OrderException"), body.toString());
    assertTrue(body.getString("message").contains("out of stock"), body.toString());
    error(post("findAsync", "[-1]"), 500, "unknown");
    assertEquals(200, post("findAsync", "[3]").statusCode());
  }

  @Test
  void badJsonIs400WithAMessage() throws Exception {
    JSONObject body = error(post("add", "[1,"), 400, "invalid_argument");
    assertTrue(body.getString("message").contains("not valid JSON"), body.toString());
    body = error(post("add", "[1]"), 400, "invalid_argument");
    assertTrue(body.getString("message").contains("2 arguments"), body.toString());
    body = error(post("add", "[\"x\", 1]"), 400, "invalid_argument");
    assertTrue(body.getString("message").contains("argument 0"), body.toString());
    error(post("save", "{\"id\":\"not a number\"}"), 400, "invalid_argument");
    error(post("find", "[true]"), 400, "invalid_argument"); // fits no overload
  }

  @Test
  void typeNamesInTheTextAreRefusedAndNothingIsCreated() throws Exception {
    HttpResponse<String> gadget = post("save",
        "[{\"@type\":\"com.sun.rowset.JdbcRowSetImpl\",\"dataSourceName\":\"ldap://127.0.0.1:1/x\",\"autoCommit\":true}]");
    assertNotEquals(200, gadget.statusCode(), gadget.body());
    assertTrue(gadget.statusCode() == 400 || gadget.statusCode() == 403, gadget.body());
    HttpResponse<String> nested = post("save", "{\"id\":1,\"tags\":{\"@type\":\"java.lang.ProcessBuilder\"}}");
    assertTrue(nested.statusCode() == 400 || nested.statusCode() == 403, nested.body());
    assertEquals("5", post("add", "[2,3]").body(), "still serving");
  }

  @Test
  void serverStreamAsServerSentEvents() throws Exception {
    HttpResponse<String> r = post("countTo", "[3]");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse("").split(";")[0]);
    assertEquals("data:1\n\ndata:2\n\ndata:3\n\n", r.body());
  }

  static Http2Headers h2(String method) {
    Http2Headers h = new DefaultHttp2Headers()
        .method("POST").scheme("http").path("/" + SERVICE + "/" + method).authority("127.0.0.1");
    h.set("content-type", "application/json");
    return h;
  }

  @Test
  void overHttp2() throws Exception {
    try (RawH2Client client = new RawH2Client(server.port())) {
      RawH2Client.Exchange find = client.send(h2("find"), "[42]".getBytes(UTF_8)).await();
      assertEquals("200", find.status());
      assertEquals(42, JSON.parseObject(find.data.toString(UTF_8)).getLongValue("id"));
      RawH2Client.Exchange add = client.send(h2("add"), "[40, 2]".getBytes(UTF_8)).await();
      assertEquals("42", add.data.toString(UTF_8));
      RawH2Client.Exchange fail = client.send(h2("fail"), "[\"no\"]".getBytes(UTF_8)).await();
      assertEquals("500", fail.status());
      RawH2Client.Exchange bad = client.send(h2("add"), "{".getBytes(UTF_8)).await();
      assertEquals("400", bad.status());
      assertTrue(bad.data.toString(UTF_8).contains("invalid_argument"), bad.data.toString(UTF_8));
      RawH2Client.Exchange v = client.send(h2("remember"), "[\"h2\"]".getBytes(UTF_8)).await();
      assertEquals("200", v.status());
      assertEquals("null", v.data.toString(UTF_8));
    }
  }
}
