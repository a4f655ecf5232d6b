package io.triple.cli;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.triple.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Protobuf's binary form of messages known only by their descriptor. */
final class DynamicMarshaller implements Marshaller<DynamicMessage> {
  private final Descriptor type;

  DynamicMarshaller(Descriptor type) {
    this.type = type;
  }

  @Override
  public void serialize(DynamicMessage value, OutputStream out) throws IOException {
    value.writeTo(out);
  }

  @Override
  public int serializedSize(DynamicMessage value) {
    return value.getSerializedSize();
  }

  @Override
  public DynamicMessage parse(InputStream in) throws IOException {
    return DynamicMessage.parseFrom(type, in);
  }

  static io.triple.MethodDescriptor<DynamicMessage, DynamicMessage> method(
      com.google.protobuf.Descriptors.MethodDescriptor m) {
    io.triple.MethodType type = m.isClientStreaming()
        ? (m.isServerStreaming() ? io.triple.MethodType.BIDI_STREAMING : io.triple.MethodType.CLIENT_STREAMING)
        : (m.isServerStreaming() ? io.triple.MethodType.SERVER_STREAMING : io.triple.MethodType.UNARY);
    return io.triple.MethodDescriptor.of(m.getService().getFullName(), m.getName(), type,
        new DynamicMarshaller(m.getInputType()), new DynamicMarshaller(m.getOutputType()));
  }
}
