package io.triple;

/** The four RPC shapes. */
public enum MethodType {
  UNARY(false, false),
  CLIENT_STREAMING(true, false),
  SERVER_STREAMING(false, true),
  BIDI_STREAMING(true, true);

  private final boolean clientStreams;
  private final boolean serverStreams;

  MethodType(boolean clientStreams, boolean serverStreams) {
    this.clientStreams = clientStreams;
    this.serverStreams = serverStreams;
  }

  /** True if the client may send more than one request message. */
  public boolean clientStreams() {
    return clientStreams;
  }

  /** True if the server may send more than one response message. */
  public boolean serverStreams() {
    return serverStreams;
  }
}
