package dev.runlog.bench;

import dev.runlog.sdk.Io;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.KafkaRecord;
import java.time.Duration;

/**
 * The benchmark's job: {@code tasks} no-op tasks returning ~50 bytes, with an optional durable
 * pause after them.
 */
final class BenchJob {
  static final String ID = "bench";
  static final String EVENT = "bench.run";
  private static final String OUTPUT = "x".repeat(48);

  /**
   * What a benchmark run does; {@code pauseAfter} adds a 1 ms durable wait and one more task, to
   * measure a resume. With {@code sendTo}, each task is timed as the job's code sees the whole call
   * (its append or commit included): a plain {@code runTask} ({@code sendTo} empty), or an {@code
   * io.kafka().send} of one record to topic {@code sendTo}.
   */
  record Payload(int tasks, boolean pauseAfter, String sendTo) {
    Payload(int tasks, boolean pauseAfter) {
      this(tasks, pauseAfter, null);
    }
  }

  private BenchJob() {}

  static Job<Payload> create(Recorder recorder) {
    return Job.define(
            ID,
            EVENT,
            Payload.class,
            (p, io, ctx) -> {
              if (p.sendTo() != null) {
                return calls(recorder, p, io, ctx.runId(), ctx.execution());
              }
              for (int i = 0; i < p.tasks(); i++) {
                int index = i;
                io.runTask(
                    "t" + i,
                    String.class,
                    () -> timed(recorder, ctx.runId(), index, ctx.execution()));
              }
              if (p.pauseAfter()) {
                io.sleep("pause", Duration.ofMillis(1));
                io.runTask(
                    "after",
                    String.class,
                    () -> timed(recorder, ctx.runId(), p.tasks(), ctx.execution()));
              }
              return p.tasks();
            })
        .lease(Duration.ofMinutes(2));
  }

  /** Each task timed as a whole call: a plain runTask, or a Kafka send of one record. */
  private static int calls(Recorder recorder, Payload p, Io io, String runId, long execution) {
    for (int i = 0; i < p.tasks(); i++) {
      long start = System.nanoTime();
      long startMillis = System.currentTimeMillis();
      if (p.sendTo().isEmpty()) {
        io.runTask("t" + i, String.class, () -> OUTPUT);
      } else {
        io.kafka().send("t" + i, p.sendTo(), KafkaRecord.of(runId, OUTPUT));
      }
      recorder.record(
          runId, new Recorder.Call(i, execution, start, System.nanoTime(), startMillis));
    }
    return p.tasks();
  }

  private static String timed(Recorder recorder, String runId, int index, long execution) {
    long start = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    recorder.record(
        runId, new Recorder.Call(index, execution, start, System.nanoTime(), startMillis));
    return OUTPUT;
  }
}
