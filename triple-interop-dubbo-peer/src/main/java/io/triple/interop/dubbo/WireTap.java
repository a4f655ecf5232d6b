package io.triple.interop.dubbo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.dubbo.rpc.protocol.tri.TripleCustomerProtocolWrapper.TripleRequestWrapper;
import org.apache.dubbo.rpc.protocol.tri.TripleCustomerProtocolWrapper.TripleResponseWrapper;

/**
 * A development tool, not used by the tests: shows what Dubbo's Triple puts on the wire, frame by
 * frame, with the headers HPACK-decoded and each gRPC message's Triple wrapper taken apart (every
 * byte of every argument and result in hex).
 *
 * <ul>
 *   <li>{@code proxy LISTEN_PORT TARGET_PORT}: a TCP proxy on 127.0.0.1:LISTEN_PORT to
 *       127.0.0.1:TARGET_PORT that prints both directions (point a Dubbo client at LISTEN_PORT);
 *   <li>{@code wrapped PORT PATH SERIALIZE_TYPE [HEADER=VALUE]... [ARG_TYPE HEX_ARG]...}: sends one
 *       unary wrapper request (the arguments' bytes as given) with prior-knowledge h2c and prints
 *       the exchange; a single {@code -} as ARG_TYPE adds an argument with no type;
 *   <li>{@code raw PORT PATH HEX_MESSAGE [HEADER=VALUE]...}: the same with the gRPC message as given.
 * </ul>
 *
 * <p>Run it with the peer's class path (target/classes and target/peer-classpath.txt).
 */
public final class WireTap {
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final String[] TYPES = {"DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS",
      "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION"};

  /** Dubbo's Serialization extension names, and hessian4, hessian2's name inside wrappers. */
  private static final java.util.Set<String> SERIALIZATIONS = java.util.Set.of("hessian4",
      "hessian2", "fastjson2", "fastjson", "nativejava", "java", "compactedjava", "kryo", "kryo2",
      "fst", "gson", "protostuff", "avro", "msgpack", "protobuf", "protobuf-json", "jackson");

  /** At most this many bytes of each argument, result or message are shown (-Dwiretap.limit). */
  private static final int LIMIT = Integer.getInteger("wiretap.limit", 4096);

