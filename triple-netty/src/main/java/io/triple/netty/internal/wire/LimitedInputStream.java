package io.triple.netty.internal.wire;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails once more than {@code limit} bytes have been read: the guard against zip bombs. */
public final class LimitedInputStream extends FilterInputStream {
  public static final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    public LimitExceeded() {
      super("message size limit exceeded");
    }
  }

  private final long limit;
  private long count;

  public LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0 && ++count > limit) {
      throw new LimitExceeded();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0 && (count += n) > limit) {
      throw new LimitExceeded();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long s = super.skip(n);
    if ((count += s) > limit) {
      throw new LimitExceeded();
    }
    return s;
  }

  /**
   * Unknown: an inflating stream's {@code available()} says 1 until its end, which readers that
   * size their buffer from it would take for the message size.
   */
  @Override
  public int available() {
    return 0;
  }
}
