package io.triple.tests.pojo.secret;

/** An exception the test's caller refuses to load (its allow list denies this package). */
public class SecretException extends RuntimeException {
  public SecretException(String message) {
    super(message);
  }
}
