package io.triple.bootstrap.spi;

import io.triple.bootstrap.management.ReferenceStatus;
import io.triple.bootstrap.management.ServiceStatus;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A read-only, live view of one {@code Dubbo} for its extensions: each call answers what is true
 * now (references made since, services taken offline), so a gauge that reads it at scrape time
 * sees what the status page and {@code ls} show. Safe from any thread; asks no registry over the
 * network.
 */
public interface ApplicationView {

  /** The exported services and where each is published now (empty before {@code start()}). */
  List<ServiceStatus> services();

  /** The references made so far, with the providers their clusters know now. */
  List<ReferenceStatus> references();

  /**
   * The executor handlers run on as given to {@code Dubbo.executor(..)}, or null when the servers
   * use their default (virtual threads on JDK 21+, else a pool each server makes for itself).
   */
  Executor handlerExecutor();
}
