package io.triple.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A running {@link ClientWorker}: one command line out, one answer line back. */
final class WorkerJvm {
  private final String kind;
  private final Process process;
  private final BufferedReader answers;
  private final OutputStream commands;

  /** {@code process} runs a {@link ClientWorker} of {@code kind} ("ours", "grpc"). */
  WorkerJvm(String kind, Process process) {
    this.kind = kind;
    this.process = process;
    this.answers = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.commands = process.getOutputStream();
  }

  /** Drives {@code server} through every kind of call for {@code ms} / 4 each, unmeasured. */
  void warmUp(String server, long ms) throws IOException {
    String answer = ask("warmup " + server + " " + ms);
    if (!answer.equals("ok")) {
      throw new IOException("the " + kind + " client's warmup answered: " + answer);
    }
  }

  /** One measurement of {@code sc} against {@code server}, after its own warmup. */
  Measurement measure(Scenario sc, String server, long warmupMs, long measureMs)
      throws IOException {
    return ClientWorker.decode(ask(String.format(Locale.ROOT,
        "measure %d %s %d %d", Scenario.all().indexOf(sc), server, warmupMs, measureMs)));
  }

  private String ask(String command) throws IOException {
    commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    commands.flush();
    String answer = answers.readLine();
    if (answer == null) {
      throw new IOException("the " + kind + " client's JVM exited (see its output above)");
    }
    return answer;
  }

  /** Closes its input (the worker then closes its clients and exits) and waits for it. */
  void stop() {
    ChildJvm.stop(process);
  }
}
