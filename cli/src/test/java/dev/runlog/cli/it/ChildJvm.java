package dev.runlog.cli.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process of a crash test: its output read line by line, and killed with SIGKILL ({@link
 * Process#destroyForcibly()} on Linux) as a crashed machine stops: no shutdown hook, no commit, no
 * farewell to its groups.
 */
final class ChildJvm implements AutoCloseable {
  private static final Duration LINE_DEADLINE = Duration.ofSeconds(120);
  private final Process process;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("<output closed: " + e.getMessage() + ">");
              }
            },
            "child-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command}; its stderr goes to a temp file ({@link #stderr()}). */
  static ChildJvm start(List<String> command) throws IOException {
    return start(command, Map.of());
  }

  /** Starts {@code command} with {@code env} added to this process's environment. */
  static ChildJvm start(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.environment().put("RUNLOG_SKIP_BUILD", "1"); // mvn verify has built it by now
    return start(builder);
  }

  /** Starts what {@code builder} describes, environment and all; its stderr goes to a temp file. */
  static ChildJvm start(ProcessBuilder builder) throws IOException {
    Path err = Files.createTempFile("runlog-child", ".err");
    builder.redirectError(err.toFile());
    return new ChildJvm(builder.start(), err);
  }

  /**
   * {@code java} running {@code mainClass} of this module's test classes, with the classpath {@code
   * ./runlog} uses.
   */
  static ChildJvm java(String mainClass, String... args) throws IOException {
    return java(Map.of(), mainClass, args);
  }

  /** As {@link #java(String, String...)}, with {@code env} added to its environment. */
  static ChildJvm java(Map<String, String> env, String mainClass, String... args)
      throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    String classpath =
        target.resolve("test-classes")
            + ":"
            + target.resolve("classes")
            + ":"
            + Files.readString(target.resolve("runlog.classpath")).strip();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                mainClass));
    command.addAll(List.of(args));
    return start(command, env);
  }

  /** Waits for the next line that matches {@code pattern} (earlier lines are passed over). */
  /**
   * Starts {@code mainClass} and returns once it printed {@code ready}; kills it if it never does.
   */
  static ChildJvm started(Pattern ready, String mainClass, String... args) throws Exception {
    ChildJvm jvm = java(mainClass, args);
    try {
      jvm.awaitLine(ready);
      return jvm;
    } catch (Throwable t) {
      jvm.close();
      throw t;
    }
  }

  Matcher awaitLine(Pattern pattern) throws InterruptedException {
    Instant deadline = Instant.now().plus(LINE_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          return m;
        }
      } else if (!process.isAlive() && lines.isEmpty()) {
        break;
      }
    }
    throw new AssertionError(
        "the child never printed a line matching "
            + pattern
            + "; it printed "
            + seen
            + "; its stderr ends:\n"
            + String.join("\n", tail(stderr, 40)));
  }

  /** The next line printed that matches {@code pattern}, if one is there already. */
  Matcher pollLine(Pattern pattern) {
    String line;
    while ((line = lines.poll()) != null) {
      seen.add(line);
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return m;
      }
    }
    return null;
  }

  /** The lines of its stderr that contain {@code text}. */
  List<String> stderrLines(String text) throws IOException {
    return Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains(text))
        .toList();
  }

  private static List<String> tail(Path file, int count) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return all.subList(Math.max(0, all.size() - count), all.size());
    } catch (IOException e) {
      return List.of("<unreadable: " + e.getMessage() + ">");
    }
  }

  /**
   * SIGTERM, as Ctrl-C or a service manager stops it; true when it is gone within {@code timeout}.
   */
  boolean terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until it exits by itself; its exit code, or empty if it still runs after {@code timeout}.
   */
  java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? java.util.OptionalInt.of(process.exitValue())
        : java.util.OptionalInt.empty();
  }

  /** SIGKILL, and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  /** Kills it if it still runs, and deletes its stderr file. */
  @Override
  public void close() throws InterruptedException, IOException {
    if (process.isAlive()) {
      kill();
    }
    Files.deleteIfExists(stderr);
  }
}
