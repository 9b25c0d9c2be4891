package dev.runlog.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the benchmark's JVM split by role, from its threads' names: the engine's stream
 * threads, the worker, the broker, and the rest (load generator, clients). Everything runs in one
 * process here, so threads stand in for processes. Child processes of a role (engines and workers
 * in JVMs of their own) count whole: every thread, the JIT and the garbage collector too. What this
 * JVM used beyond its live threads is the role {@code jvm}: its garbage collector and JIT
 * compilers, which are not Java threads, and threads that ended between two samples.
 */
final class CpuClock {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<String, List<ProcessHandle>> children;

  CpuClock() {
    this(Map.of());
  }

  /** Also counts the processes of {@code children} under their role. */
  CpuClock(Map<String, List<ProcessHandle>> children) {
    this.children = Map.copyOf(children);
  }

  /** CPU nanoseconds used so far by the live threads and child processes of each role. */
  Map<String, Long> sample() {
    Map<String, Long> byRole = new HashMap<>();
    long thisJvm = processCpu();
    long inThreads = 0;
    for (long id : threads.getAllThreadIds()) {
      ThreadInfo info = threads.getThreadInfo(id);
      long cpu = threads.getThreadCpuTime(id);
      if (info != null && cpu > 0) {
        byRole.merge(role(info.getThreadName()), cpu, Long::sum);
        inThreads += cpu;
      }
    }
    if (thisJvm > 0) {
      byRole.put("jvm", Math.max(0, thisJvm - inThreads));
    }
    children.forEach(
        (role, processes) -> {
          for (ProcessHandle process : processes) {
            process
                .info()
                .totalCpuDuration()
                .ifPresent(cpu -> byRole.merge(role, cpu.toNanos(), Long::sum));
          }
        });
    return byRole;
  }

  /** This JVM's CPU nanoseconds so far, or -1 when the platform does not say. */
  private static long processCpu() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }

  /** CPU seconds per role between two samples. */
  static Map<String, Double> between(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Double> seconds = new HashMap<>();
    after.forEach(
        (role, cpu) -> seconds.put(role, Math.max(0, cpu - before.getOrDefault(role, 0L)) / 1e9));
    return seconds;
  }

  static String role(String thread) {
    if (thread.contains("StreamThread") || thread.contains("GlobalStreamThread")) {
      return "engine";
    }
    if (thread.startsWith("runlog-run-")
        || thread.startsWith("runlog-worker-")
        || thread.startsWith("runlog-heartbeat-")) {
      return "worker";
    }
    if (thread.startsWith("kafka-")
        || thread.startsWith("data-plane")
        || thread.contains("raft")
        || thread.startsWith("broker-")
        || thread.startsWith("controller-")
        || thread.contains("RequestHandler")
        || thread.startsWith("ReplicaFetcher")
        || thread.startsWith("LogDirFailureHandler")
        || thread.contains("quorum")
        || thread.startsWith("group-coordinator")
        || thread.startsWith("transaction")
        || thread.startsWith("ExpirationReaper")) {
      return "broker";
    }
    return "other";
  }
}
