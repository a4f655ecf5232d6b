package io.triple.netty.internal.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;

/**
 * Decodes a gRPC-Web text request body ({@code application/grpc-web-text}: the binary bytes in
 * base64) as it arrives, piece by piece, so that its messages can be deframed as they come like
 * any other framed dialect's. Whitespace is skipped; the body may be several padded base64
 * pieces one after another (each ends on a 4-character boundary, so decoding by groups of four
 * handles them); the last piece may lack its padding. One per call, event loop only.
 */
public final class GrpcWebTextDecoder {
  private final ByteBufAllocator alloc;
  private final byte[] group = new byte[4]; // base64 values (0-63) of the group read so far
  private int inGroup;
  private int padding; // '=' seen in the current group
  private long read; // characters read

  public GrpcWebTextDecoder(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  /** The bytes that {@code text} (released) completes; empty if it ends inside a group. */
  public ByteBuf decode(ByteBuf text) throws IOException {
    ByteBuf out = alloc.buffer(text.readableBytes() * 3 / 4 + 3);
    try {
      read += text.readableBytes();
      for (int i = text.readerIndex(), end = text.writerIndex(); i < end; i++) {
        accept(text.getByte(i), out);
      }
    } catch (IOException e) {
      out.release();
      throw e;
    } finally {
      text.release();
    }
    return out;
  }

  /**
   * Characters read whose bytes have been produced (all but those of an unfinished group):
   * minus the bytes produced, what base64 cost, which never reaches the deframer.
   */
  public long settled() {
    return read - inGroup - padding;
  }

  /** At the end of the body: what an unpadded last group holds (null if nothing). */
  public ByteBuf finish() throws IOException {
    if (inGroup == 0) {
      return null;
    }
    if (inGroup == 1) {
      throw notBase64("it ends with a lone character");
    }
    ByteBuf out = alloc.buffer(2);
    emit(inGroup, out);
    inGroup = 0;
    return out;
  }

  private void accept(byte c, ByteBuf out) throws IOException {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      return;
    }
    if (c == '=') {
      if (inGroup < 2) {
        throw notBase64("misplaced padding");
      }
      padding++;
      if (inGroup + padding == 4) {
        emit(inGroup, out);
        inGroup = 0;
        padding = 0;
      }
      return;
    }
    if (padding > 0) {
      throw notBase64("data after padding inside a group");
    }
    int v = value(c);
    if (v < 0) {
      throw notBase64("illegal base64 character " + Integer.toHexString(c & 0xff));
    }
    group[inGroup++] = (byte) v;
    if (inGroup == 4) {
      emit(4, out);
      inGroup = 0;
    }
  }

  /** The bytes of the first {@code chars} values of the group (2: 1 byte, 3: 2, 4: 3). */
  private void emit(int chars, ByteBuf out) {
    int bits = (group[0] << 18) | (group[1] << 12) | (chars > 2 ? group[2] << 6 : 0) | (chars > 3 ? group[3] : 0);
    out.writeByte(bits >> 16);
    if (chars > 2) {
      out.writeByte(bits >> 8);
    }
    if (chars > 3) {
      out.writeByte(bits);
    }
  }

  private static int value(byte c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
  }

  private static IOException notBase64(String why) {
    return new IOException("the application/grpc-web-text body is not base64: " + why);
  }
}
