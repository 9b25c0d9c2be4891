package dev.runlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runlog connections}: the managed connections (credentials of the integrations jobs
 * declare). A secret is never an argument (the process list and the shell history would show it):
 * {@code put} reads it from a file, stdin or an environment variable.
 */
@Command(
    name = "connections",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "List, store and delete managed connections: the credentials of the integrations jobs"
          + " declare with Auth.managed() or Auth.perAccount(). Runs that wait for one start once"
          + " it is stored.",
      "Example: runlog connections put slack --from-env SLACK_BOT_TOKEN"
    },
    subcommands = {
      ConnectionsCommand.ListConnections.class,
      ConnectionsCommand.Get.class,
      ConnectionsCommand.Put.class,
      ConnectionsCommand.Delete.class
    })
final class ConnectionsCommand implements Callable<Integer> {
  static final String PATH = "/api/connections";

  @Mixin EngineConnection engine;

  /** {@code runlog connections} alone lists them, like {@code runlog connections list}. */
  @Override
  public Integer call() {
    return list(engine);
  }

  static int list(EngineConnection engine) {
    return engine.run(
        (client, out) -> {
          JsonNode all = client.get(PATH);
          if (engine.json()) {
            Output.print(out, all);
            return;
          }
          if (all.path("connections").isEmpty() && all.path("missing").isEmpty()) {
            engine.note("no connections are stored, and no run waits for one");
          }
          Table table = new Table("CONNECTION", "TYPE", "JOBS", "WAITING", "UPDATED");
          for (JsonNode c : all.path("connections")) {
            table.row(
                Cells.text(c.get("key")),
                Cells.text(c.get("type")),
                jobs(c.path("jobs")),
                Cells.text(c.get("waitingRuns")),
                Cells.text(c.get("updatedAt")));
          }
          for (JsonNode m : all.path("missing")) { // runs wait for it: say so
            table.row(
                Cells.text(m.get("key")),
                "(missing)",
                Cells.NONE,
                Cells.text(m.get("waitingRuns")),
                Cells.NONE);
          }
          table.print(out);
        });
  }

  private static String jobs(JsonNode jobs) {
    if (!jobs.isArray() || jobs.isEmpty()) {
      return Cells.NONE;
    }
    StringBuilder text = new StringBuilder();
    jobs.forEach(j -> text.append(text.length() == 0 ? "" : ",").append(j.asText()));
    return text.toString();
  }

  /** The path of the connection of {@code integration}, for {@code accountId} (null: every run). */
  static String url(String integration, String accountId) {
    return PATH
        + "/"
        + EngineClient.segment(integration)
        + (accountId == null ? "" : "/" + EngineClient.segment(accountId));
  }

  /** A connection's name on the command line: its integration, and its account if it has one. */
  static final class Key {
    @Parameters(index = "0", paramLabel = "<integration>", description = "The integration's name.")
    String integration;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "<accountId>",
        description = "The account, for an integration with a connection per account.")
    String accountId;

    String url() {
      return ConnectionsCommand.url(integration, accountId);
    }

    String name() {
      return accountId == null ? integration : integration + "/" + accountId;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description =
          "List the connections (never a secret), the jobs that declare each, the runs waiting"
              + " for each, and the missing connections runs wait for.")
  static final class ListConnections implements Callable<Integer> {
    @Mixin EngineConnection engine;

    @Override
    public Integer call() {
      return list(engine);
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Print one connection as JSON: its type and when it changed, never its secret.")
  static final class Get implements Callable<Integer> {
    @Mixin EngineConnection engine;
    @Mixin Key key;

    @Override
    public Integer call() {
      return engine.run((client, out) -> ByIdCommands.pretty(out, client.get(key.url())));
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a connection: runs that start afterwards wait for it again.")
  static final class Delete implements Callable<Integer> {
    @Mixin EngineConnection engine;
    @Mixin Key key;

    @Override
    public Integer call() {
      return engine.run(
          (client, out) ->
              engine.print(
                  out, client.delete(key.url()), answer -> out.println("deleted " + key.name())));
    }
  }

  @Command(
      name = "put",
      mixinStandardHelpOptions = true,
      description = {
        "Store a connection, or replace it; the engine seals it with its connections.key. The"
            + " secret comes from a file, stdin or an environment variable, never from an"
            + " argument.",
        "Examples:",
        "  runlog connections put slack --from-env SLACK_BOT_TOKEN",
        "  runlog connections put crm acme --credentials-file acme.json",
        "  vault read -field=json secret/crm | runlog connections put crm acme --credentials-file -",
        "A credentials file holds {\"type\":\"bearer\",\"token\":\"...\"},"
            + " {\"type\":\"basic\",\"username\":\"...\",\"password\":\"...\"} or"
            + " {\"type\":\"api-key\",\"header\":\"X-Api-Key\",\"value\":\"...\"}."
      })
  static final class Put implements Callable<Integer> {
    @Mixin EngineConnection engine;
    @Mixin Key key;
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the secret comes from: one of them. */
    static final class Source {
      @Option(
          names = "--credentials-file",
          paramLabel = "FILE",
          description = "A file holding the credentials as JSON; - reads them from stdin.")
      String file;

      @Option(
          names = "--from-env",
          paramLabel = "VAR",
          description =
              "An environment variable holding the secret (the token of --type bearer, the"
                  + " password of basic, the value of api-key), or the credentials as JSON.")
      String env;
    }

    @Option(
        names = "--type",
        defaultValue = "bearer",
        description = "With --from-env: bearer (default), basic or api-key.")
    String type;

    @Option(names = "--username", description = "With --from-env --type basic: the user name.")
    String username;

    @Option(
        names = "--header",
        description = "With --from-env --type api-key: the header's name, e.g. X-Api-Key.")
    String header;

    /** Standard input; tests give their own. */
    static InputStream stdin = System.in;

    @Override
    public Integer call() {
      JsonNode body = credentials();
      return engine.run((client, out) -> ByIdCommands.pretty(out, client.put(key.url(), body)));
    }

    private JsonNode credentials() {
      if (source.file != null) {
        return json(read(source.file), source.file.equals("-") ? "stdin" : source.file);
      }
      String value = System.getenv(source.env);
      if (value == null || value.isBlank()) {
        throw usage("the environment variable " + source.env + " is not set");
      }
      if (value.strip().startsWith("{")) {
        return json(value, "$" + source.env);
      }
      ObjectNode body = EngineClient.JSON.createObjectNode().put("type", type);
      switch (type) {
        case "bearer" -> body.put("token", value);
        case "basic" ->
            body.put("username", required(username, "--username")).put("password", value);
        case "api-key" -> body.put("header", required(header, "--header")).put("value", value);
        default -> throw usage("--type is bearer, basic or api-key, not " + type);
      }
      return body;
    }

    private String read(String file) {
      try {
        return file.equals("-")
            ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
            : Files.readString(Path.of(file));
      } catch (IOException e) {
        throw usage("cannot read " + file + ": " + e.getMessage());
      }
    }

    /** The credentials as JSON; a parse error's message is left out: it would quote the secret. */
    private JsonNode json(String text, String from) {
      try {
        JsonNode node = EngineClient.JSON.readTree(text);
        if (node != null && node.isObject()) {
          return node;
        }
      } catch (IOException e) {
        // below
      }
      throw usage("the credentials in " + from + " are not a JSON object");
    }

    private String required(String value, String option) {
      if (value == null || value.isBlank()) {
        throw usage("--type " + type + " needs " + option);
      }
      return value;
    }

    private ParameterException usage(String message) {
      return new ParameterException(spec.commandLine(), message);
    }
  }
}
