package dev.runlog.bench;

import java.util.List;

/**
 * The scale-out workload ({@link ScaleOut}): the throughput workload with {@code instances} engine
 * instances and as many workers, each in a JVM of its own, and with one of each laid out the same
 * way.
 *
 * @param instances engines and workers of the second layout; 1 or less skips the workload
 * @param jvmOptions options of their JVMs (none: the JVM's defaults)
 * @param againstOne also measure one engine and one worker laid out the same way, to compare (the
 *     smoke run leaves it out: the same code with another count, for half a minute of the suite)
 */
public record ScaleOutSettings(int instances, List<String> jvmOptions, boolean againstOne) {
  public ScaleOutSettings {
    jvmOptions = List.copyOf(jvmOptions);
  }

  public ScaleOutSettings(int instances, List<String> jvmOptions) {
    this(instances, jvmOptions, true);
  }

  boolean enabled() {
    return instances > 1;
  }
}
