package io.triple.pojo.spi;

import java.util.Set;

/**
 * What a caller reads in place of Apache Dubbo's {@code com.alibaba.dubbo.rpc.service.GenericException}
 * (or {@code org.apache.dubbo.rpc.service.GenericException}): Dubbo's providers answer a generic
 * call's exception with one of those (GenericFilter), naming the real exception's class and
 * message in {@code exceptionClass} and {@code exceptionMessage}. Neither class is on our class
 * path, so the read of a business exception maps their names to this class (fields are filled by
 * name, in hessian2 and fastjson2 alike); the caller then throws what it describes. A provider
 * answers a generic call's exception with one made {@link #DubboGenericException(Throwable) of it},
 * which a {@link Serialization} must write under the class name {@link #WIRE_NAME} with the fields
 * {@code exceptionClass}, {@code exceptionMessage} and {@code detailMessage}, as Dubbo's consumers
 * expect.
 */
public final class DubboGenericException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The class name Dubbo's providers write (GenericFilter, with Dubbo 2 compatibility, the default). */
  public static final String WIRE_NAME = "com.alibaba.dubbo.rpc.service.GenericException";

  /** The names read as this class (this one's own too: a serialization that writes it as it is). */
  static final Set<String> NAMES = Set.of(WIRE_NAME, "org.apache.dubbo.rpc.service.GenericException",
      DubboGenericException.class.getName());

  private String exceptionClass;
  private String exceptionMessage;

  public DubboGenericException() {}

  /** Describes {@code t} (no stack trace of its own: only class and message travel). */
  public DubboGenericException(Throwable t) {
    super(t.getMessage(), null, false, false);
    this.exceptionClass = t.getClass().getName();
    this.exceptionMessage = t.getMessage();
  }

  /** The class name of the exception the provider's method threw. */
  public String exceptionClass() {
    return exceptionClass;
  }

  /** Its message. */
  public String exceptionMessage() {
    return exceptionMessage != null ? exceptionMessage : getMessage();
  }

  /** {@code guard}, with Dubbo's GenericException names read as this class. */
  public static ClassGuard mapping(ClassGuard guard) {
    return new ClassGuard() {
      @Override
      public Class<?> load(String className) throws ClassRefusedException {
        return NAMES.contains(className) ? DubboGenericException.class : guard.load(className);
      }

      @Override
      public boolean allows(String className) {
        return NAMES.contains(className) || guard.allows(className);
      }
    };
  }
}
