package io.triple.protobuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Method;
import com.google.protobuf.StringValue;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The JSON form of messages (Triple's application/json calls): protobuf's canonical mapping. */
class ProtoMarshallerJsonTest {
  private final ProtoMarshaller<Method> method = ProtoMarshaller.of(Method.getDefaultInstance());

  @Test
  void printsCompactLowerCamelCaseWithoutDefaults() throws IOException {
    Method m = Method.newBuilder().setName("greet").setRequestTypeUrl("t").setRequestStreaming(true).build();
    assertEquals("{\"name\":\"greet\",\"requestTypeUrl\":\"t\",\"requestStreaming\":true}", method.toJson(m));
    assertEquals("{}", method.toJson(Method.getDefaultInstance()));
  }

  @Test
  void parsesCamelCaseAndOriginalNames() throws IOException {
    Method expected = Method.newBuilder().setName("greet").setRequestTypeUrl("t").build();
    assertEquals(expected, method.parseJson("{\"name\":\"greet\",\"requestTypeUrl\":\"t\"}"));
    assertEquals(expected, method.parseJson(" {\"name\": \"greet\", \"request_type_url\": \"t\"} "));
  }

  /**
   * An {@code Any} holding a type of the message's own .proto file (or one it imports) prints with
   * its {@code @type} and parses back: the JSON forms carry a type registry built from the file.
   */
  @Test
  void anyFieldsHoldingTypesOfTheFileRoundTrip() throws IOException {
    ProtoMarshaller<com.google.protobuf.Type> type = ProtoMarshaller.of(com.google.protobuf.Type.getDefaultInstance());
    com.google.protobuf.Type t = com.google.protobuf.Type.newBuilder().setName("T")
        .addOptions(com.google.protobuf.Option.newBuilder().setName("o")
            .setValue(com.google.protobuf.Any.pack(com.google.protobuf.Field.newBuilder().setName("f").build())))
        .build();
    String json = type.toJson(t);
    assertTrue(json.contains("\"@type\":\"type.googleapis.com/google.protobuf.Field\""), json);
    assertEquals(t, type.parseJson(json));
  }

  @Test
  void wellKnownTypesUseTheirJsonForm() throws IOException {
    ProtoMarshaller<StringValue> string = ProtoMarshaller.of(StringValue.getDefaultInstance());
    assertEquals("\"hi\"", string.toJson(StringValue.of("hi")));
    assertEquals(StringValue.of("hi"), string.parseJson("\"hi\""));
  }

  @Test
  void badJsonIsAnIoExceptionNamingTheType() {
    IOException unknown = assertThrows(IOException.class, () -> method.parseJson("{\"nam\":\"x\"}"));
    assertTrue(unknown.getMessage().contains("google.protobuf.Method") && unknown.getMessage().contains("nam"),
        unknown.getMessage());
    IOException malformed = assertThrows(IOException.class, () -> method.parseJson("{not json"));
    assertTrue(malformed.getMessage().startsWith("Invalid JSON for google.protobuf.Method"), malformed.getMessage());
    assertThrows(IOException.class, () -> method.parseJson("{\"requestStreaming\":\"maybe\"}"));
    assertThrows(IOException.class, () -> method.parseJson(""));
  }
}
