package io.triple.protobuf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.triple.JsonMarshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Marshals protobuf messages. Generated code creates one per message type with
 * {@link #of(MessageLite)}.
 *
 * <p>JSON (for Triple's {@code application/json} calls) follows protobuf's canonical JSON mapping
 * through {@link JsonFormat}: field names in lowerCamelCase (the original names are accepted
 * too), fields at their default value left out, unknown fields rejected. Protobuf-lite messages
 * carry no descriptors and so have no JSON form.
 */
public final class ProtoMarshaller<T extends MessageLite> implements JsonMarshaller<T> {
  private final T defaultInstance;
  private final Parser<T> parser;
  /** Made on first use: most marshallers never see JSON. */
  private volatile Json jsonForms;

  /**
   * JsonFormat's printer and parser with the types of the message's .proto file and of every file
   * it imports, so that {@code google.protobuf.Any} fields holding those types print and parse
   * (without a registry JsonFormat knows no type, and any Any failed with "Cannot find type").
   */
  private record Json(JsonFormat.Printer printer, JsonFormat.Parser parser) {
    static Json forType(Message message) {
      JsonFormat.TypeRegistry types = JsonFormat.TypeRegistry.newBuilder().add(message.getDescriptorForType()).build();
      return new Json(JsonFormat.printer().usingTypeRegistry(types).omittingInsignificantWhitespace(),
          JsonFormat.parser().usingTypeRegistry(types));
    }
  }

  private ProtoMarshaller(T defaultInstance) {
    this.defaultInstance = defaultInstance;
    @SuppressWarnings("unchecked")
    Parser<T> p = (Parser<T>) defaultInstance.getParserForType();
    this.parser = p;
  }

  /** A marshaller for the type of {@code defaultInstance} (e.g. {@code Foo.getDefaultInstance()}). */
  public static <T extends MessageLite> ProtoMarshaller<T> of(T defaultInstance) {
    return new ProtoMarshaller<>(defaultInstance);
  }

  public T defaultInstance() {
    return defaultInstance;
  }

  @Override
  public T parseJson(String json) throws IOException {
    if (!(defaultInstance instanceof Message message)) {
      throw new IOException(liteHasNoJson());
    }
    Message.Builder builder = message.newBuilderForType();
    try {
      json(message).parser().merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidProtocolBufferException(
          "Invalid JSON for " + message.getDescriptorForType().getFullName() + ": " + e.getMessage());
    } catch (RuntimeException e) { // gson's own failures on malformed text, not always wrapped
      throw new InvalidProtocolBufferException(
          "Invalid JSON for " + message.getDescriptorForType().getFullName() + ": " + e.getMessage());
    }
    @SuppressWarnings("unchecked")
    T parsed = (T) builder.build();
    return parsed;
  }

  @Override
  public String toJson(T value) throws IOException {
    if (!(value instanceof Message message)) {
      throw new IOException(liteHasNoJson());
    }
    return json(message).printer().print(message);
  }

  private Json json(Message message) {
    Json j = jsonForms;
    if (j == null) {
      jsonForms = j = Json.forType(message); // a race makes two equal ones: harmless
    }
    return j;
  }

  private String liteHasNoJson() {
    return defaultInstance.getClass().getName() + " is a protobuf-lite message: it has no JSON form";
  }

  @Override
  public void serialize(T value, OutputStream out) throws IOException {
    int size = value.getSerializedSize();
    CodedOutputStream cos =
        CodedOutputStream.newInstance(out, Math.min(Math.max(size, 16), 4096));
    value.writeTo(cos);
    cos.flush();
  }

  @Override
  public int serializedSize(T value) {
    return value.getSerializedSize();
  }

  @Override
  public T parse(InputStream in) throws IOException {
    // Size the read buffer to the message when the stream knows it (protobuf's default is
    // 4 KiB for every message, even an empty one).
    int available = in.available();
    CodedInputStream cis = available > 0 && available < 4096
        ? CodedInputStream.newInstance(in, available) : CodedInputStream.newInstance(in);
    return parse(cis);
  }

  /**
   * Parses straight from memory, without a stream. A heap buffer is parsed in place. An off-heap
   * one (the transport's pooled memory, valid only during this call) is copied once into an
   * array of our own, and {@code bytes} fields then share that array instead of each being
   * copied again (protobuf would copy it into an array too, then copy every {@code bytes} field
   * out of it).
   */
  @Override
  public T parse(ByteBuffer buffer) throws IOException {
    if (buffer.hasArray()) {
      return parse(CodedInputStream.newInstance(buffer));
    }
    byte[] copy = new byte[buffer.remaining()];
    buffer.duplicate().get(copy);
    return parseOwned(copy);
  }

  /** Parses in place; {@code bytes} fields share {@code message} (it is ours, never written again). */
  @Override
  public T parseOwned(byte[] message) throws IOException {
    // unsafeWrap + aliasing: protobuf reads bytes fields as views of the array, not copies.
    CodedInputStream cis = UnsafeByteOperations.unsafeWrap(message).newCodedInput();
    cis.enableAliasing(true);
    return parse(cis);
  }

  private T parse(CodedInputStream cis) throws IOException {
    // The transport has already bounded the message size; lift protobuf's own 2 GiB default cap
    // only as far as that bound.
    cis.setSizeLimit(Integer.MAX_VALUE);
    try {
      T message = parser.parseFrom(cis, ExtensionRegistryLite.getEmptyRegistry());
      cis.checkLastTagWas(0);
      return message;
    } catch (InvalidProtocolBufferException e) {
      // Keep the cause: protobuf wraps failures of the stream itself (e.g. the transport's size
      // limit on an inflating stream), and the transport looks for them in the cause chain.
      InvalidProtocolBufferException ex = new InvalidProtocolBufferException(
          "Invalid " + defaultInstance.getClass().getName() + ": " + e.getMessage());
      ex.initCause(e);
      throw ex;
    }
  }
}
