package io.triple.bench;

import io.triple.bench.proto.ProcessStats;
import io.triple.bench.proto.SoakMessage;

/**
 * The soak's four call kinds, made by our client ({@link SoakClients#ours}) or grpc-java's
 * ({@link SoakClients#grpc}) with the framework's defaults, and every call with a deadline.
 */
interface SoakClient extends AutoCloseable {
  /** Receives one call's responses, then its end, from the framework's threads. */
  interface Responses {
    void onNext(SoakMessage message);

    /** Called once. {@code code}: the gRPC status code's name ("OK", "UNAVAILABLE", ...). */
    void onClose(String code, String description);
  }

  /** The request side of a client-streaming or bidi call. */
  interface Requests {
    void send(SoakMessage message);

    void complete();
  }

  /** "ours" or "grpc". */
  String kind();

  void unary(SoakMessage request, Responses responses);

  Requests clientStream(Responses responses);

  void serverStream(SoakMessage request, Responses responses);

  Requests bidi(Responses responses);

  /** The provider's resources after a full GC (a blocking call). */
  ProcessStats providerStats() throws Exception;

  @Override
  void close();
}
