package io.triple.netty.internal.http2;

import io.netty.handler.codec.http2.DefaultHttp2Connection;

/**
 * Netty's server-side connection state, changed in one answer so that a connection draining
 * after its final GOAWAY refuses late streams one by one instead of dying.
 *
 * <p>Why: a client that opens a stream after the server's final GOAWAY (it had not read it yet,
 * or ignores it) gets that stream refused with RST_STREAM REFUSED_STREAM, as it should. But Netty
 * counts a refused stream as one that never existed, so the DATA frame the client sent right
 * behind its HEADERS is a connection error (PROTOCOL_ERROR, "Stream 5 does not exist"), and the
 * connection closed under every call still draining below the last stream id. RFC 9113 §6.8 lets
 * the sender of a GOAWAY discard frames on streams above its last stream id: here, streams up to
 * the highest one refused so far count as ones that may have existed, so Netty's decoder ignores
 * their frames (still counting them against the connection window). A frame on a stream id the
 * client never opened at all is still a connection error.
 */
final class DrainingConnection extends DefaultHttp2Connection {
  private int refusedUpTo; // event loop only

  DrainingConnection(int maxReservedStreams) {
    super(true, maxReservedStreams);
  }

  @Override
  public boolean streamMayHaveExisted(int streamId) {
    if (super.streamMayHaveExisted(streamId)) {
      return true;
    }
    if (!goAwaySent() || !remote().isValidStreamId(streamId) || streamId <= remote().lastStreamKnownByPeer()) {
      return false;
    }
    if (streamId <= refusedUpTo) {
      return true;
    }
    // Asked first for the HEADERS that open it: answering no makes the decoder try to create the
    // stream, which the GOAWAY refuses. Frames that follow on it are discarded.
    refusedUpTo = streamId;
    return false;
  }
}
