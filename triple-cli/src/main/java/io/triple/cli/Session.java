package io.triple.cli;

import io.triple.Channels;
import io.triple.ManagedChannel;
import io.triple.client.TripleChannel;
import java.time.Duration;

/**
 * What one command connects to: the gRPC channel (opened on first use), the descriptor source
 * and the transport for calls, from the target and the options.
 */
final class Session implements AutoCloseable {
  private final Target target;
  private final ConnectionOptions options;
  private final String service;
  private ManagedChannel channel;
  private ManagedChannel providerChannel;
  private DescriptorSource source;

  /** {@code service}: the service a registry target's cluster is for (null for direct targets). */
  Session(Target target, ConnectionOptions options, String service) {
    this.target = target;
    this.options = options;
    this.service = service;
  }

  ManagedChannel channel() {
    if (channel == null) {
      if (target.registry()) {
        String s = target.registryService() != null ? target.registryService() : service;
        if (s == null) {
          throw new CliException("A registry target needs the service: " + target.text() + "/package.Service");
        }
        channel = Channels.forTarget(target.registryTarget(s));
      } else {
        channel = directChannel(target.text());
      }
    }
    return channel;
  }

  private ManagedChannel directChannel(String uri) {
    TripleChannel.Builder b = TripleChannel.forTarget(uri).userAgent("triple-cli " + TripleChannel.USER_AGENT);
    if (options.tls.enabled(target)) {
      b.tls(options.tls.nettyContext());
    }
    if (options.authority != null) {
      b.overrideAuthority(options.authority);
    }
    return b.build();
  }

  /**
   * The channel reflection goes through: for a registry target one of its providers, for a target
   * with a version or group the same server without them; else {@link #channel()}.
   */
  private ManagedChannel reflectionChannel() {
    if (!target.registry() && target.withoutServiceKeys().equals(target.text())) {
      return channel();
    }
    if (providerChannel == null && !target.registry()) {
      providerChannel = directChannel(target.withoutServiceKeys());
    }
    if (providerChannel == null) {
      String s = target.registryService() != null ? target.registryService() : service;
      if (s == null) {
        throw new CliException("A registry target needs the service: " + target.text() + "/package.Service");
      }
      providerChannel = TripleChannel.forTarget("tri://" + RegistryProvider.address(target, s))
          .userAgent("triple-cli " + TripleChannel.USER_AGENT).build();
    }
    return providerChannel;
  }

  DescriptorSource descriptors() {
    if (source == null) {
      Duration deadline = options.deadline();
      source = options.usesFiles()
          ? new FileSource(options.protosets, options.protos, options.importPaths)
          : new ReflectionSource(reflectionChannel(), options.metadata(), deadline);
    }
    return source;
  }

  /**
   * {@code types}: for JSON bodies (plain HTTP), the types a call's messages may hold in Any
   * fields. {@code builtin}: the call is for a server's built-in service (health), registered
   * under no version or group: over gRPC it takes the reflection's channel.
   */
  CallTransport transport(java.util.function.Supplier<com.google.protobuf.util.JsonFormat.TypeRegistry> types,
      boolean builtin) {
    Protocol p = options.protocol();
    if (p == Protocol.GRPC) {
      return new GrpcTransport(builtin ? reflectionChannel() : channel());
    }
    if (target.registry()) {
      throw new CliException("Calls through a registry use --protocol grpc");
    }
    HttpWire wire = switch (p) {
      case CONNECT -> new ConnectWire();
      case GRPC_WEB -> new GrpcWebWire();
      default -> new PlainHttpWire(() -> new JsonMessages(types.get()));
    };
    return new HttpTransport(p, wire, target,
        options.tls.enabled(target) ? options.tls.jdkContext() : null, options.authority);
  }

  @Override
  public void close() {
    // Calls have ended by now: a graceful close is quick and leaves no tasks behind.
    if (channel != null) {
      channel.close();
    }
    if (providerChannel != null) {
      providerChannel.close();
    }
  }
}
