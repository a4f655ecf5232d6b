package io.triple.pojo.internal;

import com.google.protobuf.MessageLite;
import io.triple.Marshaller;
import io.triple.protobuf.ProtoMarshaller;

/** Marshallers for the methods that travel as plain protobuf (see {@link PojoMethod#isProtobuf()}). */
final class ProtobufMethods {
  private ProtobufMethods() {}

  @SuppressWarnings("unchecked")
  static Marshaller<Object> marshaller(Class<?> messageClass) {
    try {
      MessageLite defaultInstance = (MessageLite) messageClass.getMethod("getDefaultInstance").invoke(null);
      return (Marshaller<Object>) (Marshaller<?>) ProtoMarshaller.of(defaultInstance);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(messageClass.getName() + " is not a generated protobuf message", e);
    }
  }
}
