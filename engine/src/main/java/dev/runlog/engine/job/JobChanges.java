package dev.runlog.engine.job;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the changes written to the global {@code jobs} store, so that a {@link JobRegistry} reads
 * and decodes the store again only after one. The global store's loader counts after each write;
 * readers on other threads then see the write (it happened before the count). The registries that
 * share it also share the decoded definitions ({@link DecodedJobs}).
 */
public final class JobChanges {
  private final AtomicLong count = new AtomicLong();
  private final DecodedJobs decoded = new DecodedJobs();

  /** Call after a definition was written to or deleted from the store. */
  public void changed() {
    count.incrementAndGet();
  }

  long count() {
    return count.get();
  }

  DecodedJobs decoded() {
    return decoded;
  }
}
