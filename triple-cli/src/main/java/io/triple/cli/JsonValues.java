package io.triple.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Splits a stream of JSON objects (one per line, or spread over lines, or back to back) into
 * one string each, reading no further than the object it returns, so stdin can feed a
 * bidirectional stream message by message.
 */
final class JsonValues implements Iterator<String> {
  private final Reader in;
  private int peeked = -2;

  JsonValues(Reader in) {
    this.in = in;
  }

  private int peek() {
    if (peeked == -2) {
      try {
        peeked = in.read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return peeked;
  }

  private int next1() {
    int c = peek();
    peeked = -2;
    return c;
  }

  @Override
  public boolean hasNext() {
    while (peek() != -1 && Character.isWhitespace(peek())) {
      next1();
    }
    return peek() != -1;
  }

  @Override
  public String next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (peek() != '{') {
      throw new CliException("Invalid request data: expected a JSON object, found '" + (char) peek() + "'");
    }
    StringBuilder b = new StringBuilder();
    int depth = 0;
    boolean inString = false;
    boolean escaped = false;
    do {
      int c = next1();
      if (c == -1) {
        throw new CliException("Invalid request data: the JSON object is not closed: " + b);
      }
      b.append((char) c);
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    } while (depth > 0);
    return b.toString();
  }
}
