package io.triple.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.util.ReferenceCountUtil;
import io.triple.bootstrap.Dubbo;
import io.triple.client.TripleChannel;
import io.triple.config.ConfigLoader;
import io.triple.server.TripleServer;
import io.triple.tests.interop.GreeterDescriptors;
import io.triple.tests.interop.TripleGreeterService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.sample.tri.GreeterClient;
import org.apache.dubbo.sample.tri.GreeterReply;
import org.apache.dubbo.sample.tri.GreeterRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receive windows grow to the measured bandwidth-delay product, on both sides. The other end is
 * a frame-level HTTP/2 peer (Netty's codec, PINGs not answered by itself), so the test decides
 * how much DATA arrives from the read that sent our PING to its ACK, the "round trip" measured:
 * 1.75 MiB there must raise the windows from 1 MiB to 3.5 MiB (a SETTINGS frame for the streams,
 * a WINDOW_UPDATE for the connection), and the call then completes over the grown windows.
 */
@Timeout(60)
class WindowTuningTest {
  private static final int MIB = 1024 * 1024;
  /** DATA sent before our side's PING (its first DATA starts the measurement). */
  private static final int BEFORE_PING = MIB / 4;
  /** DATA sent between the PING and its ACK. */
  private static final int IN_ROUND_TRIP = 3 * MIB / 2;
  /** The whole message with its 5-byte gRPC prefix: a string field of about 2 MiB. */
  private static final int MESSAGE = 2 * MIB;
  private static final String GREET = "/" + GreeterDescriptors.SERVICE + "/greet";

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
  private TripleServer server;
  private TripleChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
      server.awaitTermination(java.time.Duration.ofSeconds(5));
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void serverGrowsItsWindowsForAnUploadThatFillsThem() throws Exception {
    server = TripleServer.builder().host("127.0.0.1").port(0)
        .maxInboundMessageSize(4 * MIB)
        .addService(new TripleGreeterService().definition())
        .build().start();
    Peer peer = new Peer(false);
    Channel ch = connect(peer, server.port());
    byte[] message = message('a');

    Http2FrameStream stream = startGreet(ch, peer);
    sendAcrossTheMeasuredRoundTrip(ch, peer, message, stream);
    int rest = message.length - BEFORE_PING - IN_ROUND_TRIP;
    ch.writeAndFlush(data(message, BEFORE_PING + IN_ROUND_TRIP, rest, true, stream)).sync();
    Http2Headers trailers = peer.handler.trailers.get(30, TimeUnit.SECONDS);
    assertEquals("0", String.valueOf(trailers.get("grpc-status")), String.valueOf(trailers));
    // The greeting (the 2 MiB name) came back whole: what the server got was intact.
    assertEquals("Hello ".length() + MESSAGE - 9, peer.handler.responseBytes);
    ch.close().sync();
  }

  /**
   * {@code auto_tune_window: false} in dubbo.yaml keeps a server's windows fixed: it never PINGs
   * to measure, so no SETTINGS can follow, for the upload that grew them above.
   */
  @Test
  void dubboYamlCanKeepTheServersWindowsFixed(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path yaml = Files.writeString(dir.resolve("dubbo.yaml"), """
        dubbo:
          protocols:
            triple:
              ip: 127.0.0.1
              port: %d
              triple:
                auto_tune_window: false
          provider:
            services:
              GreeterProvider:
                protocol: triple
                interface: %s
        """.formatted(port, GreeterDescriptors.SERVICE));
    try (Dubbo dubbo = Dubbo.create().withConfig(new ConfigLoader().load(yaml))
        .register(new TripleGreeterService().definition()).start()) {
      Peer peer = new Peer(false);
      Channel ch = connect(peer, port);
      Http2FrameStream stream = startGreet(ch, peer);
      byte[] message = message('c');
      ch.writeAndFlush(data(message, 0, message.length, true, stream)).sync();
      Http2Headers trailers = peer.handler.trailers.get(30, TimeUnit.SECONDS);
      assertEquals("0", String.valueOf(trailers.get("grpc-status")), String.valueOf(trailers));
      // A PING would have been written in the flush of the first read that brought DATA, so
      // before the response on the same connection: everything the server sent is here.
      for (Object frame : seen) {
        assertFalse(frame instanceof Http2PingFrame p && !p.ack(), "the server PINGed: " + frame);
        assertFalse(frame instanceof Http2SettingsFrame f && f.settings().initialWindowSize() != null
            && f.settings().initialWindowSize() != MIB, "the server changed its window: " + frame);
      }
      ch.close().sync();
    }
  }

  @Test
  void clientGrowsItsWindowsForAResponseThatFillsThem() throws Exception {
    Peer peer = new Peer(true);
    Channel listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(peer.initializer()).bind("127.0.0.1", 0).sync().channel();
    int port = ((InetSocketAddress) listener.localAddress()).getPort();
    channel = TripleChannel.forTarget("tri://127.0.0.1:" + port).maxInboundMessageSize(4 * MIB).build();
    GreeterClient client = GreeterClient.create(channel);
    CompletableFuture<GreeterReply> reply = CompletableFuture.supplyAsync(
        () -> client.greet(GreeterRequest.newBuilder().setName("window").build()));

    Http2FrameStream stream = peer.handler.request.get(30, TimeUnit.SECONDS);
    Channel ch = peer.handler.ctx.channel();
    byte[] message = message('b');
    Http2Headers headers = new DefaultHttp2Headers().status("200");
    headers.set("content-type", "application/grpc");
    ch.write(new DefaultHttp2HeadersFrame(headers).stream(stream));
    sendAcrossTheMeasuredRoundTrip(ch, peer, message, stream);
    int rest = message.length - BEFORE_PING - IN_ROUND_TRIP;
    ch.write(data(message, BEFORE_PING + IN_ROUND_TRIP, rest, false, stream));
    ch.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().set("grpc-status", "0"), true)
        .stream(stream)).sync();
    assertEquals(MESSAGE - 9, reply.get(30, TimeUnit.SECONDS).getMessage().length());
    listener.close().sync();
  }

  /** A frame-level client connection ({@code peer}) to a server on 127.0.0.1. */
  private Channel connect(Peer peer, int port) throws InterruptedException {
    return new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(peer.initializer()).connect("127.0.0.1", port).sync().channel();
  }

  /** Writes (without flushing) the request headers of a greet call on a new stream. */
  private static Http2FrameStream startGreet(Channel ch, Peer peer) {
    Http2FrameStream stream = peer.handler.stream();
    Http2Headers headers = new DefaultHttp2Headers()
        .method("POST").scheme("http").path(GREET).authority("127.0.0.1");
    headers.set("content-type", "application/grpc").set("te", "trailers");
    ch.write(new DefaultHttp2HeadersFrame(headers).stream(stream));
    return stream;
  }

  /**
   * Sends the first part of {@code message} (its first DATA makes the other side PING), the
   * second part before the ACK, then the ACK; asserts the windows grew to twice both parts.
   */
  private void sendAcrossTheMeasuredRoundTrip(Channel ch, Peer peer, byte[] message, Http2FrameStream stream)
      throws Exception {
    ch.writeAndFlush(data(message, 0, BEFORE_PING, false, stream)).sync();
    long payload = peer.awaitPing();
    ch.writeAndFlush(data(message, BEFORE_PING, IN_ROUND_TRIP, false, stream)).sync();
    ch.writeAndFlush(new DefaultHttp2PingFrame(payload, true)).sync();
    assertWindowsGrewTo(2 * (BEFORE_PING + IN_ROUND_TRIP), peer);
  }

  private void assertWindowsGrewTo(int window, Peer peer) throws Exception {
    Http2SettingsFrame settings = peer.next(Http2SettingsFrame.class);
    assertEquals(window, settings.settings().initialWindowSize(), settings.toString());
    // The connection's window grew too (its WINDOW_UPDATE came just before the SETTINGS).
    // Netty's codec makes it twice a stream's window less 65,535 bytes: at most 2 MiB before.
    Http2FrameCodec codec = peer.codec;
    int connectionWindow = peer.handler.ctx.executor().submit(() -> codec.connection().remote()
        .flowController().windowSize(codec.connection().connectionStream())).get();
    assertTrue(connectionWindow > 2 * MIB && connectionWindow <= 2 * window, "connection window " + connectionWindow);
  }

  /**
   * A gRPC-framed GreeterRequest/GreeterReply of {@link #MESSAGE} bytes in all: field 1, a
   * string of {@code fill} whose length takes a 3-byte varint.
   */
  private static byte[] message(char fill) {
    byte[] m = new byte[MESSAGE];
    int body = MESSAGE - 5;
    int text = body - 4;
    m[0] = 0;
    m[1] = (byte) (body >>> 24);
    m[2] = (byte) (body >>> 16);
    m[3] = (byte) (body >>> 8);
    m[4] = (byte) body;
    m[5] = 0x0a;
    m[6] = (byte) (0x80 | (text & 0x7f));
    m[7] = (byte) (0x80 | ((text >>> 7) & 0x7f));
    m[8] = (byte) (text >>> 14);
    java.util.Arrays.fill(m, 9, m.length, (byte) fill);
    return m;
  }

  private static DefaultHttp2DataFrame data(byte[] m, int offset, int length, boolean end, Http2FrameStream stream) {
    return new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(m, offset, length), end).stream(stream);
  }

  /** One end of the connection, at the level of frames. */
  private final class Peer {
    final Handler handler = new Handler();
    private final boolean server;
    /** The codec of the one connection. */
    volatile Http2FrameCodec codec;

    Peer(boolean server) {
      this.server = server;
    }

    ChannelInitializer<Channel> initializer() {
      return new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
          Http2FrameCodecBuilder b = server ? Http2FrameCodecBuilder.forServer() : Http2FrameCodecBuilder.forClient();
          codec = b.autoAckPingFrame(false).build();
          ch.pipeline().addLast(codec, handler);
        }
      };
    }

    /** The payload of the next PING (not an ACK) the other side sends. */
    long awaitPing() throws InterruptedException {
      return next(Http2PingFrame.class).content();
    }

    /** The next frame of {@code type} seen, skipping others (e.g. the first SETTINGS). */
    <T> T next(Class<T> type) throws InterruptedException {
      while (true) {
        Object o = seen.poll(30, TimeUnit.SECONDS);
        assertFalse(o == null, "nothing more came; waiting for a " + type.getSimpleName());
        if (type.isInstance(o) && !(o instanceof Http2SettingsFrame s && s.settings().initialWindowSize() == null)
            && !(o instanceof Http2PingFrame p && p.ack())) {
          return type.cast(o);
        }
      }
    }
  }

  /** Records connection frames; gives DATA back to the windows as it arrives. */
  private final class Handler extends Http2ChannelDuplexHandler {
    final CompletableFuture<Http2FrameStream> request = new CompletableFuture<>();
    final CompletableFuture<Http2Headers> trailers = new CompletableFuture<>();
    volatile long responseBytes = -9; // the reply's prefix and field header are not greeting
    volatile ChannelHandlerContext ctx;

    @Override
    protected void handlerAdded0(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    Http2FrameStream stream() {
      return newStream();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2DataFrame d) {
          responseBytes += d.content().readableBytes();
          if (d.initialFlowControlledBytes() > 0) {
            ctx.write(new DefaultHttp2WindowUpdateFrame(d.initialFlowControlledBytes()).stream(d.stream()));
          }
          if (d.isEndStream()) {
            request.complete(d.stream());
          }
        } else if (msg instanceof Http2HeadersFrame h) {
          if (h.isEndStream()) {
            request.complete(h.stream());
            trailers.complete(h.headers());
          }
        } else if (msg instanceof Http2PingFrame || msg instanceof Http2SettingsFrame) {
          seen.add(msg);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }
}
