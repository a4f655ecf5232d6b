package io.triple.netty;

import io.triple.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** UTF-8 strings as messages: lets transport tests run without protobuf. */
final class StringMarshaller implements Marshaller<String> {
  static final StringMarshaller INSTANCE = new StringMarshaller();

  @Override
  public void serialize(String value, OutputStream out) throws IOException {
    out.write(value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int serializedSize(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public String parse(InputStream in) throws IOException {
    String s = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    if (s.startsWith("\u0000bad")) {
      throw new IOException("unparseable test message");
    }
    return s;
  }
}
