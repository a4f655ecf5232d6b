package io.triple.cli;

import java.io.FileNotFoundException;
import java.io.FileReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Iterator;

/** The JSON objects of {@code -d}: the text itself, {@code @file}, or {@code @-} (or {@code @}) for stdin. */
final class RequestData {
  private RequestData() {}

  static Iterator<String> open(String data, InputStream stdin) {
    if (data == null) {
      return Collections.emptyIterator();
    }
    if (data.equals("@-") || data.equals("@")) {
      return new JsonValues(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    }
    if (data.startsWith("@")) {
      try {
        return new JsonValues(new FileReader(data.substring(1), StandardCharsets.UTF_8));
      } catch (FileNotFoundException e) {
        throw new CliException("Cannot read request data from " + data.substring(1) + ": " + e.getMessage(), e);
      } catch (java.io.IOException e) {
        throw new CliException("Cannot read request data from " + data.substring(1) + ": " + e.getMessage(), e);
      }
    }
    return new JsonValues(new StringReader(data));
  }
}
