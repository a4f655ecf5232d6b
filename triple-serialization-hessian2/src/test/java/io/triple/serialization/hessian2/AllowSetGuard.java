package io.triple.serialization.hessian2;

import io.triple.pojo.spi.ClassGuard;
import io.triple.pojo.spi.ClassRefusedException;
import io.triple.pojo.spi.Gadgets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A strict guard for the tests: allows exactly the names given (arrays by their element), never a
 * gadget, and records every name it is asked about.
 */
class AllowSetGuard implements ClassGuard {
  private final Set<String> allowed;
  final List<String> asked = new CopyOnWriteArrayList<>();

  AllowSetGuard(Set<String> allowed) {
    this.allowed = allowed;
  }

  static AllowSetGuard of(Class<?>... classes) {
    return new AllowSetGuard(Set.of(Arrays.stream(classes).map(Class::getName).toArray(String[]::new)));
  }

  @Override
  public Class<?> load(String className) throws ClassRefusedException {
    asked.add(className);
    if (!allows(className)) {
      throw new ClassRefusedException(className, "not in the test's allow set");
    }
    try {
      return Class.forName(className, false, AllowSetGuard.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ClassRefusedException(className, "not found");
    }
  }

  @Override
  public boolean allows(String className) {
    return !Gadgets.isGadget(className) && allowed.contains(element(className));
  }

  private static String element(String name) {
    int dims = 0;
    while (dims < name.length() && name.charAt(dims) == '[') {
      dims++;
    }
    return dims > 0 && name.endsWith(";") ? name.substring(dims + 1, name.length() - 1) : name;
  }
}
