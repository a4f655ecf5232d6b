package io.triple.registry;

/** A registry operation failed (unreachable registry, bad address, ...). */
public class RegistryException extends RuntimeException {
  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
