package io.triple.cli;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Compiles {@code --proto} files into a FileDescriptorSet with protoc: {@code $PROTOC}, else
 * {@code protoc} on the PATH, else the binary Maven downloaded for this build (in
 * {@code ~/.m2/repository/com/google/protobuf/protoc}). The well-known types' {@code .proto}
 * files come from protobuf-java's jar, so {@code import "google/protobuf/any.proto"} works
 * without a protoc include directory.
 */
final class Protoc {
  private static final String[] WELL_KNOWN = {
      "any", "api", "descriptor", "duration", "empty", "field_mask", "source_context", "struct",
      "timestamp", "type", "wrappers"};

  private Protoc() {}

  static byte[] compile(List<File> protos, List<File> importPaths) {
    String protoc = find();
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("triple-protoc");
      Path wkt = tmp.resolve("include");
      for (String name : WELL_KNOWN) {
        try (InputStream in = Protoc.class.getResourceAsStream("/google/protobuf/" + name + ".proto")) {
          if (in != null) {
            Path p = wkt.resolve("google/protobuf/" + name + ".proto");
            Files.createDirectories(p.getParent());
            Files.copy(in, p);
          }
        }
      }
      Path out = tmp.resolve("set.pb");
      List<String> cmd = new ArrayList<>(List.of(protoc, "--include_imports", "--descriptor_set_out=" + out));
      List<File> paths = new ArrayList<>(importPaths);
      if (paths.isEmpty()) {
        // As protoc does with no -I: files are named relative to the current directory.
        paths.add(new File("."));
      }
      for (File p : paths) {
        cmd.add("-I" + p);
      }
      cmd.add("-I" + wkt);
      for (File f : protos) {
        cmd.add(f.toString());
      }
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new CliException("protoc failed: " + output.strip());
      }
      return Files.readAllBytes(out);
    } catch (IOException e) {
      throw new CliException("Cannot run protoc (" + protoc + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("Interrupted while running protoc");
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static String find() {
    String env = System.getenv("PROTOC");
    if (env != null && !env.isBlank()) {
      return env;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, "protoc");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    Path cached = mavenProtoc();
    if (cached != null) {
      return cached.toString();
    }
    throw new CliException("protoc not found: set $PROTOC, put protoc on the PATH, or use --protoset"
        + " (protoc --include_imports --descriptor_set_out=FILE ...)");
  }

  /** Maven's copy is not executable where it lies: run a private copy. */
  private static Path mavenProtoc() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String classifier = (os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "windows" : os)
        + "-" + (arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : arch);
    Path root = Paths.get(System.getProperty("user.home"), ".m2", "repository", "com", "google", "protobuf", "protoc");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (var versions = Files.list(root)) {
      for (Path v : versions.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Path exe = v.resolve("protoc-" + v.getFileName() + "-" + classifier + ".exe");
        if (Files.isRegularFile(exe)) {
          Path copy = Files.createTempFile("protoc", ".exe");
          copy.toFile().deleteOnExit();
          Files.copy(exe, copy, StandardCopyOption.REPLACE_EXISTING);
          if (!copy.toFile().setExecutable(true)) {
            return null;
          }
          return copy;
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A temporary directory left behind is harmless.
    }
  }
}
