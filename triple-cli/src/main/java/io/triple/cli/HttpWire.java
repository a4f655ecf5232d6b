package io.triple.cli;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One HTTP protocol's request and answer formats (Connect, gRPC-Web, Triple's plain HTTP). */
interface HttpWire {
  /** Sets the content type, protocol and deadline headers and the body of the request. */
  void prepare(HttpRequest.Builder request, MethodDescriptor method, DynamicMessage message, Duration deadline);

  /** Reads the answer, handing headers and messages to {@code responses} as they arrive. */
  CallTransport.Outcome read(HttpResponse<InputStream> response, MethodDescriptor method,
      CallTransport.Responses responses) throws IOException;
}
