package io.triple.cli;

import io.triple.Metadata;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command that talks to a server takes. */
final class ConnectionOptions {
  @Option(names = {"-H", "--header"}, paramLabel = "'KEY: VALUE'",
      description = "Request metadata (repeatable); keys ending in -bin take base64 values.")
  List<String> headers = new ArrayList<>();

  @Option(names = "--deadline", paramLabel = "DURATION", description = "Deadline of each call, e.g. 500ms, 5s, 1m.")
  String deadline;

  @Option(names = "--protocol", paramLabel = "PROTOCOL", defaultValue = "grpc",
      description = "grpc (default), connect, grpc-web or http1 (Triple's plain HTTP with JSON).")
  String protocol;

  @Option(names = "--authority", paramLabel = "HOST", description = "The :authority (and TLS host name) to send instead of the target's.")
  String authority;

  @Option(names = "--protoset", paramLabel = "FILE",
      description = "A FileDescriptorSet (protoc --descriptor_set_out --include_imports) to use instead of reflection (repeatable).")
  List<File> protosets = new ArrayList<>();

  @Option(names = "--proto", paramLabel = "FILE",
      description = "A .proto file to use instead of reflection, compiled with protoc ($PROTOC, protoc on the PATH, or Maven's) (repeatable).")
  List<File> protos = new ArrayList<>();

  @Option(names = {"-I", "--import-path"}, paramLabel = "DIR", description = "Where --proto files and their imports are (repeatable).")
  List<File> importPaths = new ArrayList<>();

  @Option(names = {"-v", "--verbose"}, description = "Print response headers and trailers (to stderr).")
  boolean verbose;

  @Mixin
  TlsOptions tls = new TlsOptions();

  Protocol protocol() {
    return Protocol.parse(protocol);
  }

  Duration deadline() {
    return deadline == null ? null : Durations.parse(deadline);
  }

  /** The {@code -H} headers as metadata. */
  Metadata metadata() {
    Metadata m = new Metadata();
    for (String h : headers) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("Invalid header '" + h + "': expected 'key: value'");
      }
      String key = h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      if (Metadata.isBinaryKey(key)) {
        m.addBinary(key, Base64.getDecoder().decode(value));
      } else {
        m.add(key, value);
      }
    }
    return m;
  }

  boolean usesFiles() {
    return !protosets.isEmpty() || !protos.isEmpty();
  }
}
