package org.apache.dubbo.sample.tri;

import io.triple.bootstrap.Dubbo;

/**
 * The greeter server from the Dubbo Rust streaming guide, in Java. Reads {@code dubbo.yaml}
 * (via {@code DUBBO_CONFIG_PATH}, else the working directory) and serves the Greeter over Triple.
 */
public final class GreeterServer {
  private GreeterServer() {}

  public static void main(String[] args) throws InterruptedException {
    Dubbo.create()
        .register(GreeterTriple.bindService(new GreeterImpl()))
        .start()
        .blockUntilShutdown();
  }
}
