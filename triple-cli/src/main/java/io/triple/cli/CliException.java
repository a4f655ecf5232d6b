package io.triple.cli;

/** A failure on our side (bad input, unknown symbol, unreadable file): "Error: ..." and exit 1. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
