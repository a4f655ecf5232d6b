package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.triple.Marshaller;
import io.triple.Status;
import io.triple.StatusException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Turns a received message body into an object: decompresses if flagged (never past the size
 * limit, so a small compressed message cannot expand into gigabytes) and parses it.
 */
public final class MessageReader {
  private static final byte[] EMPTY = new byte[0];

  private MessageReader() {}

  /**
   * Parses and releases {@code body}.
   *
   * @param encoding the stream's {@code grpc-encoding}, or null for identity
   * @param parseFailure the code for an undecodable body (INVALID_ARGUMENT on servers, INTERNAL
   *     on clients, as grpc-java)
   */
  public static <T> T read(
      Marshaller<T> marshaller,
      ByteBuf body,
      boolean compressed,
      String encoding,
      int maxMessageSize,
      Status parseFailure) {
    if (!compressed) {
      // One copy out of the socket buffers (however many DATA frames the message came in) into
      // an array the marshaller may keep: protobuf then shares it with bytes fields instead of
      // copying them again. (Protobuf copies off-heap buffers into an array anyway.)
      try {
        int n = body.readableBytes();
        byte[] bytes = n == 0 ? EMPTY : new byte[n];
        body.getBytes(body.readerIndex(), bytes);
        return marshaller.parseOwned(bytes);
      } catch (IOException | RuntimeException e) {
        throw invalid(parseFailure, e);
      } finally {
        body.release();
      }
    }
    try (InputStream raw = new ByteBufInputStream(body, true)) {
      InputStream in = raw;
      if (compressed) {
        if (encoding == null || encoding.equals("identity")) {
          throw Status.INTERNAL
              .withDescription("Compressed message received but no grpc-encoding was declared")
              .asException();
        }
        if (!encoding.equals("gzip")) {
          throw Status.UNIMPLEMENTED
              .withDescription("Unsupported grpc-encoding " + encoding + " (accepted: gzip, identity)")
              .asException();
        }
        in = new LimitedInputStream(new GZIPInputStream(raw, 4096), maxMessageSize);
      }
      return marshaller.parse(in);
    } catch (StatusException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // The inflating stream's limit, possibly wrapped by the marshaller.
      if (hasCause(e, LimitedInputStream.LimitExceeded.class)) {
        throw Status.RESOURCE_EXHAUSTED
            .withDescription("Decompressed message larger than max (" + maxMessageSize + ")")
            .asException();
      }
      throw invalid(parseFailure, e);
    }
  }

  private static StatusException invalid(Status parseFailure, Exception e) {
    return parseFailure.withDescription("Invalid message: " + e.getMessage()).withCause(e).asException();
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
