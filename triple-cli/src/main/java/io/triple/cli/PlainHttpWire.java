package io.triple.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Struct;
import io.triple.Metadata;
import io.triple.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Triple's plain HTTP calls, as curl makes them: {@code POST /service/method} with the request
 * as JSON; the answer is the response as JSON, or server-sent events ({@code data:} lines) for a
 * server stream; errors carry {@code grpc-status} headers and a JSON body.
 */
final class PlainHttpWire implements HttpWire {
  /** Apache Dubbo's error event: {@code {"message":"CODE : description","status":"400"}}. */
  private static final Pattern DUBBO_ERROR = Pattern.compile("([A-Z_]+)(?: : (.*))?", Pattern.DOTALL);

  private final Supplier<JsonMessages> json;

  PlainHttpWire(Supplier<JsonMessages> json) {
    this.json = json;
  }

  @Override
  public void prepare(HttpRequest.Builder request, MethodDescriptor method, DynamicMessage message, Duration deadline) {
    request.header("content-type", "application/json");
    if (deadline != null) {
      request.header("tri-service-timeout", String.valueOf(Math.max(1, deadline.toMillis())));
    }
    request.POST(HttpRequest.BodyPublishers.ofString(json.get().print(message, false)));
  }

  @Override
  public CallTransport.Outcome read(HttpResponse<InputStream> response, MethodDescriptor method,
      CallTransport.Responses responses) throws IOException {
    Metadata trailers = new Metadata();
    Metadata headers = HttpAnswers.metadata(response.headers(), trailers);
    if (response.statusCode() != 200) {
      String body = HttpAnswers.readAll(response.body());
      Status s = HttpAnswers.grpcStatus(headers);
      if (s == null) {
        Struct error = HttpAnswers.struct(body);
        Status.Code code = HttpAnswers.connectCode(HttpAnswers.string(error, "code"));
        s = code != null ? Status.fromCode(code).withDescription(HttpAnswers.string(error, "message"))
            : HttpAnswers.fromHttpStatus(response.statusCode(), body);
      }
      return new CallTransport.Outcome(s, trailers);
    }
    responses.onHeaders(headers);
    String type = headers.get("content-type");
    if (type == null || !type.startsWith("text/event-stream")) {
      responses.onMessage(json.get().parse(HttpAnswers.readAll(response.body()), method.getOutputType()));
      return new CallTransport.Outcome(Status.OK, trailers);
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    StringBuilder data = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.startsWith("data:")) {
        data.append(data.length() == 0 ? "" : "\n").append(line.substring(line.startsWith("data: ") ? 6 : 5));
      } else if (line.isEmpty() && data.length() > 0) {
        Status error = dubboError(data.toString());
        if (error != null) {
          return new CallTransport.Outcome(error, trailers);
        }
        responses.onMessage(json.get().parse(data.toString(), method.getOutputType()));
        data.setLength(0);
      }
    }
    // The JDK's HttpClient does not show HTTP trailers: the handler's trailers are not printed.
    return new CallTransport.Outcome(Status.OK, trailers);
  }

  /** The status of Dubbo's error event, or null if {@code data} is a message. */
  private static Status dubboError(String data) {
    Struct s = HttpAnswers.struct(data);
    if (s == null || s.getFieldsCount() != 2 || !s.containsFields("message") || !s.containsFields("status")) {
      return null;
    }
    Matcher m = DUBBO_ERROR.matcher(HttpAnswers.string(s, "message"));
    if (!m.matches()) {
      return null;
    }
    try {
      Status st = Status.fromCode(Status.Code.valueOf(m.group(1)));
      return m.group(2) == null ? st : st.withDescription(m.group(2));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
