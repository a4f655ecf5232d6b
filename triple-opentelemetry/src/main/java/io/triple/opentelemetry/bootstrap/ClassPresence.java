package io.triple.opentelemetry.bootstrap;

import java.util.function.Predicate;

/** Whether a class of an optional dependency is on the class path (tests pretend it is not). */
final class ClassPresence implements Predicate<String> {
  static final String SDK = "io.opentelemetry.sdk.trace.SdkTracerProvider";
  static final String OTLP = "io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter";
  static final String B3 = "io.opentelemetry.extension.trace.propagation.B3Propagator";

  static final Predicate<String> CLASS_PATH = new ClassPresence();

  private ClassPresence() {}

  @Override
  public boolean test(String className) {
    try {
      Class.forName(className, false, ClassPresence.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
