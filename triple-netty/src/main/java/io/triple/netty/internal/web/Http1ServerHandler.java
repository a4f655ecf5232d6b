package io.triple.netty.internal.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.ReferenceCountUtil;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.Status;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.server.ConnectionLifetime;
import io.triple.netty.internal.server.CorsPolicy;
import io.triple.netty.internal.server.FramedCall;
import io.triple.netty.internal.server.RequestAdmission;
import io.triple.netty.internal.server.ServerStreamSettings;
import io.triple.netty.internal.wire.Dialect;
import io.triple.netty.internal.wire.GrpcHeaders;
import io.triple.netty.internal.wire.HttpErrors;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triple over HTTP/1.1: calls with a bare {@code application/json} or {@code application/proto}
 * body, as the Triple spec allows (curl, browsers, plain HTTP clients), and the enveloped
 * Connect and gRPC-Web calls ({@link Dialect} lists the content types). Behind Netty's
 * {@code HttpServerCodec} and {@link #aggregator}: a plain-HTTP request is gathered whole, within
 * the message size limit, and runs as a {@link PlainHttpCall} ({@link Http1PlainExchange}); a
 * request in a framed dialect (Connect, gRPC-Web binary or text) is not gathered: its call, the same
 * {@link FramedCall} as on HTTP/2, starts on the headers and takes the body chunk by chunk
 * ({@link Http1FramedExchange}).
 *
 * <p>HTTP/1.1 answers in request order, so one call runs at a time per connection. Reading goes
 * on while it runs (a client that closes the connection cancels its call); a pipelined request
 * that arrives meanwhile waits its turn, and reading pauses until it has run. Server-streaming
 * methods called with JSON answer server-sent events in a chunked response; Connect and gRPC-Web
 * serve unary, client- and server-streaming methods; bidirectional streaming needs HTTP/2 and is
 * refused.
 */
public final class Http1ServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Http1ServerHandler.class);

  private final MethodRegistry registry;
  private final ServerStreamSettings settings;
  private final ConnectionLifetime lifetime; // null: no idle or age limit
  /** What was read while a call runs, from the next request on, in order. */
  private final ArrayDeque<HttpObject> waiting = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Http1Exchange current;
  /** The framed exchange that takes the body chunks read now, until the last one. */
  private Http1FramedExchange body;
  private boolean closing; // graceful shutdown: the call in flight is answered, then close

  public Http1ServerHandler(MethodRegistry registry, ServerStreamSettings settings, ConnectionLifetime lifetime) {
    this.registry = registry;
    this.settings = settings;
    this.lifetime = lifetime;
  }

  /**
   * The aggregator to put before this handler: it gathers plain-HTTP requests whole (larger than
   * {@code maxBody}: 413) and lets framed ones through as they come.
   */
  public static ChannelHandler aggregator(int maxBody) {
    return new HttpObjectAggregator(maxBody) {
      @Override
      protected boolean isStartMessage(HttpObject msg) throws Exception {
        return super.isStartMessage(msg) && !(msg instanceof HttpRequest r && streamsBody(r));
      }
    };
  }

  /** Whether {@code request} is in a framed dialect, whose body its call reads as it comes. */
  private static boolean streamsBody(HttpRequest request) {
    Dialect dialect = Dialect.framed(request.headers().get(HttpHeaderNames.CONTENT_TYPE));
    return dialect != null && dialect.statusInBody();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HttpObject o) || (closing && body == null)) {
      ReferenceCountUtil.release(msg); // (closing: the client sees the connection close unanswered)
      return;
    }
    if (!waiting.isEmpty() || (current != null && o instanceof HttpRequest)) {
      waiting.add(o);
      updateAutoRead();
      return;
    }
    handle(o);
  }

  /** A request's start, or a piece of the body being read. */
  private void handle(HttpObject msg) {
    if (msg instanceof HttpRequest request) {
      serve(request);
    } else if (msg instanceof HttpContent content) {
      Http1FramedExchange b = body;
      if (b == null) {
        content.release(); // a body nobody reads (the request was answered without it)
        return;
      }
      boolean last = content instanceof LastHttpContent;
      if (content.decoderResult().isFailure()) {
        content.release();
        log.debug("Malformed HTTP/1.1 request body from {}: {}", ctx.channel().remoteAddress(),
            content.decoderResult().cause().toString());
        ctx.close(); // the call is cancelled as the connection goes
        return;
      }
      if (last) {
        body = null;
      }
      b.onContent(content.content(), last);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void serve(HttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    Http1PlainExchange exchange = new Http1PlainExchange(this, ctx, keepAlive);
    current = exchange;
    if (lifetime != null) {
      lifetime.callStarted();
    }
    try {
      if (request.decoderResult().isFailure()) {
        exchange.keepAlive = false;
        exchange.reject(400, Status.INVALID_ARGUMENT.withDescription(
            "Malformed HTTP request: " + request.decoderResult().cause()));
        return;
      }
      Http2Headers headers = toHttp2Headers(request);
      exchange.cors = settings.cors().responseHeaders(headers.get("origin"));
      exchange.numericStatus = HttpErrors.numericStatus(headers);
      if (HttpMethod.OPTIONS.equals(request.method()) && settings.cors().enabled()) {
        Http2Headers answer = settings.cors().preflight(headers);
        if (answer == null) {
          exchange.reject(403, CorsPolicy.refusal(headers));
        } else {
          exchange.respond(answer, Unpooled.EMPTY_BUFFER, ok -> {});
        }
        return;
      }
      if (!HttpMethod.POST.equals(request.method())) {
        exchange.reject(405, Status.UNIMPLEMENTED.withDescription("Method '" + request.method()
            + "' is not supported: Triple calls are POST /package.Service/Method"));
        return;
      }
      CharSequence contentType = headers.get(GrpcHeaders.CONTENT_TYPE);
      Dialect framed = Dialect.framed(contentType);
      if (framed != null && framed.statusInBody()) {
        serveFramed(request, headers, framed, keepAlive);
        return;
      }
      Dialect dialect = Dialect.plain(contentType);
      if (dialect == null) {
        exchange.reject(415, Status.INTERNAL.withDescription("Content-Type '" + contentType
            + "' is not supported over HTTP/1.1: expected application/json or application/proto"
            + " (or Connect's application/connect+proto|json, gRPC-Web's application/grpc-web[-text])"
            + (GrpcHeaders.isGrpcContentType(contentType) ? " (gRPC needs HTTP/2)" : "")));
        return;
      }
      if (!(request instanceof FullHttpRequest full)) {
        throw new IllegalStateException("a plain-HTTP request reached the handler ungathered");
      }
      PlainHttpCall.Route route;
      try {
        route = PlainHttpCall.route(headers, dialect, registry, settings.cors());
      } catch (PlainHttpCall.Rejected e) {
        exchange.reject(e.httpStatus, e.status);
        return;
      }
      exchange.call = route.start(full.content().retain(), settings, exchange);
    } finally {
      ReferenceCountUtil.release(request);
    }
  }

  /**
   * A Connect or gRPC-Web request: admitted as on HTTP/2 ({@link RequestAdmission#framed}), then
   * its {@link FramedCall} starts and the body's chunks go to it as they are read.
   */
  private void serveFramed(HttpRequest request, Http2Headers headers, Dialect dialect, boolean keepAlive) {
    Http1FramedExchange exchange = new Http1FramedExchange(this, ctx, keepAlive);
    current = exchange;
    RequestAdmission.Verdict verdict = RequestAdmission.framed(headers, dialect, registry, settings.cors(), true);
    if (verdict instanceof RequestAdmission.Refusal r) {
      exchange.refuse(r.status(), r.dialect(), r.cors());
      return; // the body, if any, is read and dropped
    }
    RequestAdmission.Admitted<?, ?> admitted = (RequestAdmission.Admitted<?, ?>) verdict;
    MethodDescriptor<?, ?> method = admitted.definition().method();
    if (method.type() == MethodType.BIDI_STREAMING) {
      exchange.refuse(Status.UNIMPLEMENTED.withDescription("Method " + method.fullMethodName()
          + " is bidi-streaming: over HTTP/1.1, " + dialect.contentType + " calls serve unary,"
          + " client-streaming and server-streaming methods; use HTTP/2 for bidi streams"), dialect, admitted.cors());
      return;
    }
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
    exchange.start(admitted, headers, settings);
    if (request instanceof FullHttpRequest full) { // (not gathered by our aggregator; by another one)
      exchange.onContent(full.content().retain(), true);
    } else {
      body = exchange;
    }
  }

  /**
   * The request's headers as HTTP/2 would carry them (lower-case names, {@code :path} without
   * its query, {@code :authority}), so routing and metadata work as for HTTP/2 requests. Headers
   * that only concern this HTTP/1.1 connection are left out.
   */
  private static Http2Headers toHttp2Headers(HttpRequest request) {
    String path = request.uri();
    int query = path.indexOf('?');
    Http2Headers h = new DefaultHttp2Headers(false)
        .method(request.method().asciiName())
        .path(query < 0 ? path : path.substring(0, query))
        .scheme(GrpcHeaders.HTTP);
    for (Map.Entry<String, String> e : request.headers()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      switch (name) {
        case "host" -> h.authority(e.getValue());
        case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade",
            "http2-settings", "te", "expect", "content-length" -> { }
        default -> h.add(name, e.getValue());
      }
    }
    return h;
  }

  /**
   * Graceful shutdown (any thread): the call in flight, if any, is answered with
   * {@code connection: close}, then the connection closes; requests not started yet are not
   * answered (an HTTP/1.1 client retries those on a new connection).
   */
  public void shutdownGracefully() {
    ctx.executor().execute(() -> {
      closing = true;
      releaseWaiting();
      if (current == null) {
        ctx.close();
      } else {
        current.keepAlive = false;
      }
    });
  }

  /** The answer to {@code exchange} is written: the next request may run. */
  void finished(Http1Exchange exchange) {
    if (current != exchange) {
      return;
    }
    current = null;
    if (closing) {
      ctx.close(); // (the answer may have left before the shutdown began, without connection: close)
      return;
    }
    if (!exchange.keepAlive) {
      return; // the write's listener closes the connection
    }
    // What was read meanwhile: the rest of a body nobody reads, the next request and its body.
    while (!waiting.isEmpty() && !(current != null && waiting.peek() instanceof HttpRequest)) {
      handle(waiting.poll());
    }
    if (current == null && lifetime != null) {
      lifetime.callsEnded();
    }
    updateAutoRead();
  }

  /**
   * Reads on while nothing waits its turn and the body being read is not held up by its call
   * ({@link Http1FramedExchange#readPaused}); event loop.
   */
  void updateAutoRead() {
    boolean read = waiting.isEmpty() && (body == null || !body.readPaused());
    if (ctx.channel().config().isAutoRead() != read) {
      ctx.channel().config().setAutoRead(read);
      if (read) {
        ctx.read();
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && current != null) {
      current.onWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (current != null) {
      current.onConnectionClosed();
    }
    if (body != null && body != current) {
      body.onConnectionClosed();
    }
    current = null;
    body = null;
    releaseWaiting();
    ctx.fireChannelInactive();
  }

  private void releaseWaiting() {
    for (HttpObject o; (o = waiting.poll()) != null; ) {
      ReferenceCountUtil.release(o);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP/1.1 connection {} error: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
