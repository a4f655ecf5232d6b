package io.triple.interop.provideronly;

/**
 * The exception {@code TriplePojoEcho.failProviderOnly} throws: a class the Dubbo peer's client
 * JVM does not have (its server mode makes one of this name at run time, in a class loader of its
 * own, for the other direction).
 */
public class ProviderOnlyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProviderOnlyException(String message) {
    super(message);
  }
}
