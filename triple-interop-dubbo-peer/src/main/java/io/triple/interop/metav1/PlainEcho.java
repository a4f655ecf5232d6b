package io.triple.interop.metav1;

/**
 * An interface service with no protobuf type anywhere, so Dubbo can serve and call it with
 * protobuf-java off its class path ({@link MetadataV1Peer}); triple-interop declares the same
 * interface. Dubbo sends its calls in Triple's wrapper mode (hessian2).
 */
public interface PlainEcho {
  /** The server's name, a space, the argument. */
  String echo(String text);
}
