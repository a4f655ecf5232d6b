package io.triple.netty.internal.client;

import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.ssl.NotSslRecordException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * Why a connection could not be set up, said so that the user knows what to do: refused, timed
 * out, a TLS handshake that failed (and why), a peer that does not speak TLS, a peer that does
 * not speak HTTP/2. Why: the exceptions underneath name none of that plainly (Netty's
 * NotSslRecordException carries a hex dump of the first bytes, an HTTP/2 decoder error another).
 */
final class ConnectFailure {
  /** Exception messages from below are cut here: hex dumps are for debug logs. */
  private static final int MAX_DETAIL = 200;

  private ConnectFailure() {}

  static String describe(Throwable t, boolean tls) {
    if (t == null) {
      return "unknown error";
    }
    for (Throwable c = t; c != null; c = c.getCause()) { // e.g. an SSLException in a DecoderException
      if (c instanceof NotSslRecordException || c instanceof SSLException || c instanceof ConnectException) {
        t = c;
        break;
      }
    }
    if (t instanceof NotSslRecordException) {
      return "the server does not speak TLS (its answer is not a TLS record); for a plaintext server"
          + " use tri:// or http://";
    }
    if (t instanceof ConnectException) {
      String m = String.valueOf(t.getMessage());
      return m.contains("refused")
          ? "connection refused (nothing is listening there)"
          : detail(t);
    }
    if (t instanceof SSLException) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("certificate_required") || m.contains("bad_certificate")) {
        return "TLS handshake failed: the server requires a client certificate (" + cut(m)
            + "); give one with TripleChannel.Builder.tls(trusted, certificateChain, privateKey)";
      }
      if (m.contains("PKIX") || m.contains("certification path") || m.contains("No subject alternative")) {
        return "TLS handshake failed: the server's certificate is not trusted or does not name the host"
            + " (" + cut(m) + ")";
      }
      return "TLS handshake failed: " + cut(m);
    }
    Http2Exception h2 = Http2CodecUtil.getEmbeddedHttp2Exception(t);
    if (h2 != null && !tls) {
      return "the server does not speak HTTP/2 with prior knowledge (an HTTP/1.1-only server, or one"
          + " that needs TLS: https://?): " + cut(String.valueOf(h2.getMessage()));
    }
    if (t instanceof ClosedChannelException) {
      return "the server closed the connection before its HTTP/2 SETTINGS arrived"
          + (tls ? " (a TLS server that refused the handshake closes so too)" : "");
    }
    return detail(t);
  }

  private static String detail(Throwable t) {
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : cut(m);
  }

  private static String cut(String m) {
    return m.length() <= MAX_DETAIL ? m : m.substring(0, MAX_DETAIL) + "...";
  }
}
