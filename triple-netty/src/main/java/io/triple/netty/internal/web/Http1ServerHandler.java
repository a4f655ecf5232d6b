package io.triple.netty.internal.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.EmptyHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.ReferenceCountUtil;
import io.triple.Status;
import io.triple.internal.MethodRegistry;
import io.triple.netty.internal.server.ConnectionLifetime;
import io.triple.netty.internal.server.CorsPolicy;
import io.triple.netty.internal.server.ServerStreamSettings;
import io.triple.netty.internal.wire.Dialect;
import io.triple.netty.internal.wire.GrpcHeaders;
import io.triple.netty.internal.wire.HttpDate;
import io.triple.netty.internal.wire.HttpErrors;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triple over HTTP/1.1: calls with a bare {@code application/json} or {@code application/proto}
 * body, as the Triple spec allows (curl, browsers, plain HTTP clients), and the enveloped
 * Connect and gRPC-Web calls ({@link Dialect} lists the content types). Behind Netty's {@code HttpServerCodec} and {@code HttpObjectAggregator}, which
 * parse the request and bound its size; each request runs as an {@link PlainHttpCall}.
 *
 * <p>HTTP/1.1 answers in request order, so one call runs at a time per connection. Reading goes
 * on while it runs (a client that closes the connection cancels its call); a pipelined request
 * that arrives meanwhile waits its turn, and reading pauses until it has run. Server-streaming
 * methods called with JSON answer server-sent events in a chunked response; client and
 * bidirectional streaming need HTTP/2 (gRPC) and are refused with 415.
 */
