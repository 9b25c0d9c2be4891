package dev.runlog.bench;

import java.util.List;

/**
 * The idle workload: the process {@code java jvmOptions -cp <the benchmark's class path> mainClass
 * args --data-dir <a temporary directory>}, left alone for {@code warmSeconds}, then measured for
 * {@code seconds}. It must print {@code REST API: <url>/api} once it serves, as {@code runlog dev}
 * does, and answer {@code <url>/health/ready}.
 *
 * @param jvmOptions options of its JVM (none: the JVM's defaults, as {@code ./runlog dev} starts it
 *     without {@code RUNLOG_JAVA_OPTS})
 * @param seconds how long its CPU time is measured; 0 skips the workload
 */
public record IdleSettings(
    List<String> jvmOptions, String mainClass, List<String> args, int warmSeconds, int seconds) {
  public IdleSettings {
    jvmOptions = List.copyOf(jvmOptions);
    args = List.copyOf(args);
  }

  /** No idle workload. */
  public static IdleSettings skipped() {
    return benchNode(0, 0);
  }

  /**
   * The benchmark's own stand-in for {@code runlog dev} (a broker, an engine and a worker in one
   * process, see {@link BenchNode}), for where the CLI is not on the class path.
   */
  public static IdleSettings benchNode(int warmSeconds, int seconds) {
    return new IdleSettings(
        List.of(), BenchNode.class.getName(), List.of("all"), warmSeconds, seconds);
  }

  boolean enabled() {
    return seconds > 0;
  }
}
