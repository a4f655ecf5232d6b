package io.triple.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.triple.Metadata;
import io.triple.Status;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The Connect protocol with protobuf bodies: unary calls as a bare message
 * ({@code application/proto}, errors as a JSON body), server streams as envelopes
 * ({@code application/connect+proto}) ending with a JSON end-of-stream envelope (flag 0x02).
 */
final class ConnectWire implements HttpWire {
  @Override
  public void prepare(HttpRequest.Builder request, MethodDescriptor method, DynamicMessage message, Duration deadline) {
    request.header("connect-protocol-version", "1");
    if (deadline != null) {
      request.header("connect-timeout-ms", String.valueOf(Math.max(1, deadline.toMillis())));
    }
    byte[] body = message.toByteArray();
    if (method.isServerStreaming()) {
      request.header("content-type", "application/connect+proto");
      body = HttpAnswers.envelope(body);
    } else {
      request.header("content-type", "application/proto");
    }
    request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  @Override
  public CallTransport.Outcome read(HttpResponse<InputStream> response, MethodDescriptor method,
      CallTransport.Responses responses) throws IOException {
    Metadata trailers = new Metadata();
    Metadata headers = HttpAnswers.metadata(response.headers(), trailers);
    if (response.statusCode() != 200) {
      String body = HttpAnswers.readAll(response.body());
      return new CallTransport.Outcome(error(HttpAnswers.struct(body), response.statusCode(), body, headers), trailers);
    }
    responses.onHeaders(headers);
    if (!method.isServerStreaming()) {
      responses.onMessage(DynamicMessage.parseFrom(method.getOutputType(), response.body().readAllBytes()));
      return new CallTransport.Outcome(Status.OK, trailers);
    }
    DataInputStream in = new DataInputStream(response.body());
    HttpAnswers.Envelope e;
    while ((e = HttpAnswers.readEnvelope(in)) != null) {
      if ((e.flags() & 0x02) != 0) {
        return endOfStream(new String(e.data(), StandardCharsets.UTF_8));
      }
      if ((e.flags() & 0x01) != 0) {
        return new CallTransport.Outcome(Status.INTERNAL.withDescription("A compressed message, which was not asked for"), trailers);
      }
      responses.onMessage(DynamicMessage.parseFrom(method.getOutputType(), e.data()));
    }
    return new CallTransport.Outcome(Status.INTERNAL.withDescription("The stream ended without an end-of-stream message"), trailers);
  }

  /** {@code {"error":{"code":"...","message":"..."},"metadata":{"k":["v"]}}}; {@code {}} for success. */
  private static CallTransport.Outcome endOfStream(String json) {
    Struct end = HttpAnswers.struct(json);
    Metadata trailers = new Metadata();
    if (end == null) {
      return new CallTransport.Outcome(Status.INTERNAL.withDescription("Invalid end-of-stream message: " + json), trailers);
    }
    Value meta = end.getFieldsMap().get("metadata");
    if (meta != null && meta.hasStructValue()) {
      for (Map.Entry<String, Value> kv : meta.getStructValue().getFieldsMap().entrySet()) {
        for (Value v : kv.getValue().getListValue().getValuesList()) {
          trailers.addFromWire(kv.getKey(), v.getStringValue());
        }
      }
    }
    Value error = end.getFieldsMap().get("error");
    if (error == null || !error.hasStructValue()) {
      return new CallTransport.Outcome(Status.OK, trailers);
    }
    return new CallTransport.Outcome(error(error.getStructValue(), 200, json, null), trailers);
  }

  private static Status error(Struct body, int httpStatus, String text, Metadata headers) {
    Status.Code code = HttpAnswers.connectCode(HttpAnswers.string(body, "code"));
    if (code != null) {
      String message = HttpAnswers.string(body, "message");
      return message == null || message.isEmpty() ? Status.fromCode(code) : Status.fromCode(code).withDescription(message);
    }
    Status fromHeaders = headers == null ? null : HttpAnswers.grpcStatus(headers);
    return fromHeaders != null ? fromHeaders : HttpAnswers.fromHttpStatus(httpStatus, text);
  }
}