public final class Http1ServerHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Http1ServerHandler.class);

  private final MethodRegistry registry;
  private final ServerStreamSettings settings;
  private final ConnectionLifetime lifetime; // null: no idle or age limit
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Exchange current;
  private boolean closing; // graceful shutdown: the call in flight is answered, then close

  public Http1ServerHandler(MethodRegistry registry, ServerStreamSettings settings, ConnectionLifetime lifetime) {
    this.registry = registry;
    this.settings = settings;
    this.lifetime = lifetime;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request) || closing) {
      ReferenceCountUtil.release(msg); // (closing: the client sees the connection close unanswered)
      return;
    }
    if (current != null) {
      waiting.add(request);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    serve(request);
  }

  private void serve(FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    Exchange exchange = new Exchange(keepAlive);
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
      Dialect codec = Dialect.plain(contentType);
      if (codec == null) {
        exchange.reject(415, Status.INTERNAL.withDescription("Content-Type '" + contentType
            + "' is not supported over HTTP/1.1: expected application/json or application/proto"
            + " (or Connect's application/connect+proto|json, gRPC-Web's application/grpc-web[-text])"
            + (GrpcHeaders.isGrpcContentType(contentType) ? " (gRPC needs HTTP/2)" : "")));
        return;
      }
      exchange.codec = codec;
      PlainHttpCall.Route route;
      try {
        route = PlainHttpCall.route(headers, codec, registry, settings.cors());
      } catch (PlainHttpCall.Rejected e) {
        exchange.reject(e.httpStatus, e.status);
        return;
      }
      exchange.call = route.start(request.content().retain(), settings, exchange);
    } finally {
      request.release();
    }
  }

  /**
   * The request's headers as HTTP/2 would carry them (lower-case names, {@code :path},
   * {@code :authority}), so routing and metadata work as for HTTP/2 requests. Headers that only
   * concern this HTTP/1.1 connection are left out.
   */
  private static Http2Headers toHttp2Headers(FullHttpRequest request) {
    Http2Headers h = new DefaultHttp2Headers(false)
        .method(request.method().asciiName())
        .path(request.uri())
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
      for (FullHttpRequest r; (r = waiting.poll()) != null; ) {
        r.release();
      }
      if (current == null) {
        ctx.close();
      } else {
        current.keepAlive = false;
      }
    });
  }

  /** The answer to {@code exchange} is written: the next request may run. */
  private void finished(Exchange exchange) {
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
    FullHttpRequest next = waiting.poll();
    if (next != null) {
      serve(next);
    } else {
      if (lifetime != null) {
        lifetime.callsEnded();
      }
      ctx.channel().config().setAutoRead(true);
      ctx.read();
    }
  }

  private static void copyHeaders(Http2Headers from, HttpHeaders to) {
    for (Map.Entry<CharSequence, CharSequence> h : from) {
      if (h.getKey().length() > 0 && h.getKey().charAt(0) != ':') {
        to.add(h.getKey(), h.getValue());
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && current != null && current.call != null) {
      current.call.onWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (current != null && current.call != null) {
      current.call.cancel("Connection closed before the call completed");
    }
    current = null;
    for (FullHttpRequest r; (r = waiting.poll()) != null; ) {
      r.release();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP/1.1 connection {} error: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  /** One request and its answer. */
  private final class Exchange implements PlainHttpCall.Exchange {
    boolean keepAlive;
    PlainHttpCall<?, ?> call;
    Http2Headers cors = EmptyHttp2Headers.INSTANCE; // for answers given before a call starts
    boolean numericStatus; // of error bodies given before a call starts (HttpErrors.numericStatus)
    Dialect codec; // once known: an enveloped one answers refusals in its own form

    Exchange(boolean keepAlive) {
      this.keepAlive = keepAlive;
    }

    void reject(int httpStatus, Status status) {
      PlainHttpCall.refuse(this, codec, httpStatus, status, numericStatus, cors);
    }

    @Override
    public void respond(Http2Headers headers, ByteBuf body, Consumer<Boolean> onWritten) {
      if (!ctx.executor().inEventLoop()) {
        ctx.executor().execute(() -> respond(headers, body, onWritten));
        return;
      }
      if (!ctx.channel().isActive()) {
        body.release();
        onWritten.accept(false);
        return;
      }
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.valueOf(Integer.parseInt(headers.status().toString())), body);
      copyHeaders(headers, response.headers());
      response.headers().set(HttpHeaderNames.DATE, HttpDate.now());
      HttpUtil.setContentLength(response, body.readableBytes());
      if (!keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
      ctx.writeAndFlush(response).addListener((ChannelFutureListener) f -> written(f, onWritten));
    }

    // The streamed answer (server-sent events): always through the event loop's task queue, even
    // from the event loop itself, so pieces leave in the order the call handed them over.

    @Override
    public void startStream(Http2Headers headers) {
      ctx.executor().execute(() -> {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(Integer.parseInt(headers.status().toString())));
        copyHeaders(headers, response.headers());
        response.headers().set(HttpHeaderNames.DATE, HttpDate.now());
        HttpUtil.setTransferEncodingChunked(response, true);
        if (!keepAlive) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response);
      });
    }

    @Override
    public void sendPiece(ByteBuf piece) {
      ctx.executor().execute(() -> ctx.writeAndFlush(new DefaultHttpContent(piece)));
    }

    @Override
    public void endStream(Http2Headers trailers, Consumer<Boolean> onWritten) {
      ctx.executor().execute(() -> {
        LastHttpContent last = new DefaultLastHttpContent();
        copyHeaders(trailers, last.trailingHeaders());
        ctx.writeAndFlush(last).addListener((ChannelFutureListener) f -> written(f, onWritten));
      });
    }

    @Override
    public boolean isWritable() {
      return ctx.channel().isWritable();
    }

    private void written(io.netty.channel.ChannelFuture f, Consumer<Boolean> onWritten) {
      onWritten.accept(f.isSuccess());
      if (!keepAlive || !f.isSuccess()) {
        f.channel().close();
      }
      finished(this);
    }

    @Override
    public EventLoop eventLoop() {
      return ctx.channel().eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
      return ctx.alloc();
    }

    @Override
    public SocketAddress remoteAddress() {
      return ctx.channel().remoteAddress();
    }
  }
}
