package io.triple.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import io.triple.Metadata;
import io.triple.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Calls over the JDK's HttpClient for the protocols our client channel does not speak:
 * Connect, gRPC-Web and Triple's plain HTTP, unary and server-streaming methods (client and
 * bidirectional streams need HTTP/2 end to end; gRPC carries them). Cleartext targets use
 * HTTP/1.1 (the JDK would otherwise try an h2c upgrade); TLS negotiates h2 or HTTP/1.1.
 */
final class HttpTransport implements CallTransport {
  private final Protocol protocol;
  private final HttpWire wire;
  private final String base;
  private final HttpClient client;
  private final String version;
  private final String group;

  HttpTransport(Protocol protocol, HttpWire wire, Target target, SSLContext tls, String authority) {
    if (authority != null) {
      throw new CliException("--authority works with --protocol grpc only (the JDK's HttpClient sets Host itself)");
    }
    this.protocol = protocol;
    this.wire = wire;
    this.base = (tls != null ? "https://" : "http://") + target.address();
    // Dubbo's service keys, as our gRPC channel sends them from the target's query.
    this.version = target.parameter("version");
    this.group = target.parameter("group");
    HttpClient.Builder b = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(20))
        .version(tls != null ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
    if (tls != null) {
      b.sslContext(tls);
    }
    this.client = b.build();
  }

  @Override
  public Outcome call(MethodDescriptor method, Metadata headers, Duration deadline,
      Iterator<DynamicMessage> requests, Responses responses) {
    if (method.isClientStreaming()) {
      throw new CliException("--protocol " + protocol.label + " carries unary and server-streaming methods only; "
          + method.getFullName() + " is a " + (method.isServerStreaming() ? "bidirectional" : "client")
          + "-streaming method: use --protocol grpc");
    }
    DynamicMessage message = requests.next();
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create(base + "/" + method.getService().getFullName() + "/" + method.getName()));
    request.header("user-agent", io.triple.client.TripleChannel.USER_AGENT);
    for (Metadata.Entry e : headers) {
      request.header(e.key(), e.isBinary()
          ? Base64.getEncoder().withoutPadding().encodeToString((byte[]) e.value()) : e.textValue());
    }
    if (version != null) {
      request.header("tri-service-version", version);
    }
    if (group != null) {
      request.header("tri-service-group", group);
    }
    if (deadline != null) {
      request.timeout(deadline);
    }
    wire.prepare(request, method, message, deadline);
    try {
      HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try {
        return wire.read(response, method, responses);
      } finally {
        response.body().close(); // frees the connection, also when the answer was not read to its end
      }
    } catch (HttpTimeoutException e) {
      return new Outcome(Status.DEADLINE_EXCEEDED.withDescription("No answer within the deadline " + deadline), new Metadata());
    } catch (ConnectException e) {
      return new Outcome(Status.UNAVAILABLE.withDescription("Cannot connect to " + base + ": "
          + (e.getMessage() == null ? "connection refused" : e.getMessage())), new Metadata());
    } catch (SSLException e) {
      return new Outcome(Status.UNAVAILABLE.withDescription("TLS handshake with " + base + " failed: " + e.getMessage()), new Metadata());
    } catch (IOException e) {
      return new Outcome(Status.UNAVAILABLE.withDescription("HTTP call to " + base + " failed: " + e), new Metadata());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted");
    }
  }

  @Override
  public void close() {
    // HttpClient has no close before JDK 21; its threads are daemons.
  }
}
