package dev.runlog.protocol.codec;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread allocates while it runs something, from the JVM's per-thread allocation
 * counter: lets a test show that a decoder never allocates what a length field claims, on any heap
 * size (a 2 GB claim fits in a large test heap and would not fail with an OutOfMemoryError).
 */
final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /**
   * What {@code action} allocated on this thread; what it throws is swallowed (the caller checks it
   * separately).
   */
  static long of(Runnable action) {
    long id = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(id);
    try {
      action.run();
    } catch (RuntimeException e) {
      // measured all the same
    }
    return THREADS.getThreadAllocatedBytes(id) - before;
  }
}
