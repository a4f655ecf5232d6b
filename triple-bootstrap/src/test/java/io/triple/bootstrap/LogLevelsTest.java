package io.triple.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** logging.level reaches the backend, or the log says why not and how to set it. */
class LogLevelsTest {
  /** These tests run on slf4j-simple, which cannot change a level once its loggers exist. */
  private static String applyOnSimpleLogger(String level) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LogLevels.apply(level);
    } finally {
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void simpleLoggerSaysHowToSetALevelItCannotApply() {
    String current = LogLevels.effectiveLevel(LoggerFactory.getLogger(LogLevels.NAMESPACE));
    String other = current.equals("DEBUG") ? "WARN" : "DEBUG";
    String out = applyOnSimpleLogger(other);
    assertTrue(out.contains("logging.level " + other + " not applied"), out);
    assertTrue(out.contains("-Dorg.slf4j.simpleLogger.log.io.triple=" + other.toLowerCase()), out);
    assertFalse(applyOnSimpleLogger(current).contains("not applied"),
        "the level in force is the one asked for: nothing to say");
  }

  @Test
  void javaUtilLoggingLevelsAreMapped() {
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(LogLevels.NAMESPACE);
    java.util.logging.Level before = jul.getLevel();
    try {
      LogLevels.applyJul("DEBUG");
      assertEquals(java.util.logging.Level.FINE, jul.getLevel());
      LogLevels.applyJul("WARN");
      assertEquals(java.util.logging.Level.WARNING, jul.getLevel());
    } finally {
      jul.setLevel(before);
    }
  }
}
