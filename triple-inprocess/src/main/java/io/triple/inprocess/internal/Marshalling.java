package io.triple.inprocess.internal;

import io.triple.Marshaller;
import io.triple.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Messages cross the in-process transport as bytes, serialized by the sender's marshaller and
 * parsed by the receiver's, as on the network: a marshaller that loses a field, or announces a
 * size it does not write, fails here as it would over a socket. The statuses are the network
 * transport's.
 */
final class Marshalling {
  private Marshalling() {}

  /**
   * The message's bytes.
   *
   * @throws io.triple.StatusException INTERNAL if the marshaller fails or writes another size than
   *     it announced
   */
  static <T> byte[] serialize(Marshaller<T> marshaller, T value) {
    try {
      int size = marshaller.serializedSize(value);
      ByteArrayOutputStream out = new ByteArrayOutputStream(size >= 0 ? size : 256);
      marshaller.serialize(value, out);
      if (size >= 0 && out.size() != size) {
        throw new IOException("Marshaller wrote " + out.size() + " bytes, announced " + size);
      }
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw Status.INTERNAL.withDescription("Failed to serialize message: " + e).withCause(e).asException();
    }
  }

  /**
   * Parses a received message; the array is handed over (nothing touches it again).
   *
   * @param parseFailure INVALID_ARGUMENT on servers, INTERNAL on clients, as on the network
   * @throws io.triple.StatusException with {@code parseFailure}'s code
   */
  static <T> T parse(Marshaller<T> marshaller, byte[] message, Status parseFailure) {
    try {
      return marshaller.parseOwned(message);
    } catch (IOException | RuntimeException e) {
      throw parseFailure.withDescription("Invalid message: " + e.getMessage()).withCause(e).asException();
    }
  }

  /** The status a receiver answers a message over its size limit with. */
  static Status tooLarge(int length, int max) {
    return Status.RESOURCE_EXHAUSTED.withDescription(
        "Received message larger than max (" + length + " vs. " + max + ")");
  }
}
