package dev.runlog.cli.dev;

/**
 * The JVM options {@code runlog dev} starts with, so that an idle development process sleeps and
 * stays small. The launch scripts ({@code ./runlog}, the distribution's {@code bin/runlog}) carry
 * the same string (a test keeps them in step) and {@code RUNLOG_DEV_JAVA_OPTS} replaces it; the
 * benchmark's idle workload starts its {@code runlog dev} with it too.
 */
public final class DevJvm {
  private DevJvm() {}

  /**
   * Serial GC, C1 only, a small initial heap given back when unused, a 16 MiB young generation
   * (every page of the young generation is resident once it has cycled: it was 30 MiB, and an idle
   * dev process was at 293 MiB of its 300), no perf-data file, and no guaranteed safepoint every
   * second (the VM thread woke for it with nothing to do).
   */
  public static final String OPTIONS =
      "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms32m -Xmn16m -XX:MinHeapFreeRatio=10"
          + " -XX:MaxHeapFreeRatio=30 -XX:-UsePerfData -XX:+UnlockDiagnosticVMOptions"
          + " -XX:GuaranteedSafepointInterval=0";

  /** glibc's malloc arenas ({@code MALLOC_ARENA_MAX}): one per core by default, each kept. */
  public static final String MALLOC_ARENAS = "2";
}
