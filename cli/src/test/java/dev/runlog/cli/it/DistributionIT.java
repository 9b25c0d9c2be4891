package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.it.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution tarball ({@code target/runlog-<version>.tar.gz}) as a user gets it: unpacked
 * anywhere, {@code bin/runlog} finds Java through JAVA_HOME or PATH and runs {@code runlog dev} to
 * a run's SUCCESS, and stops on SIGTERM.
 */
class DistributionIT {
  private static final String VERSION = System.getProperty("runlog.version");
  private static final Pattern URL = Pattern.compile("REST API:\\s+(http://\\S+)/api");
  private static final Pattern STARTED = Pattern.compile("Ctrl-C stops everything");

  @Test
  void unpackedTarballRunsDevModeToASuccessfulRun(@TempDir Path dir, @TempDir Path dataDir)
      throws Exception {
    Path home = unpack(dir);
    Path script = home.resolve("bin/runlog");
    assertTrue(Files.isExecutable(script), script + " is executable");
    assertTrue(
        Files.isRegularFile(home.resolve("lib/runlog-cli-" + VERSION + ".jar")),
        "lib/ has the CLI's jar");

    // java from PATH, no JAVA_HOME
    ImageRoot.Result version =
        ImageRoot.exec(
            shell(
                List.of(script.toString(), "--version"),
                Map.of(
                    "PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin")));
    assertEquals(0, version.code(), version.output());
    assertTrue(version.output().startsWith("runlog " + VERSION + "\n"), version.output());

    ChildJvm dev =
        ChildJvm.start(
            shell(
                List.of(
                    script.toString(),
                    "dev",
                    "--kafka-port",
                    "0",
                    "--http-port",
                    "0",
                    "--data-dir",
                    dataDir.toString()),
                Map.of("JAVA_HOME", System.getProperty("java.home"), "PATH", "/usr/bin:/bin")));
    try {
      Api api = new Api(dev.awaitLine(URL).group(1));
      dev.awaitLine(STARTED);
      Api.Answer sent =
          api.post(
              "/api/events", "{\"name\": \"demo.hello\", \"payload\": {\"name\": \"Tarball\"}}");
      assertEquals(202, sent.status(), "POST /api/events: " + sent);
      JsonNode run = api.awaitRunOfEvent(sent.body().path("id").asText(), "SUCCESS");
      assertEquals("Hello, Tarball!", run.path("output").path("greeting").asText(), run.toString());
    } finally {
      boolean stopped = dev.terminate(Duration.ofSeconds(60));
      dev.close();
      assertTrue(stopped, "bin/runlog dev stops on SIGTERM within 60 s");
    }
  }

  @Test
  void scriptPassesJavaOptionsAndSaysWhenJavaIsMissing(@TempDir Path dir) throws Exception {
    Path script = unpack(dir).resolve("bin/runlog");

    // an option the JVM refuses proves the script handed it over
    ImageRoot.Result opts =
        ImageRoot.exec(
            shell(
                List.of(script.toString(), "--version"),
                Map.of(
                    "JAVA_HOME",
                    System.getProperty("java.home"),
                    "PATH",
                    "/usr/bin:/bin",
                    "RUNLOG_JAVA_OPTS",
                    "-XX:+RunlogNoSuchOption")));
    assertTrue(
        opts.code() != 0 && opts.output().contains("RunlogNoSuchOption"),
        "RUNLOG_JAVA_OPTS reaches java: " + opts.output());
    ImageRoot.Result javaOpts =
        ImageRoot.exec(
            shell(
                List.of(script.toString(), "--version"),
                Map.of(
                    "JAVA_HOME",
                    System.getProperty("java.home"),
                    "PATH",
                    "/usr/bin:/bin",
                    "JAVA_OPTS",
                    "-XX:+RunlogNoSuchOption")));
    assertTrue(
        javaOpts.code() != 0 && javaOpts.output().contains("RunlogNoSuchOption"),
        "JAVA_OPTS reaches java: " + javaOpts.output());

    ImageRoot.Result noJava =
        ImageRoot.exec(
            shell(List.of(script.toString(), "--version"), Map.of("PATH", "/nonexistent")));
    assertEquals(127, noJava.code(), noJava.output());
    assertTrue(noJava.output().contains("no Java found"), noJava.output());
    ImageRoot.Result badHome =
        ImageRoot.exec(
            shell(
                List.of(script.toString(), "--version"),
                Map.of("JAVA_HOME", dir.toString(), "PATH", "/usr/bin:/bin")));
    assertEquals(127, badHome.code(), badHome.output());
    assertTrue(badHome.output().contains("JAVA_HOME is " + dir), badHome.output());
  }

  /** Unpacks the tarball into {@code dir}; returns the directory it makes, runlog-<version>. */
  private static Path unpack(Path dir) throws Exception {
    Path tarball = Path.of("target", "runlog-" + VERSION + ".tar.gz").toAbsolutePath();
    assertTrue(Files.isRegularFile(tarball), tarball + " is missing: mvn package builds it");
    ImageTar.run(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()));
    try (Stream<Path> top = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("runlog-" + VERSION)), top.toList(), "one top directory");
    }
    return dir.resolve("runlog-" + VERSION);
  }

  /**
   * {@code command} with only {@code env}: what a fresh login shell would have, without this JVM's
   * variables.
   */
  private static ProcessBuilder shell(List<String> command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    return builder;
  }
}
