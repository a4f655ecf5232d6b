package io.triple.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.triple.interop.testing.BoolValue;
import io.triple.interop.testing.EmptyProtos.Empty;
import io.triple.interop.testing.Payload;
import io.triple.interop.testing.ResponseParameters;
import io.triple.interop.testing.SimpleRequest;
import io.triple.interop.testing.SimpleResponse;
import io.triple.interop.testing.StreamingOutputCallRequest;
import io.triple.interop.testing.StreamingOutputCallResponse;
import io.triple.interop.testing.TestServiceTriple;
import io.triple.server.TripleServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checks made on the wire with a raw Netty HTTP/2 client against our TestServiceServer:
 *
 * <ul>
 *   <li>the compressed-flag assertions of server_compressed_unary and server_compressed_streaming,
 *       which neither interop client makes (ours does not expose the per-message flag, and
 *       grpc-java's standalone TestServiceClient does not check it);
 *   <li>the request shapes of Apache Dubbo's Java Triple client: content-type
 *       {@code application/grpc+proto} and the {@code tri-service-version} /
 *       {@code tri-service-group} headers.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireTest {
  private TripleServer server;
  /** TestService registered as Dubbo would with version 1.0.0, group interop. */
  private TripleServer versionedServer;
  private EventLoopGroup group;
  private Channel connection;

  @BeforeAll
  void start() throws Exception {
    server = TestServiceServer.start("127.0.0.1", 0);
    versionedServer = TripleServer.builder()
        .host("127.0.0.1")
        .port(0)
        .addService(TestServiceTriple.bindService(new TestServiceImpl()).withVersion("1.0.0").withGroup("interop"))
        .build()
        .start();
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    connection = connect(server.port());
  }

  private Channel connect(int port) throws InterruptedException {
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(
                Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        })
        .connect("127.0.0.1", port)
        .sync()
        .channel();
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close().sync();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
    if (server != null) {
      server.shutdownNow();
    }
    if (versionedServer != null) {
      versionedServer.shutdownNow();
    }
  }

  @Test
  void serverCompressedUnarySetsTheFlagOnlyWhenAsked() throws Exception {
    for (boolean compress : new boolean[] {true, false}) {
      SimpleRequest request = SimpleRequest.newBuilder()
          .setResponseSize(314159)
          .setPayload(Payload.newBuilder().setBody(ByteString.copyFrom(new byte[271828])))
          .setResponseCompressed(BoolValue.newBuilder().setValue(compress))
          .build();
      Response r = call(connection, "/grpc.testing.TestService/UnaryCall", request, GRPC);
      assertEquals("0", r.trailers.get("grpc-status").toString(), "grpc-status");
      assertEquals(1, r.messages.size(), "messages");
      assertEquals(compress, r.messages.get(0).compressed, "compressed flag, response_compressed=" + compress);
      if (compress) {
        assertEquals("gzip", r.headers.get("grpc-encoding").toString());
      }
      SimpleResponse response = SimpleResponse.parseFrom(r.messages.get(0).body());
      assertEquals(314159, response.getPayload().getBody().size());
    }
  }

  @Test
  void serverCompressedStreamingSetsTheFlagPerMessage() throws Exception {
    StreamingOutputCallRequest request = StreamingOutputCallRequest.newBuilder()
        .addResponseParameters(ResponseParameters.newBuilder().setSize(31415)
            .setCompressed(BoolValue.newBuilder().setValue(true)))
        .addResponseParameters(ResponseParameters.newBuilder().setSize(92653)
            .setCompressed(BoolValue.newBuilder().setValue(false)))
        .build();
    Response r = call(connection, "/grpc.testing.TestService/StreamingOutputCall", request, GRPC);
    assertEquals("0", r.trailers.get("grpc-status").toString(), "grpc-status");
    assertEquals(2, r.messages.size(), "messages");
    assertEquals(true, r.messages.get(0).compressed, "compressed flag of response 1 (compressed=true)");
    assertEquals(false, r.messages.get(1).compressed, "compressed flag of response 2 (compressed=false)");
    assertEquals(31415, StreamingOutputCallResponse.parseFrom(r.messages.get(0).body()).getPayload().getBody().size());
    assertEquals(92653, StreamingOutputCallResponse.parseFrom(r.messages.get(1).body()).getPayload().getBody().size());
  }

  @Test
  void dubboContentTypeIsServed() throws Exception {
    Response r = call(connection, "/grpc.testing.TestService/EmptyCall", Empty.getDefaultInstance(),
        Map.of("content-type", "application/grpc+proto"));
    assertEquals("0", r.trailers.get("grpc-status").toString(), "grpc-status");
    assertEquals("200", r.headers.status().toString());
    assertEquals("application/grpc", r.headers.get("content-type").toString());
    assertEquals(1, r.messages.size());
  }

  @Test
  void dubboVersionAndGroupHeadersSelectTheRegistration() throws Exception {
    Channel versioned = connect(versionedServer.port());
    try {
      Map<String, String> dubbo = Map.of(
          "content-type", "application/grpc+proto",
          "tri-service-version", "1.0.0",
          "tri-service-group", "interop",
          "tri-consumer-appname", "interop-test");
      Response ok = call(versioned, "/grpc.testing.TestService/EmptyCall", Empty.getDefaultInstance(), dubbo);
      assertEquals("0", ok.trailers.get("grpc-status").toString(), "grpc-status with matching version/group");

      // A plain gRPC client (no tri-* headers) is served by the only registration.
      Response plain = call(versioned, "/grpc.testing.TestService/EmptyCall", Empty.getDefaultInstance(), GRPC);
      assertEquals("0", plain.trailers.get("grpc-status").toString(), "grpc-status without tri-* headers");

      Response wrong = call(versioned, "/grpc.testing.TestService/EmptyCall", Empty.getDefaultInstance(),
          Map.of("content-type", "application/grpc+proto", "tri-service-version", "2.0.0",
              "tri-service-group", "interop"));
      assertEquals("12", wrong.trailers.get("grpc-status").toString(), "grpc-status with another version");
    } finally {
      versioned.close().sync();
    }
  }

  // ---- a minimal gRPC-over-HTTP/2 client ------------------------------------------------------

  private record Message(boolean compressed, byte[] wire) {
    InputStream body() throws IOException {
      InputStream in = new ByteArrayInputStream(wire);
      return compressed ? new GZIPInputStream(in) : in;
    }
  }

  private static final class Response {
    Http2Headers headers;
    Http2Headers trailers;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final List<Message> messages = new ArrayList<>();
  }

  private static final Map<String, String> GRPC = Map.of("content-type", "application/grpc");

  private Response call(Channel connection, String path, MessageLite request, Map<String, String> extra)
      throws Exception {
    CompletableFuture<Response> done = new CompletableFuture<>();
    Response response = new Response();
    Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
        .handler(new SimpleChannelInboundHandler<Http2StreamFrame>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, Http2StreamFrame frame) {
            boolean end = false;
            if (frame instanceof Http2HeadersFrame h) {
              if (response.headers == null) {
                response.headers = h.headers(); // trailers-only: headers and trailers are one
              }
              if (h.isEndStream()) {
                response.trailers = h.headers();
              }
              end = h.isEndStream();
            } else if (frame instanceof Http2DataFrame d) {
              ByteBuf content = d.content();
              byte[] bytes = new byte[content.readableBytes()];
              content.readBytes(bytes);
              response.data.writeBytes(bytes);
              end = d.isEndStream();
            }
            if (end) {
              done.complete(response);
            }
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
          }
        })
        .open()
        .sync()
        .getNow();
    Http2Headers headers = new DefaultHttp2Headers()
        .method("POST")
        .scheme("http")
        .path(path)
        .authority("127.0.0.1");
    headers.set("te", "trailers");
    extra.forEach(headers::set);
    headers.set("grpc-accept-encoding", "gzip");
    byte[] body = request.toByteArray();
    ByteBuf frame = Unpooled.buffer(5 + body.length).writeByte(0).writeInt(body.length).writeBytes(body);
    stream.write(new DefaultHttp2HeadersFrame(headers, false));
    stream.writeAndFlush(new DefaultHttp2DataFrame(frame, true)).sync();
    Response r = done.get(20, TimeUnit.SECONDS);
    stream.close();
    ByteBuffer data = ByteBuffer.wrap(r.data.toByteArray());
    while (data.remaining() >= 5) {
      int flags = data.get() & 0xff;
      byte[] wire = new byte[data.getInt()];
      data.get(wire);
      r.messages.add(new Message((flags & 1) != 0, wire));
    }
    assertEquals(0, data.remaining(), "bytes after the last gRPC message frame");
    return r;
  }
}
