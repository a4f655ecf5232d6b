package io.triple.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import io.triple.Metadata;
import io.triple.Status;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * gRPC-Web, binary form ({@code application/grpc-web+proto}): gRPC's envelopes both ways, the
 * trailers as a last envelope flagged 0x80 holding an HTTP/1 header block.
 */
final class GrpcWebWire implements HttpWire {
  @Override
  public void prepare(HttpRequest.Builder request, MethodDescriptor method, DynamicMessage message, Duration deadline) {
    request.header("content-type", "application/grpc-web+proto");
    request.header("x-grpc-web", "1");
    if (deadline != null) {
      request.header("grpc-timeout", Math.max(1, deadline.toMillis()) + "m");
    }
    request.POST(HttpRequest.BodyPublishers.ofByteArray(HttpAnswers.envelope(message.toByteArray())));
  }

  @Override
  public CallTransport.Outcome read(HttpResponse<InputStream> response, MethodDescriptor method,
      CallTransport.Responses responses) throws IOException {
    Metadata headers = HttpAnswers.metadata(response.headers(), null);
    Status trailersOnly = HttpAnswers.grpcStatus(headers);
    if (response.statusCode() != 200) {
      String body = HttpAnswers.readAll(response.body());
      return new CallTransport.Outcome(trailersOnly != null ? trailersOnly
          : HttpAnswers.fromHttpStatus(response.statusCode(), body), new Metadata());
    }
    if (trailersOnly != null) {
      response.body().readAllBytes();
      return new CallTransport.Outcome(trailersOnly, headers);
    }
    responses.onHeaders(headers);
    DataInputStream in = new DataInputStream(response.body());
    HttpAnswers.Envelope e;
    while ((e = HttpAnswers.readEnvelope(in)) != null) {
      if ((e.flags() & 0x80) != 0) {
        Metadata trailers = headerBlock(new String(e.data(), StandardCharsets.UTF_8));
        Status status = HttpAnswers.grpcStatus(trailers);
        trailers.remove("grpc-status");
        trailers.remove("grpc-message");
        return new CallTransport.Outcome(status == null ? Status.INTERNAL.withDescription("No grpc-status in the trailers") : status, trailers);
      }
      responses.onMessage(DynamicMessage.parseFrom(method.getOutputType(), e.data()));
    }
    return new CallTransport.Outcome(Status.INTERNAL.withDescription("The answer ended without trailers"), new Metadata());
  }

  /** {@code key: value\r\n} lines. */
  private static Metadata headerBlock(String block) {
    Metadata m = new Metadata();
    for (String line : block.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        m.addFromWire(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
      }
    }
    return m;
  }
}
