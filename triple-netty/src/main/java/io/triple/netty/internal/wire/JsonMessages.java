package io.triple.netty.internal.wire;

import io.triple.JsonMarshaller;
import io.triple.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * gRPC messages in their JSON form ({@code content-type: application/grpc+json}, which the
 * Triple spec lists beside {@code +proto}): each length-prefixed message is the UTF-8 JSON text of
 * the message, read and written through the method's {@link JsonMarshaller}.
 */
public final class JsonMessages<T> implements Marshaller<T> {
  private final JsonMarshaller<T> json;

  private JsonMessages(JsonMarshaller<T> json) {
    this.json = json;
  }

  /** {@code marshaller}'s messages as JSON, or null if it has no JSON form. */
  public static <T> Marshaller<T> of(Marshaller<T> marshaller) {
    return marshaller instanceof JsonMarshaller<T> j ? new JsonMessages<>(j) : null;
  }

  private static final String GRPC_JSON = "application/grpc+json";

  /**
   * True for {@code application/grpc+json} (parameters such as charset allowed), given a content
   * type already known to be gRPC's. Allocation-free: it runs for every gRPC request.
   */
  static boolean isGrpcJson(CharSequence contentType) {
    int n = GRPC_JSON.length();
    if (contentType == null || contentType.length() < n) {
      return false;
    }
    for (int i = 16; i < n; i++) { // "application/grpc" itself was checked by the caller
      if (Character.toLowerCase(contentType.charAt(i)) != GRPC_JSON.charAt(i)) {
        return false;
      }
    }
    if (contentType.length() == n) {
      return true;
    }
    char next = contentType.charAt(n);
    return next == ';' || next == ' ' || next == '\t';
  }

  @Override
  public void serialize(T value, OutputStream out) throws IOException {
    out.write(json.toJson(value).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public T parse(InputStream in) throws IOException {
    return json.parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }
}
