package io.triple.bootstrap;

import io.triple.ConnectionListener;
import java.net.SocketAddress;
import java.util.List;

/** The extensions' connection listeners as the one a server or a channel takes. */
final class ConnectionListeners {
  private ConnectionListeners() {}

  /** Null for none, the listener itself for one, else one that tells each in turn. */
  static ConnectionListener of(List<ConnectionListener> listeners) {
    if (listeners.isEmpty()) {
      return null;
    }
    if (listeners.size() == 1) {
      return listeners.get(0);
    }
    ConnectionListener[] all = listeners.toArray(ConnectionListener[]::new);
    return new ConnectionListener() {
      @Override
      public void connectionOpened(SocketAddress remote) {
        for (ConnectionListener l : all) {
          l.connectionOpened(remote);
        }
      }

      @Override
      public void connectionClosed(SocketAddress remote) {
        for (ConnectionListener l : all) {
          l.connectionClosed(remote);
        }
      }

      @Override
      public void bytesReceived(long bytes) {
        for (ConnectionListener l : all) {
          l.bytesReceived(bytes);
        }
      }

      @Override
      public void bytesSent(long bytes) {
        for (ConnectionListener l : all) {
          l.bytesSent(bytes);
        }
      }

      @Override
      public void streamBlocked() {
        for (ConnectionListener l : all) {
          l.streamBlocked();
        }
      }

      @Override
      public void streamReceiveBlocked() {
        for (ConnectionListener l : all) {
          l.streamReceiveBlocked();
        }
      }
    };
  }
}
