package io.triple.protoc;

/**
 * A problem with the input that makes correct generation impossible. Reported to protoc as
 * {@code CodeGeneratorResponse.error}, which protoc prints and fails on.
 */
final class GenerationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  GenerationException(String message) {
    super(message);
  }
}
