package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs the {@code runlog} command as the launcher does, keeping what it printed. */
final class Cli {
  record Result(int exitCode, String out, String err) {}

  private Cli() {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RunlogCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exitCode = cli.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  /**
   * Runs {@code args} against {@code engine} and checks that it succeeded without a word on stderr.
   */
  static Result succeeds(FakeEngine engine, String... args) {
    Result result =
        run(
            Stream.concat(Stream.of(args), Stream.of("--url", engine.url()))
                .toArray(String[]::new));
    assertEquals("", result.err());
    assertEquals(0, result.exitCode());
    return result;
  }
}
