package io.triple.registry.zookeeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on a fixed local port to a list of targets (one per connection, in turn), that
 * can cut every connection and refuse new ones ({@link #partition}), then listen again on the same
 * port ({@link #heal}): a network partition between one client and a service, nothing else touched.
 * {@link #blackhole} is the nastier partition: connections stay open, bytes are dropped, nothing
 * is answered (a dead route, a firewall dropping packets).
 */
public final class TcpProxy implements AutoCloseable {
  private final List<InetSocketAddress> targets;
  private final AtomicInteger next = new AtomicInteger();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final int port;
  private volatile ServerSocket server;
  private volatile boolean blackhole;

  public TcpProxy(List<InetSocketAddress> targets) throws IOException {
    this.targets = targets;
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.port = s.getLocalPort();
    listen(s);
  }

  public int port() {
    return port;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  private void listen(ServerSocket s) {
    server = s;
    Thread t = new Thread(() -> {
      while (!s.isClosed()) {
        try {
          Socket in = s.accept();
          if (blackhole) {
            sockets.add(in);
            pump(in, null);
            continue;
          }
          InetSocketAddress target = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
          Socket out = new Socket();
          try {
            out.connect(target, 2000);
          } catch (IOException e) {
            in.close();
            continue;
          }
          sockets.add(in);
          sockets.add(out);
          pump(in, out);
          pump(out, in);
        } catch (IOException e) {
          return; // closed
        }
      }
    }, "tcp-proxy-" + port);
    t.setDaemon(true);
    t.start();
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream is = from.getInputStream(); OutputStream os = to == null ? null : to.getOutputStream()) {
        int n;
        while ((n = is.read(buf)) >= 0) {
          if (!blackhole && os != null) {
            os.write(buf, 0, n);
            os.flush();
          }
        }
      } catch (IOException ignored) {
        // either side closed
      } finally {
        closeQuietly(from);
        if (to != null) {
          closeQuietly(to);
        }
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Cuts every connection through the proxy and refuses new ones. */
  public synchronized void partition() throws IOException {
    server.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  /** From now on every byte either way is dropped; connections stay open. */
  public void blackhole() {
    blackhole = true;
  }

  /** Accepts connections again, on the same port. */
  public synchronized void heal() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listen(s);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    partition();
  }
}
