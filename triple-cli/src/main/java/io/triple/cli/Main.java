package io.triple.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code triple} command: {@code list}, {@code describe}, {@code call}, {@code health}. */
@Command(
    name = "triple",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Lists, describes and calls services of gRPC and Triple servers.",
    subcommands = {ListCommand.class, DescribeCommand.class, CallCommand.class, HealthCommand.class},
    footer = {"", "Exit codes: 0 success, 1 other failure, 2 bad usage, 64 + the gRPC status code when a call fails."})
public final class Main {
  private final InputStream stdin;

  private Main(InputStream stdin) {
    this.stdin = stdin;
  }

  InputStream stdin() {
    return stdin;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /** Runs one command with these streams and returns its exit code (tests call this). */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new Main(in));
    // "-d @file" is ours (as grpcurl and curl read it), not picocli's argument files.
    cl.setExpandAtFiles(false);
    cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr()));
    int code = cl.execute(args);
    cl.getOut().flush();
    cl.getErr().flush();
    return code;
  }

  private static int report(Exception e, PrintWriter err) {
    if (e instanceof RpcException r) {
      ExitCodes.printStatus(err, r.status());
      return ExitCodes.forStatus(r.status());
    }
    if (e instanceof CliException || e instanceof IllegalArgumentException) {
      err.println("Error: " + e.getMessage());
    } else {
      err.println("Error: " + e);
    }
    err.flush();
    return ExitCodes.FAILURE;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"triple " + p.getProperty("version", "(unknown version)")};
    }
  }
}
