package io.triple.interop.pojo.model;

/**
 * The business exception of the interop service: both sides have this class, so the caller gets
 * it back with its message and {@link #getCode() code}.
 */
public class PojoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  public PojoException(String message, int code) {
    super(message);
    this.code = code;
  }

  public int getCode() {
    return code;
  }
}
