package io.triple.spring.boot;

import io.triple.config.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Startup failure report for a bad {@code dubbo.*} key: the message, which names the key, and what to do. */
final class ConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
    String action = cause.keyPath() == null
        ? "Fix the dubbo.* configuration (application.yml, application.properties or the environment)."
        : "Fix " + cause.keyPath() + " in application.yml, application.properties or the environment"
            + " (see docs/config.md for its type and default).";
    return new FailureAnalysis("triple-java configuration error: " + cause.getMessage(), action, cause);
  }
}
