package io.triple.cli;

import io.triple.Status;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The exit codes and the status output, as grpcurl has them so scripts written for it keep
 * working: 0 success, 1 any other failure, 2 bad usage, 64 + the gRPC code when a call fails
 * (NOT_FOUND 69, DEADLINE_EXCEEDED 68, UNAVAILABLE 78).
 */
final class ExitCodes {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;
  static final int STATUS_OFFSET = 64;

  private ExitCodes() {}

  static int forStatus(Status status) {
    return status.isOk() ? OK : STATUS_OFFSET + status.code().value();
  }

  /** grpcurl's block on stderr: {@code ERROR:\n  Code: NotFound\n  Message: ...}. */
  static void printStatus(PrintWriter err, Status status) {
    err.println("ERROR:");
    err.println("  Code: " + codeName(status.code()));
    err.println("  Message: " + (status.description() == null ? "" : status.description()));
    err.flush();
  }

  /** The code as gRPC-Go spells it (what grpcurl prints): NOT_FOUND is NotFound. */
  static String codeName(Status.Code code) {
    if (code == Status.Code.CANCELLED) {
      return "Canceled";
    }
    StringBuilder b = new StringBuilder();
    for (String part : code.name().split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }
}
