package io.triple.bootstrap;

import java.io.File;

/** The files {@code dubbo.ssl} names, where an empty path means not set. */
final class SslFiles {
  private SslFiles() {}

  static File orNull(String path) {
    return path.isEmpty() ? null : new File(path);
  }
}
