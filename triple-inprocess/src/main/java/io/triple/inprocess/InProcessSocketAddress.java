package io.triple.inprocess;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * The address of an in-process call's peer: the server's name. What
 * {@code ServerCall.remoteAddress()} and {@code ServerContext.remoteAddress()} return for calls
 * over the in-process transport.
 */
public final class InProcessSocketAddress extends SocketAddress {
  private static final long serialVersionUID = 1L;

  private final String name;

  public InProcessSocketAddress(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** The in-process server's name. */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InProcessSocketAddress a && a.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return "inprocess:" + name;
  }
}
