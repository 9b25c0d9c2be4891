package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.engine;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.protocol.job.KeyLimit;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-key concurrency: which limits a run of a keyed job takes and gives back. */
class KeyLimitRulesTest {
  private static final KeyLimit PER_TENANT = new KeyLimit("tenant.id", 1);

  @Test
  void aKeyedJobWithoutAJobLimitTakesASlotOfItsKeyOnly() {
    RunPolicy policy =
        new RunPolicy("job", Duration.ofSeconds(30), 10, null, null, 0, null, PER_TENANT);
    RunHarness run = new RunHarness(policy);
    run.feed(RunEvents.created("{\"tenant\":{\"id\":\"acme\"}}", null));
    assertEquals("acme", run.header.concurrencyKey());
    assertEquals(
        List.of(new AdmissionMessage.Acquire("key:job:acme", 1, RunEvents.RUN, 1, "created")),
        run.admission);
    run.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    run.feed(RunEvents.succeeded(1));
    assertEquals(new AdmissionMessage.Release("key:job:acme", RunEvents.RUN), run.admission.get(1));
  }

  @Test
  void withAJobLimitBothAreAskedOfTheJobLimitsOwner() {
    RunPolicy policy =
        new RunPolicy("job", Duration.ofSeconds(30), 10, null, "job:job", 5, null, PER_TENANT);
    RunHarness run = new RunHarness(policy);
    run.feed(RunEvents.created("{\"tenant\":{\"id\":42}}", null));
    assertEquals(
        List.of(
            new AdmissionMessage.Acquire(
                "job:job", 5, RunEvents.RUN, 1, "created", "key:job:42", 1)),
        run.admission);
    run.feed(engine(new RunEventBody.RunStarted(1, "created", null)));
    run.feed(RunEvents.failed(1, "boom"));
    assertEquals(
        new AdmissionMessage.Release("job:job", RunEvents.RUN, "key:job:42"), run.admission.get(1));
  }

  @Test
  void aPayloadWithoutTheKeyIsAnInvalidPayload() {
    RunPolicy policy =
        new RunPolicy("job", Duration.ofSeconds(30), 10, null, null, 0, null, PER_TENANT);
    RunHarness run = new RunHarness(policy);
    run.feed(RunEvents.created("{\"tenant\":{}}", null));
    assertEquals(RunStatus.INVALID_PAYLOAD, run.status());
    assertEquals(
        "$.tenant.id: the job's per-key concurrency limit needs a string, number or boolean here",
        run.header.error().message());
  }
}
