package dev.runlog.engine;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says how much state the instance rebuilt from the changelogs before it could serve, and how long
 * it took: after a crash under exactly_once_v2 its stores are rebuilt from scratch, and that time
 * grows with the changelogs (see {@link StreamsRecovery}).
 */
final class RestoreLog implements StateRestoreListener {
  private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);
  private long records;
  private int partitions;
  private long startNanos;

  @Override
  public synchronized void onRestoreStart(
      TopicPartition partition, String store, long startingOffset, long endingOffset) {
    if (partitions++ == 0) {
      startNanos = System.nanoTime();
    }
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String store, long batchEndOffset, long numRestored) {}

  @Override
  public synchronized void onRestoreEnd(
      TopicPartition partition, String store, long totalRestored) {
    records += totalRestored;
  }

  /**
   * Logs what was restored since the last call, if anything; called when the instance is RUNNING.
   */
  synchronized void running() {
    if (partitions > 0) {
      LOG.info(
          "restored {} records into {} store partitions from the changelogs; running {} ms after the restore began",
          records,
          partitions,
          (System.nanoTime() - startNanos) / 1_000_000);
    }
    records = 0;
    partitions = 0;
  }
}
