package dev.runlog.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM the benchmark starts with its own class path ({@code runlog dev}, an engine instance, a
 * worker), whose CPU time and memory it reads from the operating system, and which it stops by its
 * PID: SIGTERM, then SIGKILL after a deadline. Its output (stdout and stderr together) is read line
 * by line: the last lines are kept to explain a failure.
 */
final class ChildJvm implements AutoCloseable {
  private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
  private static final int TAIL_LINES = 40;

  private final String name;
  private final Process process;
  private final Pattern ready;
  private final CompletableFuture<Matcher> readyLine = new CompletableFuture<>();
  private final Deque<String> tail = new ArrayDeque<>();
  // a benchmark stopped by Ctrl-C stops its children too; removed once they are stopped
  private final Thread onExit;

  private ChildJvm(String name, Process process, Pattern ready) {
    this.name = name;
    this.process = process;
    this.ready = ready;
    Thread reader = new Thread(this::read, "bench-child-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    onExit = new Thread(this::stop, "bench-child-stop-" + process.pid());
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /**
   * Starts {@code java [jvmOptions] -cp <this JVM's class path> mainClass args}; it counts as ready
   * once it prints a line that matches {@code ready}.
   */
  static ChildJvm start(
      String name, List<String> jvmOptions, String mainClass, List<String> args, Pattern ready)
      throws IOException {
    return start(name, jvmOptions, Map.of(), mainClass, args, ready);
  }

  /** As above, with {@code environment} set for the child over this process's variables. */
  static ChildJvm start(
      String name,
      List<String> jvmOptions,
      Map<String, String> environment,
      String mainClass,
      List<String> args,
      Pattern ready)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    return new ChildJvm(name, builder.start(), ready);
  }

  long pid() {
    return process.pid();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * Waits for the line that says it is ready and returns its match; fails with the child's last
   * lines if it exits first or takes longer than {@code deadline}.
   */
  Matcher awaitReady(Duration deadline) throws InterruptedException {
    try {
      return readyLine.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          name
              + " (pid "
              + pid()
              + ") printed no line matching '"
              + ready
              + "' within "
              + deadline.toSeconds()
              + " s; its last lines:\n"
              + String.join("\n", tail()),
          e);
    }
  }

  /** CPU time (user and system, every thread) it has used so far, in nanoseconds. */
  long cpuNanos() {
    return process
        .toHandle()
        .info()
        .totalCpuDuration()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the operating system does not report the CPU time of pid " + pid()))
        .toNanos();
  }

  /**
   * A memory figure of {@code /proc/<pid>/status} in MiB ({@code VmRSS}: resident now; {@code
   * VmHWM}: its peak), or NaN where there is no {@code /proc}.
   */
  double statusMiB(String field) throws IOException {
    Path status = Path.of("/proc", String.valueOf(pid()), "status");
    if (!Files.exists(status)) {
      return Double.NaN;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith(field + ":")) { // "VmRSS:	  412345 kB"
        String kib = line.substring(field.length() + 1).replace("kB", "").strip();
        return Long.parseLong(kib) / 1024.0;
      }
    }
    throw new IllegalStateException("no " + field + " in " + status);
  }

  /** Its last lines of output, to explain a failure. */
  List<String> tail() {
    synchronized (tail) {
      return List.copyOf(tail);
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        if (!readyLine.isDone()) {
          Matcher m = ready.matcher(line);
          if (m.find()) {
            readyLine.complete(m);
          }
        }
      }
    } catch (IOException e) {
      // the stream closes when the process is gone: nothing more to read
    }
    readyLine.completeExceptionally(
        new IllegalStateException(name + " ended with its output before it was ready"));
  }

  /** SIGTERM without waiting, so that several children stop at once; {@link #close()} waits. */
  void terminate() {
    process.destroy();
  }

  /** SIGTERM, as Ctrl-C stops it; SIGKILL if it is still there after the deadline. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already: the hook runs, and finds the process gone
    }
  }
}
