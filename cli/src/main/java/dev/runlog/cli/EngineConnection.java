package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --url} and {@code --api-key} options shared by the commands that talk to an engine,
 * and the one place where their failures become exit codes (listed in {@link RunlogCli}'s usage).
 *
 * <p>An {@code https} URL is checked against the JVM's trust store: an engine whose certificate no
 * public CA signed needs {@code -Djavax.net.ssl.trustStore=<file>} (and {@code trustStorePassword},
 * {@code trustStoreType}), which {@code ./runlog} passes on from {@code RUNLOG_JAVA_OPTS}.
 */
final class EngineConnection {
  static final int OK = 0;

  /**
   * The engine answered 4xx: the request was wrong for it (unknown run, finished run, bad event).
   */
  static final int REFUSED = 1;

  /** No answer, or a 5xx: the engine is down, unreachable, starting or rebalancing. */
  static final int UNREACHABLE = 3;

  /**
   * {@code send --wait}, {@code run --follow}: a run ended in another status than SUCCESS, or the
   * event started no run.
   */
  static final int NOT_SUCCESS = 5;

  /** {@code send --wait}, {@code run --follow}: {@code --timeout} passed before the runs ended. */
  static final int TIMED_OUT = 6;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--url",
      defaultValue = "${env:RUNLOG_URL:-http://localhost:8080}",
      description =
          "The engine's REST address. Default: env RUNLOG_URL if set, else http://localhost:8080.")
  String url;

  @Option(
      names = "--api-key",
      defaultValue = "${env:RUNLOG_API_KEY}",
      paramLabel = "<key>",
      description =
          "The API key to send (Authorization: Bearer), when the engine has keys. Default: env RUNLOG_API_KEY, "
              + "which keeps the key out of the process list and the shell history.")
  String apiKey;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      paramLabel = "<format>",
      converter = Output.Converter.class,
      description =
          "table (default): for people; json: the engine's JSON answer, one document on stdout and"
              + " nothing else.")
  Output output;

  /** What a command does with the engine, printing its result to {@code out}. */
  interface Call {
    void run(EngineClient engine, PrintWriter out);
  }

  /** Runs {@code call}: its exit code is 0, or the failure's, whose message goes to stderr. */
  int run(Call call) {
    EngineClient engine;
    try {
      engine = new EngineClient(url, apiKey == null || apiKey.isBlank() ? null : apiKey.strip());
    } catch (IllegalArgumentException e) {
      throw usageError("Invalid value for option '--url': " + e.getMessage());
    }
    PrintWriter out = command.commandLine().getOut();
    try {
      call.run(engine, out);
      return OK;
    } catch (EngineClient.Failure e) {
      PrintWriter err = command.commandLine().getErr();
      err.println("runlog " + command.name() + ": " + e.getMessage());
      err.flush();
      return e.exitCode();
    } finally {
      out.flush();
    }
  }

  /** True with {@code -o json}: print the engine's answer as it is. */
  boolean json() {
    return output == Output.JSON;
  }

  /**
   * Prints {@code answer}: as one JSON document with {@code -o json}, else as {@code text} does.
   */
  void print(PrintWriter out, JsonNode answer, Consumer<JsonNode> text) {
    if (json()) {
      Output.print(out, answer);
    } else {
      text.accept(answer);
    }
  }

  /**
   * A word for a person on stderr, such as that a list is empty: stdout keeps only the data, so a
   * script that reads it is not misled.
   */
  void note(String message) {
    PrintWriter err = command.commandLine().getErr();
    err.println(command.qualifiedName(" ") + ": " + message);
    err.flush();
  }

  /** A bad argument found after parsing: picocli prints it with the usage and exits 2. */
  ParameterException usageError(String message) {
    return new ParameterException(command.commandLine(), message);
  }
}
