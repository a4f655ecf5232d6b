package io.triple.interop.metav1;

/**
 * The Dubbo peer's {@code io.triple.interop.metav1.PlainEcho} (same name, same method): an
 * interface service without protobuf types, which Dubbo serves and calls with protobuf-java off
 * its class path.
 */
public interface PlainEcho {
  /** The server's name, a space, the argument. */
  String echo(String text);
}
