package dev.runlog.engine.run;

import dev.runlog.protocol.run.ErrorInfo;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Instant;

/** Run events for tests, all of run "r" of job "job". */
final class RunEvents {
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final String RUN = "r";

  private RunEvents() {}

  static RunEvent created() {
    return created("{\"name\":\"Ada\"}", null);
  }

  static RunEvent created(String payload, Instant deliverAt) {
    return new RunEvent(
        RUN,
        T0,
        Origin.TRIGGER,
        null,
        new RunEventBody.RunCreated(
            "job", "1", "evt", "demo.hello", T0, payload, null, null, deliverAt));
  }

  static RunEvent engine(RunEventBody body) {
    return RunEvent.engine(RUN, T0.plusMillis(1), body);
  }

  static RunEvent api(RunEventBody body) {
    return new RunEvent(RUN, T0.plusMillis(3), Origin.API, null, body);
  }

  static RunEvent worker(long execution, RunEventBody body) {
    return RunEvent.worker(RUN, T0.plusMillis(2), execution, body);
  }

  static RunEvent completed(long execution, String key, String output) {
    return worker(execution, new RunEventBody.TaskCompleted(key, output, T0, 1));
  }

  /** A Kafka send's {@code TaskCompleted}, committed with its records. */
  static RunEvent sent(long execution, String key) {
    return worker(
        execution,
        new RunEventBody.TaskCompleted(
            key, "[]", T0, 1, dev.runlog.protocol.run.TaskIntegration.KAFKA_SEND));
  }

  static RunEvent succeeded(long execution) {
    return worker(execution, new RunEventBody.RunSucceeded("\"done\""));
  }

  static RunEvent failed(long execution, String message) {
    return worker(
        execution,
        new RunEventBody.RunFailed(ErrorInfo.of("java.lang.IllegalStateException", message)));
  }
}
