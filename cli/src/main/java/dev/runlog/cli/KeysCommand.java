package dev.runlog.cli;

import dev.runlog.engine.rest.ApiKeys;
import dev.runlog.engine.rest.Role;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code runlog keys}: make API keys and the lines of an {@code api.keys.file}, which holds only
 * their SHA-256 hashes. Nothing here talks to an engine.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Make API keys and their api.keys.file lines.",
    subcommands = {KeysCommand.NewKey.class, KeysCommand.Hash.class})
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What both subcommands take: the name and role the line gives the key. */
  static final class Line {
    @Option(
        names = "--name",
        required = true,
        description = "The key's name, shown in refusals and logs (letters, digits, . _ @ -).")
    String name;

    @Option(
        names = "--role",
        defaultValue = "read",
        description = "admin, read or metrics. Default: ${DEFAULT-VALUE}.")
    String role;

    String of(CommandSpec spec, String key) {
      try {
        return ApiKeys.line(name, Role.parse(role), key);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description =
          "Make a random key (256 bits). Prints the key, then its api.keys.file line on a line of its own.")
  static final class NewKey implements Callable<Integer> {
    @picocli.CommandLine.Mixin Line line = new Line();

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      String key = ApiKeys.newKey();
      String fileLine = line.of(spec, key);
      PrintWriter out = spec.commandLine().getOut();
      out.println(key);
      out.println(fileLine);
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "runlog keys: the first line is the key: give it to its user now, it is stored nowhere. "
              + "Append the second line to the engine's api.keys.file.");
      err.flush();
      return 0;
    }
  }

  @Command(
      name = "hash",
      mixinStandardHelpOptions = true,
      description = "Read a key from stdin (its first line) and print its api.keys.file line.")
  static final class Hash implements Callable<Integer> {
    @picocli.CommandLine.Mixin Line line = new Line();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      String key =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (key == null || key.isBlank()) {
        throw new ParameterException(
            spec.commandLine(),
            "no key on stdin: printf %s \"$KEY\" | runlog keys hash --name <name> --role <role>");
      }
      spec.commandLine().getOut().println(line.of(spec, key.strip()));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
