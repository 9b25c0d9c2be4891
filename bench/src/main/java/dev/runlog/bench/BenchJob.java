package dev.runlog.bench;

import dev.runlog.sdk.Job;
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
   * measure a resume.
   */
  record Payload(int tasks, boolean pauseAfter) {}

  private BenchJob() {}

  static Job<Payload> create(Recorder recorder) {
    return Job.define(
            ID,
            EVENT,
            Payload.class,
            (p, io, ctx) -> {
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

  private static String timed(Recorder recorder, String runId, int index, long execution) {
    long start = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    recorder.record(
        runId, new Recorder.Call(index, execution, start, System.nanoTime(), startMillis));
    return OUTPUT;
  }
}
