package io.triple.protobuf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import com.google.protobuf.UnsafeByteOperations;
import io.triple.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Marshals protobuf messages. Generated code creates one per message type with
 * {@link #of(MessageLite)}.
 */
public final class ProtoMarshaller<T extends MessageLite> implements Marshaller<T> {
  private final T defaultInstance;
  private final Parser<T> parser;

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
