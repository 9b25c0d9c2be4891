package dev.runlog.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of the benchmark's JVM split by role, from its threads' names: the engine's stream
 * threads, the worker, the broker, and the rest (load generator, clients). Everything runs in one
 * process here, so threads stand in for processes.
 */
final class CpuClock {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds used so far by the live threads of each role. */
  Map<String, Long> sample() {
    Map<String, Long> byRole = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      ThreadInfo info = threads.getThreadInfo(id);
      long cpu = threads.getThreadCpuTime(id);
      if (info != null && cpu > 0) {
        byRole.merge(role(info.getThreadName()), cpu, Long::sum);
      }
    }
    return byRole;
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