  private WireTap() {}

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "proxy" -> proxy(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "wrapped" -> {
        TripleRequestWrapper.Builder wrapper = TripleRequestWrapper.Builder.newBuilder();
        wrapper.setSerializeType(args[3]);
        Map<String, String> headers = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
          if (args[i].contains("=")) {
            headers.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
          } else {
            if (!args[i].equals("-")) {
              wrapper.addArgTypes(args[i]);
            }
            wrapper.addArgs(HexFormat.of().parseHex(args[++i]));
          }
        }
        send(Integer.parseInt(args[1]), args[2], wrapper.build().toByteArray(), headers);
      }
      case "raw" -> {
        Map<String, String> headers = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
          headers.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        send(Integer.parseInt(args[1]), args[2], HexFormat.of().parseHex(args[3]), headers);
      }
      default -> {
        System.err.println("Usage: WireTap proxy LISTEN_PORT TARGET_PORT | wrapped PORT PATH "
            + "SERIALIZE_TYPE [H=V]... [ARG_TYPE HEX]... | raw PORT PATH HEX [H=V]...");
        System.exit(2);
      }
    }
  }

  // ---- proxy --------------------------------------------------------------------------------------

  private static void proxy(int listenPort, int targetPort) throws IOException {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(listenPort, 50, InetAddress.getByName("127.0.0.1"))) {
      System.out.println("WIRETAP READY " + listenPort + " -> " + targetPort);
      while (true) {
        Socket client = server.accept();
        Socket target = new Socket("127.0.0.1", targetPort);
        int n = connections.incrementAndGet();
        pump(client, target, new FrameLog("conn" + n + " C->S", true));
        pump(target, client, new FrameLog("conn" + n + " S->C", false));
      }
    }
  }

  private static void pump(Socket from, Socket to, FrameLog log) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, n);
          out.flush();
          log.feed(buffer, n);
        }
      } catch (IOException e) {
        log.print("(connection ended: " + e.getMessage() + ")");
      } finally {
        log.print("(closed)");
        try {
          to.shutdownOutput();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, log.name);
    t.setDaemon(false);
    t.start();
  }

  // ---- one request ------------------------------------------------------------------------------

  private static void send(int port, String path, byte[] message, Map<String, String> extra)
      throws Exception {
    Http2Headers headers = new DefaultHttp2Headers()
        .method("POST").scheme("http").authority("127.0.0.1:" + port).path(path)
        .set("content-type", "application/grpc+proto").set("te", "trailers");
    extra.forEach(headers::set);
    byte[] grpc = new byte[5 + message.length];
    grpc[1] = (byte) (message.length >>> 24);
    grpc[2] = (byte) (message.length >>> 16);
    grpc[3] = (byte) (message.length >>> 8);
    grpc[4] = (byte) message.length;
    System.arraycopy(message, 0, grpc, 5, message.length);
    FrameLog sent = new FrameLog("C->S", true);
    FrameLog received = new FrameLog("S->C", false);
    DefaultHttp2HeadersEncoder hpack = new DefaultHttp2HeadersEncoder();
    int times = Integer.getInteger("wiretap.repeat", 1);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream os = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(PREFACE);
      frame(out, 4, 0, 0, new byte[0]); // SETTINGS
      boolean settingsAcked = false;
      for (int i = 0; i < times; i++) {
        int stream = 1 + 2 * i;
        ByteBuf block = Unpooled.buffer();
        hpack.encodeHeaders(stream, headers, block);
        byte[] headerBlock = new byte[block.readableBytes()];
        block.readBytes(headerBlock);
        frame(out, 1, 0x4, stream, headerBlock); // HEADERS, END_HEADERS
        frame(out, 0, 0x1, stream, grpc); // DATA, END_STREAM
        os.write(out.toByteArray());
        os.flush();
        sent.feed(out.toByteArray(), out.size());
        out.reset();
        // Read until this stream ends, then (after the last request) a while longer, to see
        // whether the server sends anything else (a GOAWAY) or closes the connection.
        received.streamEnded = false;
        socket.setSoTimeout(5000);
        byte[] buffer = new byte[16384];
        try {
          int n;
          boolean next = false;
          while (!next && (n = in.read(buffer)) > 0) {
            received.feed(buffer, n);
            if (!settingsAcked) {
              frame(os, 4, 0x1, 0, new byte[0]); // SETTINGS ACK
              settingsAcked = true;
            }
            if (received.streamEnded || received.goaway) {
              next = i < times - 1 && !received.goaway;
              socket.setSoTimeout(2000);
            }
          }
          if (!next) {
            received.print("(connection closed by the server)");
            return;
          }
        } catch (SocketTimeoutException e) {
          if (i == times - 1) {
            received.print("(nothing more for 2 s; the connection is still open)");
          }
        }
      }
    }
  }

  private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload)
      throws IOException {
    out.write(new byte[] {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
        (byte) payload.length, (byte) type, (byte) flags, (byte) (stream >>> 24),
        (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
    out.write(payload);
  }

  // ---- decoding ---------------------------------------------------------------------------------

  /** Parses one direction of an HTTP/2 connection and prints what it carries. */
  private static final class FrameLog {
    private static final PrintStream OUT = System.out;
    final String name;
    private final boolean fromClient;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final DefaultHttp2HeadersDecoder hpack = new DefaultHttp2HeadersDecoder(false);
    private final Map<Integer, ByteArrayOutputStream> grpcBuffers = new HashMap<>();
    private final Map<Integer, String> paths = new HashMap<>();
    private ByteArrayOutputStream headerBlock;
    private boolean prefaceSeen;
    volatile boolean streamEnded;
    volatile boolean goaway;

    FrameLog(String name, boolean fromClient) {
      this.name = name;
      this.fromClient = fromClient;
      this.prefaceSeen = !fromClient;
    }

    synchronized void feed(byte[] bytes, int length) {
      pending.write(bytes, 0, length);
      byte[] all = pending.toByteArray();
      int pos = 0;
      if (!prefaceSeen) {
        if (all.length < PREFACE.length) {
          return;
        }
        print("connection preface " + new String(all, 0, PREFACE.length, StandardCharsets.US_ASCII)
            .replace("\r", "\\r").replace("\n", "\\n"));
        pos = PREFACE.length;
        prefaceSeen = true;
      }
      while (all.length - pos >= 9) {
        int len = ((all[pos] & 0xff) << 16) | ((all[pos + 1] & 0xff) << 8) | (all[pos + 2] & 0xff);
        if (all.length - pos < 9 + len) {
          break;
        }
        int type = all[pos + 3] & 0xff;
        int flags = all[pos + 4] & 0xff;
        int stream = ((all[pos + 5] & 0x7f) << 24) | ((all[pos + 6] & 0xff) << 16)
            | ((all[pos + 7] & 0xff) << 8) | (all[pos + 8] & 0xff);
        byte[] payload = new byte[len];
        System.arraycopy(all, pos + 9, payload, 0, len);
        pos += 9 + len;
        frame(type, flags, stream, payload);
      }
      pending.reset();
      pending.write(all, pos, all.length - pos);
    }

    private void frame(int type, int flags, int stream, byte[] payload) {
      String typeName = type < TYPES.length ? TYPES[type] : "type" + type;
      StringBuilder line = new StringBuilder(typeName + " stream=" + stream + " flags=0x"
          + Integer.toHexString(flags) + flagNames(type, flags) + " length=" + payload.length);
      switch (type) {
        case 0 -> {
          int padding = (flags & 0x8) != 0 ? payload[0] & 0xff : 0;
          int start = (flags & 0x8) != 0 ? 1 : 0;
          byte[] data = new byte[payload.length - start - padding];
          System.arraycopy(payload, start, data, 0, data.length);
          print(line.toString());
          grpc(stream, data);
        }
        case 1, 9 -> {
          int start = 0;
          int padding = 0;
          if (type == 1 && (flags & 0x8) != 0) {
            padding = payload[0] & 0xff;
            start = 1;
          }
          if (type == 1 && (flags & 0x20) != 0) {
            start += 5;
          }
          if (headerBlock == null) {
            headerBlock = new ByteArrayOutputStream();
          }
          headerBlock.write(payload, start, payload.length - start - padding);
          print(line.toString());
          if ((flags & 0x4) != 0) {
            headers(stream, headerBlock.toByteArray());
            headerBlock = null;
          }
        }
        case 3 -> print(line + " error=" + u32(payload, 0));
        case 4 -> {
          StringBuilder s = new StringBuilder();
          for (int i = 0; i + 6 <= payload.length; i += 6) {
            s.append(' ').append(((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff)).append('=')
                .append(u32(payload, i + 2));
          }
          print(line + (s.length() > 0 ? " settings:" + s : ""));
        }
        case 6 -> print(line + " data=" + HexFormat.of().formatHex(payload));
        case 7 -> {
          goaway = true;
          print(line + " last-stream=" + (u32(payload, 0) & 0x7fffffffL) + " error="
              + u32(payload, 4) + " debug=\""
              + new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8) + "\"");
        }
        case 8 -> print(line + " increment=" + u32(payload, 0));
        default -> print(line + " payload=" + HexFormat.of().formatHex(payload));
      }
      if ((type == 0 || type == 1) && (flags & 0x1) != 0) {
        streamEnded = true;
      }
    }

    private static String flagNames(int type, int flags) {
      StringBuilder s = new StringBuilder();
      if ((type == 0 || type == 1) && (flags & 0x1) != 0) {
        s.append(" END_STREAM");
      }
      if ((type == 4 || type == 6) && (flags & 0x1) != 0) {
        s.append(" ACK");
      }
      if ((type == 1 || type == 9) && (flags & 0x4) != 0) {
        s.append(" END_HEADERS");
      }
      return s.length() == 0 ? "" : " (" + s.substring(1) + ")";
    }

    private static long u32(byte[] b, int i) {
      return ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xffL) << 16) | ((b[i + 2] & 0xffL) << 8)
          | (b[i + 3] & 0xffL);
    }

    private void headers(int stream, byte[] block) {
      try {
        Http2Headers headers = hpack.decodeHeaders(stream, Unpooled.wrappedBuffer(block));
        for (Map.Entry<CharSequence, CharSequence> h : headers) {
          print("    " + h.getKey() + ": " + h.getValue());
          if (h.getKey().toString().equals(":path")) {
            paths.put(stream, h.getValue().toString());
          }
        }
      } catch (Exception e) {
        print("    (HPACK decoding failed: " + e + ")");
      }
    }

    /** Splits a stream's DATA into gRPC messages and shows each. */
    private void grpc(int stream, byte[] data) {
      ByteArrayOutputStream buffer = grpcBuffers.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
      buffer.write(data, 0, data.length);
      byte[] all = buffer.toByteArray();
      int pos = 0;
      while (all.length - pos >= 5) {
        int len = (int) u32(all, pos + 1);
        if (all.length - pos < 5 + len) {
          break;
        }
        byte[] message = new byte[len];
        System.arraycopy(all, pos + 5, message, 0, len);
        print("  gRPC message: compressed=" + all[pos] + " length=" + len);
        dump("    bytes", message);
        wrapper(message);
        pos += 5 + len;
      }
      buffer.reset();
      buffer.write(all, pos, all.length - pos);
    }

    private void wrapper(byte[] message) {
      try {
        if (fromClient) {
          TripleRequestWrapper w = TripleRequestWrapper.parseFrom(message);
          if (!SERIALIZATIONS.contains(w.getSerializeType())) {
            print("    (serializeType \"" + w.getSerializeType() + "\" is no serialization of "
                + "Dubbo's: a protobuf message, or a wrapper naming an unknown one)");
          }
          print("    as TripleRequestWrapper: serializeType=\"" + w.getSerializeType()
              + "\" argTypes=" + w.getArgTypes());
          for (int i = 0; i < w.getArgs().size(); i++) {
            dump("      args[" + i + "]", w.getArgs().get(i));
          }
        } else {
          TripleResponseWrapper w = TripleResponseWrapper.parseFrom(message);
          if (!SERIALIZATIONS.contains(w.getSerializeType())) {
            print("    (serializeType \"" + w.getSerializeType() + "\" is no serialization of "
                + "Dubbo's: a protobuf message, or a wrapper naming an unknown one)");
          }
          print("    as TripleResponseWrapper: serializeType=\"" + w.getSerializeType()
              + "\" type=\"" + w.getType() + "\"");
          if (w.getData() != null) {
            dump("      data", w.getData());
          } else {
            print("      data: (absent)");
          }
        }
      } catch (RuntimeException e) {
        print("    (not a Triple wrapper: " + e + ")");
      }
    }

    private void dump(String what, byte[] bytes) {
      int shown = Math.min(bytes.length, LIMIT);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < shown; i++) {
        int b = bytes[i] & 0xff;
        text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
      }
      print(what + " (" + bytes.length + " bytes" + (shown < bytes.length ? ", first " + shown : "")
          + "): " + HexFormat.of().formatHex(bytes, 0, shown));
      print(what.replaceAll(".", " ") + "   text: " + text);
    }

    synchronized void print(String s) {
      synchronized (OUT) {
        OUT.println("[" + name + "] " + s);
        OUT.flush();
      }
    }
  }
}
