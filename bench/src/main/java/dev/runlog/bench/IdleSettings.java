package dev.runlog.bench;

import java.util.List;
import java.util.Map;

/**
 * The idle workload: the process {@code java jvmOptions -cp <the benchmark's class path> mainClass
 * args --data-dir <a temporary directory>}, left alone for {@code warmSeconds}, then measured for
 * {@code seconds}. It must print {@code REST API: <url>/api} once it serves, as {@code runlog dev}
 * does, and answer {@code <url>/health/ready}.
 *
 * @param jvmOptions options of its JVM (none: the JVM's defaults, as {@code ./runlog dev} starts it
 *     without {@code RUNLOG_JAVA_OPTS})
 * @param environment variables set for it (over this process's)
 * @param seconds how long its CPU time is measured; 0 skips the workload
 */
public record IdleSettings(
    List<String> jvmOptions,
    Map<String, String> environment,
    String mainClass,
    List<String> args,
    int warmSeconds,
    int seconds) {
  public IdleSettings {
    jvmOptions = List.copyOf(jvmOptions);
    environment = Map.copyOf(environment);
    args = List.copyOf(args);
  }

  boolean enabled() {
    return seconds > 0;
  }
}
