package io.triple.cli;

import com.google.protobuf.DynamicMessage;
import io.triple.Metadata;
import java.io.PrintWriter;

/**
 * Prints a call's messages to stdout, one JSON object per line (or indented with
 * {@code --pretty}), flushed one by one so streams show as they arrive; with {@code -v} the
 * headers and trailers go to stderr, as grpcurl's verbose labels them.
 */
final class ResponsePrinter implements CallTransport.Responses {
  private final PrintWriter out;
  private final PrintWriter err;
  private final JsonMessages json;
  private final boolean verbose;
  private final boolean pretty;
  private int count;

  ResponsePrinter(PrintWriter out, PrintWriter err, JsonMessages json, boolean verbose, boolean pretty) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.verbose = verbose;
    this.pretty = pretty;
  }

  @Override
  public void onHeaders(Metadata headers) {
    if (verbose) {
      printMetadata("Response headers received:", headers);
    }
  }

  @Override
  public void onMessage(DynamicMessage message) {
    count++;
    out.println(json.print(message, pretty));
    out.flush();
  }

  void onEnd(Metadata trailers) {
    if (verbose) {
      printMetadata("Response trailers received:", trailers);
      err.println("Received " + count + " response" + (count == 1 ? "" : "s"));
      err.flush();
    }
  }

  private void printMetadata(String title, Metadata m) {
    err.println(title);
    if (m.keys().stream().allMatch(k -> k.equals("grpc-status") || k.equals("grpc-message"))) {
      err.println("(empty)");
    }
    for (Metadata.Entry e : m) {
      if (e.key().equals("grpc-status") || e.key().equals("grpc-message")) {
        continue; // The status is shown on its own (ERROR:), as grpcurl does.
      }
      err.println(e.key() + ": " + (e.isBinary()
          ? java.util.Base64.getEncoder().encodeToString((byte[]) e.value()) : e.textValue()));
    }
    err.println();
    err.flush();
  }
}
