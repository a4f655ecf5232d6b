package io.triple.internal;

import io.triple.CallOptions;
import io.triple.Deadline;
import io.triple.ServerContext;

/** For transports: the deadline a call being started has. */
public final class CallDeadlines {
  private CallDeadlines() {}

  /**
   * The call's own deadline ({@link CallOptions#effectiveDeadline()}, may be null) or, for a call
   * made while serving another on this thread, the earlier of it and that call's deadline: a
   * chain of services never outlives the original caller's deadline.
   */
  public static Deadline forNewCall(CallOptions options) {
    Deadline d = options.effectiveDeadline();
    ServerContext parent = ServerContext.currentOrNull();
    if (parent != null && parent.deadline() != null) {
      d = parent.deadline().minimum(d);
    }
    return d;
  }
}
