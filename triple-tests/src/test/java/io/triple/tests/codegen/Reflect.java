package io.triple.tests.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reflection helpers for checking the shape of generated classes. */
final class Reflect {
  private Reflect() {}

  static Method method(Class<?> c, String name, Class<?>... params) {
    try {
      return c.getMethod(name, params);
    } catch (NoSuchMethodException e) {
      return fail("no method " + c.getSimpleName() + "." + name + Arrays.toString(params)
          + "; has " + Arrays.stream(c.getMethods()).map(Method::getName).sorted().toList());
    }
  }

  /** Asserts the method exists, is public and has this generic return type (toString form). */
  static Method assertMethod(Class<?> c, String returnType, String name, Class<?>... params) {
    Method m = method(c, name, params);
    assertTrue(Modifier.isPublic(m.getModifiers()), name + " is public");
    assertEquals(returnType, typeName(m.getGenericReturnType()), name + " return type");
    return m;
  }

  static String typeName(Type t) {
    if (t instanceof Class<?> c) {
      return c.getName();
    }
    if (t instanceof ParameterizedType p) {
      StringBuilder b = new StringBuilder(typeName(p.getRawType())).append('<');
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < args.length; i++) {
        b.append(i == 0 ? "" : ", ").append(typeName(args[i]));
      }
      return b.append('>').toString();
    }
    return t.getTypeName();
  }

  /** Names of the public methods a class declares itself, sorted. */
  static List<String> declaredPublicMethods(Class<?> c) {
    return Arrays.stream(c.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
        .map(Method::getName)
        .sorted()
        .toList();
  }

  /** A generated source file, read from the module's generated-test-sources directory. */
  static String generatedSource(String relativePath) throws IOException {
    Path p = Path.of("target/generated-test-sources/protobuf").resolve(relativePath);
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
