package dev.runlog.protocol.codec;

import dev.runlog.protocol.execution.ExecuteRun;
import dev.runlog.protocol.execution.TaskSnapshot;
import dev.runlog.protocol.execution.WaitSnapshot;
import java.util.function.Function;
import org.apache.avro.Schema;

/** {@code executions} values. */
public final class ExecuteRunCodec implements Codec<ExecuteRun> {
  private final AvroBinary<dev.runlog.protocol.avro.ExecuteRun> avro =
      new AvroBinary<>(
          dev.runlog.protocol.avro.ExecuteRun.getEncoder(),
          dev.runlog.protocol.avro.ExecuteRun.getClassSchema());

  /**
   * A dispatch in the schema before {@link TaskSnapshot#failed()} (v2), which workers of before it
   * read: written whenever no task failed for good, so that an engine upgraded before its workers
   * keeps them working but for such runs.
   */
  private final Function<dev.runlog.protocol.avro.ExecuteRun, byte[]> withoutFailed =
      avro.olderEncoder(newestWithoutFailed());

  private static Schema newestWithoutFailed() {
    return SchemaHistory.of(dev.runlog.protocol.avro.ExecuteRun.getClassSchema().getFullName())
        .stream()
        .filter(s -> s.getField("tasks").schema().getElementType().getField("failed") == null)
        .reduce((older, newer) -> newer)
        .orElseThrow();
  }

  @Override
  public byte[] encode(ExecuteRun e) {
    var tasks =
        e.tasks().stream()
            .map(
                t ->
                    new dev.runlog.protocol.avro.TaskSnapshot(
                        t.key(),
                        t.completed(),
                        t.output(),
                        t.attempts(),
                        ErrorInfoCodec.toAvro(t.lastError()),
                        t.failed()))
            .toList();
    var waits =
        e.waits().stream()
            .map(
                w ->
                    new dev.runlog.protocol.avro.WaitSnapshot(
                        w.key(), w.until(), w.elapsed(), w.result()))
            .toList();
    var record =
        new dev.runlog.protocol.avro.ExecuteRun(
            e.runId(),
            e.jobId(),
            e.jobVersion(),
            e.execution(),
            e.payload(),
            e.context(),
            e.eventId(),
            e.eventName(),
            e.eventTimestamp(),
            e.runCreatedAt(),
            tasks,
            waits,
            e.logPartition(),
            e.logOffset(),
            e.sliceMillis(),
            e.cancelRequested());
    return e.tasks().stream().anyMatch(TaskSnapshot::failed)
        ? avro.encode(record)
        : withoutFailed.apply(record);
  }

  @Override
  public ExecuteRun decode(byte[] bytes) {
    var a = avro.decode(bytes);
    try {
      var tasks =
          a.getTasks().stream()
              .map(
                  t ->
                      new TaskSnapshot(
                          t.getKey(),
                          t.getCompleted(),
                          t.getOutput(),
                          t.getAttempts(),
                          ErrorInfoCodec.fromAvro(t.getLastError()),
                          t.getFailed()))
              .toList();
      var waits =
          a.getWaits().stream()
              .map(w -> new WaitSnapshot(w.getKey(), w.getUntil(), w.getElapsed(), w.getResult()))
              .toList();
      return new ExecuteRun(
          a.getRunId(),
          a.getJobId(),
          a.getJobVersion(),
          a.getExecution(),
          a.getPayload(),
          a.getContext(),
          a.getEventId(),
          a.getEventName(),
          a.getEventTimestamp(),
          a.getRunCreatedAt(),
          tasks,
          waits,
          a.getLogPartition(),
          a.getLogOffset(),
          a.getSliceMillis(),
          a.getCancelRequested());
    } catch (RuntimeException e) {
      throw new DecodeException("invalid ExecuteRun: " + e.getMessage(), e);
    }
  }
}
