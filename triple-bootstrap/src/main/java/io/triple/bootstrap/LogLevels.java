package io.triple.bootstrap;

import java.lang.reflect.Method;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code logging.level} from the configuration to triple-java's loggers ({@code
 * io.triple.*}). SLF4J has no API to set a level, so this talks to the backend behind it, by
 * reflection (none of them is a dependency): Logback, Log4j 2 and java.util.logging can change
 * a level at run time. slf4j-simple fixes each logger's level when the logger is created, before
 * any configuration is read; there it only says how to set the level instead, if it differs.
 */
final class LogLevels {
  static final String NAMESPACE = "io.triple";
  private static final Logger log = LoggerFactory.getLogger(LogLevels.class);

  private LogLevels() {}

  /** Sets {@code level} (TRACE, DEBUG, INFO, WARN or ERROR) on {@code io.triple}; never throws. */
  static void apply(String level) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    String backend = factory.getClass().getName();
    try {
      switch (backend) {
        case "ch.qos.logback.classic.LoggerContext" -> applyLogback(factory, level);
        case "org.apache.logging.slf4j.Log4jLoggerFactory" -> applyLog4j(level);
        case "org.slf4j.jul.JDK14LoggerFactory", "org.slf4j.impl.JDK14LoggerFactory" ->
            applyJul(level);
        default -> {
          if (!level.equals(effectiveLevel(LoggerFactory.getLogger(NAMESPACE)))) {
            log.warn("logging.level {} not applied: the SLF4J backend {} cannot change levels at"
                    + " run time; set it in its own configuration{}", level, backend,
                backend.equals("org.slf4j.simple.SimpleLoggerFactory")
                    ? " (-Dorg.slf4j.simpleLogger.log.io.triple=" + level.toLowerCase(Locale.ROOT)
                        + " or simplelogger.properties)"
                    : "");
          }
          return;
        }
      }
      log.debug("logging.level {} applied to {} ({})", level, NAMESPACE, backend);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("logging.level {} not applied to the SLF4J backend {}: {}", level, backend, e.toString());
    }
  }

  /** The most detailed level {@code logger} has enabled, as a level name. */
  static String effectiveLevel(Logger logger) {
    if (logger.isTraceEnabled()) {
      return "TRACE";
    } else if (logger.isDebugEnabled()) {
      return "DEBUG";
    } else if (logger.isInfoEnabled()) {
      return "INFO";
    } else if (logger.isWarnEnabled()) {
      return "WARN";
    }
    return "ERROR";
  }

  private static void applyLogback(ILoggerFactory context, String level)
      throws ReflectiveOperationException {
    Object logger = context.getClass().getMethod("getLogger", String.class).invoke(context, NAMESPACE);
    Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", true, context.getClass().getClassLoader());
    Object value = levelClass.getMethod("toLevel", String.class).invoke(null, level);
    logger.getClass().getMethod("setLevel", levelClass).invoke(logger, value);
  }

  private static void applyLog4j(String level) throws ReflectiveOperationException {
    ClassLoader loader = LogLevels.class.getClassLoader();
    Class<?> levelClass = Class.forName("org.apache.logging.log4j.Level", true, loader);
    Object value = levelClass.getMethod("toLevel", String.class).invoke(null, level);
    Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator", true, loader);
    Method setLevel = configurator.getMethod("setLevel", String.class, levelClass);
    setLevel.invoke(null, NAMESPACE, value);
  }

  /** java.util.logging names the levels differently; its handlers filter too (left as set). */
  static void applyJul(String level) {
    java.util.logging.Level jul = switch (level) {
      case "TRACE" -> java.util.logging.Level.FINEST;
      case "DEBUG" -> java.util.logging.Level.FINE;
      case "WARN" -> java.util.logging.Level.WARNING;
      case "ERROR" -> java.util.logging.Level.SEVERE;
      default -> java.util.logging.Level.INFO;
    };
    JUL_ROOT.setLevel(jul);
  }

  /** Held: java.util.logging keeps only weak references to loggers, and forgets their levels. */
  private static final java.util.logging.Logger JUL_ROOT = java.util.logging.Logger.getLogger(NAMESPACE);
}
