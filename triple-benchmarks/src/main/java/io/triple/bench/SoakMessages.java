package io.triple.bench;

import com.google.protobuf.ByteString;
import io.triple.bench.proto.SoakMessage;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Builds and checks the soak's messages: bodies are slices of one random block (no copy per
 * message), and each carries the CRC-32 of its body, so a corrupted body is counted as such rather
 * than passing for a delivered message.
 */
final class SoakMessages {
  /** The largest body: over 16 KiB so that some messages span several HTTP/2 DATA frames. */
  static final int MAX_BODY = 128 * 1024;

  private static final ByteString BLOCK = randomBlock(2 * MAX_BODY);

  private SoakMessages() {}

  private static ByteString randomBlock(int size) {
    byte[] b = new byte[size];
    new Random(23).nextBytes(b);
    return ByteString.copyFrom(b);
  }

  /**
   * A body size for one call: mostly small messages (the common case), some a few KiB, and one in
   * twenty large enough to cross frames and fill flow-control windows.
   */
  static int randomBodySize() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int p = r.nextInt(100);
    if (p < 70) {
      return r.nextInt(513);
    }
    if (p < 95) {
      return 512 + r.nextInt(8 * 1024);
    }
    return 16 * 1024 + r.nextInt(MAX_BODY - 16 * 1024 + 1);
  }

  /** Message {@code seq} of {@code count} in one direction of call {@code call} of {@code client}. */
  static SoakMessage.Builder message(String client, long call, long seq, int count, int bodySize) {
    int offset = ThreadLocalRandom.current().nextInt(BLOCK.size() - bodySize + 1);
    ByteString body = BLOCK.substring(offset, offset + bodySize);
    return SoakMessage.newBuilder()
        .setClient(client)
        .setCall(call)
        .setSeq(seq)
        .setCount(count)
        .setBody(body)
        .setCrc(crc(body));
  }

  static boolean bodyIntact(SoakMessage m) {
    return m.getCrc() == crc(m.getBody());
  }

  private static int crc(ByteString body) {
    CRC32 crc = new CRC32();
    crc.update(body.asReadOnlyByteBuffer());
    return (int) crc.getValue();
  }
}
