package dev.runlog.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this JVM's garbage collector and JIT compilers did: the {@code jvm} share of {@link
 * CpuClock}, explained. On 2 cores a workload that meets the JIT still compiling, or that allocates
 * much, pays for it in throughput; these say which.
 *
 * @param gcCount collections so far
 * @param gcMillis time the collectors report so far (pauses, for G1's young collections)
 * @param jitMillis time the JIT compilers spent compiling so far, or -1 when not known
 */
record JvmActivity(long gcCount, long gcMillis, long jitMillis) {
  static JvmActivity now() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long compiling =
        jit != null && jit.isCompilationTimeMonitoringSupported()
            ? jit.getTotalCompilationTime()
            : -1;
    return new JvmActivity(count, millis, compiling);
  }

  /** What happened since {@code before}, as figures. */
  Map<String, Object> since(JvmActivity before) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("gcCount", gcCount - before.gcCount);
    figures.put("gcMillis", gcMillis - before.gcMillis);
    figures.put("jitMillis", jitMillis < 0 ? -1 : jitMillis - before.jitMillis);
    return figures;
  }
}
