package io.triple.bench;

import io.triple.bench.proto.SoakMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One soak call: sends its numbered requests, checks every response as it arrives ({@link
 * SeqCheck}) and completes with what it saw, including the violations the provider found in the
 * requests (a DATA_LOSS status, see {@link SoakServiceImpl}).
 */
final class SoakCall {
  enum Kind {
    UNARY,
    CLIENT_STREAM,
    SERVER_STREAM,
    BIDI
  }

  /** The most messages a stream carries in one direction. */
  static final int MAX_MESSAGES = 32;

  /**
   * What one call saw. {@code code}: the status code's name, or {@code THREW} if starting the
   * call threw; {@code requests}: violations the provider found, {@code responses}: those the
   * client found (lost messages only count for calls that ended OK).
   */
  record Result(Kind kind, String code, long sent, long received, Violations requests,
      Violations responses, long startNanos, long endNanos) {
    boolean ok() {
      return code.equals("OK");
    }
  }

  private SoakCall() {}

  /** Starts a call of {@code kind}; the future completes when the call has ended. */
  static CompletableFuture<Result> start(SoakClient client, String clientId, long callId, Kind kind) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int n = 1 + random.nextInt(MAX_MESSAGES);
    int bodySize = SoakMessages.randomBodySize();
    int requests = kind == Kind.CLIENT_STREAM || kind == Kind.BIDI ? n : 1;
    int responses = kind == Kind.SERVER_STREAM || kind == Kind.BIDI ? n : 1;
    long start = System.nanoTime();
    CompletableFuture<Result> done = new CompletableFuture<>();
    SeqCheck check = new SeqCheck(clientId, callId).expecting(responses);
    SoakClient.Responses observer =
        new SoakClient.Responses() {
          /** Client streaming: how many distinct requests the provider says it received. */
          private int providerCount = -1;

          @Override
          public void onNext(SoakMessage message) {
            check.accept(message);
            if (kind == Kind.CLIENT_STREAM) {
              providerCount = message.getCount();
            }
          }

          @Override
          public void onClose(String code, String description) {
            boolean ok = code.equals("OK");
            Violations found = code.equals("DATA_LOSS") ? Violations.parse(description) : null;
            Violations requestSide = found != null ? found : Violations.NONE;
            if (ok && providerCount >= 0 && providerCount != requests) {
              requestSide = requestSide.plus(
                  new Violations(Math.max(0, requests - providerCount), 0, 0, 0, 0));
            }
            done.complete(new Result(kind, code, requests, check.received(), requestSide,
                check.violations(ok), start, System.nanoTime()));
          }
        };
    try {
      switch (kind) {
        case UNARY -> client.unary(SoakMessages.message(clientId, callId, 0, 1, bodySize).build(), observer);
        case SERVER_STREAM -> client.serverStream(
            SoakMessages.message(clientId, callId, 0, n, 0).setBodySize(bodySize).build(), observer);
        case CLIENT_STREAM -> sendAll(client.clientStream(observer), clientId, callId, n, bodySize);
        case BIDI -> sendAll(client.bidi(observer), clientId, callId, n, bodySize);
      }
    } catch (RuntimeException e) {
      // Starting a call should report failures through the observer; a throw is counted apart.
      done.complete(new Result(kind, "THREW " + e.getClass().getSimpleName(), requests, 0,
          Violations.NONE, Violations.NONE, start, System.nanoTime()));
    }
    return done;
  }

  private static void sendAll(SoakClient.Requests out, String clientId, long callId, int n, int bodySize) {
    for (int seq = 0; seq < n; seq++) {
      out.send(SoakMessages.message(clientId, callId, seq, n, bodySize).build());
    }
    out.complete();
  }
}
