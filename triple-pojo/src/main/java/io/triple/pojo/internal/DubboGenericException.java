package io.triple.pojo.internal;

import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import java.util.Set;

/**
 * What a caller reads in place of Apache Dubbo's {@code com.alibaba.dubbo.rpc.service.GenericException}
 * (or {@code org.apache.dubbo.rpc.service.GenericException}): Dubbo's providers answer a generic
 * call's exception with one of those (GenericFilter), naming the real exception's class and
 * message in {@code exceptionClass} and {@code exceptionMessage}. Neither class is on our class
 * path, so the read of a business exception maps their names to this class (fields are filled by
 * name, in hessian2 and fastjson2 alike); {@link ClientMethods} then throws what it describes.
 */
public final class DubboGenericException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The class names Dubbo writes for its GenericException. */
  static final Set<String> NAMES = Set.of(
      "com.alibaba.dubbo.rpc.service.GenericException", "org.apache.dubbo.rpc.service.GenericException");

  private String exceptionClass;
  private String exceptionMessage;

  public DubboGenericException() {}

  /** The class name of the exception the provider's method threw. */
  String exceptionClass() {
    return exceptionClass;
  }

  /** Its message. */
  String exceptionMessage() {
    return exceptionMessage != null ? exceptionMessage : getMessage();
  }

  /** {@code guard}, with Dubbo's GenericException names read as this class. */
  static ClassGuard mapping(ClassGuard guard) {
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
