package dev.runlog.engine.run;

import static dev.runlog.engine.run.RunEvents.RUN;
import static dev.runlog.engine.run.RunEvents.T0;
import static dev.runlog.engine.run.RunEvents.api;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.admission.AdmissionMessage;
import dev.runlog.engine.timer.Timer;
import dev.runlog.protocol.job.IntegrationUse;
import dev.runlog.protocol.job.JobDefinition;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Managed connections in the run machine: a run that needs one that does not exist waits,
 * WAITING_ON_CONNECTIONS, from its creation (or its delivery), holds no concurrency slot while it
 * waits, can be canceled or time out, and starts through admission once its connections exist.
 */
class ConnectionRulesTest {
  private static final IntegrationUse SLACK = new IntegrationUse("slack", "slack", "managed");
  private static final IntegrationUse CRM = new IntegrationUse("crm", "http", "per-account");
  private static final IntegrationUse GITHUB = new IntegrationUse("github", "http", "resolver");

  private static RunPolicy policy(String limitKey, Duration maxDuration, IntegrationUse... uses) {
    return new RunPolicy(
        "job",
        Duration.ofSeconds(30),
        10,
        maxDuration,
        limitKey,
        limitKey == null ? 0 : 1,
        null,
        null,
        List.of(uses));
  }

  private static RunEvent created(String context, Instant deliverAt) {
    return new RunEvent(
        RUN,
        T0,
        Origin.TRIGGER,
        null,
        new RunEventBody.RunCreated(
            "job", "1", "evt", "demo.hello", T0, "{}", context, null, deliverAt));
  }

  @Test
  void aRunMissingAConnectionWaitsFromItsCreationWithoutASlotUntilItExists() {
    RunHarness run = new RunHarness(policy("job:job", Duration.ofMinutes(5), SLACK, GITHUB));
    run.feed(created(null, null));
    assertEquals(RunStatus.WAITING_ON_CONNECTIONS, run.status());
    assertEquals(List.of(new RunEventBody.RunWaitingOnConnections(List.of("slack"))), run.appended);
    assertEquals(List.of("slack"), run.header.connections(), "the resolver's needs none");
    assertTrue(run.admission.isEmpty(), "a waiting run asks for no slot: " + run.admission);
    assertEquals(0, run.dispatches);
    assertEquals(
        T0.plus(Duration.ofMinutes(5)),
        run.lastTimer(Timer.Kind.RUN_TIMEOUT).due(),
        "its maximum duration counts from its creation");

    assertInstanceOf(Decision.Ignore.class, run.connect("other"));
    assertEquals(RunStatus.WAITING_ON_CONNECTIONS, run.status());

    run.connect("slack");
    assertEquals(
        new RunEventBody.ConnectionsResolved(List.of("slack")),
        run.appended.get(run.appended.size() - 1));
    assertEquals(RunStatus.PENDING, run.status(), "it asks admission for a slot, as any run");
    assertInstanceOf(AdmissionMessage.Acquire.class, run.admission.get(0));
    assertEquals(0, run.dispatches);
    run.feed(RunEvents.engine(new RunEventBody.RunStarted(1, RunMachine.CONNECTED, null)));
    assertEquals(RunStatus.EXECUTING, run.status());
    assertInstanceOf(Decision.Ignore.class, run.connect("slack"), "it waits no more");
  }

  @Test
  void withoutALimitItIsDispatchedOnceItsConnectionExists() {
    RunHarness run = new RunHarness(policy(null, null, SLACK));
    run.feed(created(null, null));
    run.connect("slack");
    assertEquals(RunStatus.EXECUTING, run.status());
    assertEquals(1, run.dispatches);
    assertEquals(RunMachine.CONNECTED, ((RunEventBody.RunStarted) run.appended.get(2)).reason());
  }

  @Test
  void aRunWhoseConnectionsExistStartsAtOnce() {
    RunHarness run = new RunHarness(policy(null, null, SLACK, GITHUB));
    run.connections.add("slack");
    run.feed(created(null, null));
    assertEquals(RunStatus.EXECUTING, run.status());
    assertTrue(
        run.appended.stream().noneMatch(b -> b instanceof RunEventBody.RunWaitingOnConnections));
  }

  @Test
  void aPerAccountIntegrationNeedsTheConnectionOfTheRunsAccount() {
    RunHarness run = new RunHarness(policy(null, null, SLACK, CRM));
    run.connections.add("slack");
    run.connections.add("crm/globex");
    run.feed(created("{\"accountId\":\"acme\",\"region\":\"eu\"}", null));
    assertEquals(RunStatus.WAITING_ON_CONNECTIONS, run.status());
    assertEquals(List.of("slack", "crm/acme"), run.header.connections());
    assertEquals(
        new RunEventBody.RunWaitingOnConnections(List.of("crm/acme")), run.appended.get(0));
    run.connect("crm/acme");
    assertEquals(RunStatus.EXECUTING, run.status());

    RunHarness numbered = new RunHarness(policy(null, null, CRM));
    numbered.feed(created("{\"accountId\":42}", null));
    assertEquals(List.of("crm/42"), numbered.header.connections(), "a number is an account too");
  }

  @Test
  void aPerAccountIntegrationWithoutAnAccountEndsUnresolvedAuthWithTheReason() {
    for (String context : new String[] {null, "{}", "{\"accountId\":null}", "not json"}) {
      RunHarness run = new RunHarness(policy("job:job", Duration.ofMinutes(5), SLACK, CRM));
      run.feed(created(context, null));
      assertEquals(RunStatus.UNRESOLVED_AUTH, run.status(), "context " + context);
      assertTrue(
          run.header.error().message().contains("crm: job job takes the connection of"),
          run.header.error().message());
      assertTrue(run.header.error().message().contains("no accountId"));
      assertTrue(run.admission.isEmpty());
      assertTrue(run.timers.isEmpty(), "nothing left to time out: " + run.timers);
    }
  }

  @Test
  void aWaitingRunCanBeCanceledOrTimeOut() {
    RunHarness canceled = new RunHarness(policy("job:job", Duration.ofMinutes(5), SLACK));
    canceled.feed(created(null, null));
    canceled.feed(api(new RunEventBody.CancelRequested("not needed", "api")));
    assertEquals(RunStatus.CANCELED, canceled.status());
    assertEquals(0, canceled.dispatches);
    assertInstanceOf(Decision.Ignore.class, canceled.connect("slack"));
    assertEquals(RunStatus.CANCELED, canceled.status(), "a connection added later starts nothing");

    RunHarness timedOut = new RunHarness(policy("job:job", Duration.ofMinutes(5), SLACK));
    timedOut.feed(created(null, null));
    timedOut.fireLast(Timer.Kind.RUN_TIMEOUT);
    assertEquals(RunStatus.TIMED_OUT, timedOut.status());
    assertTrue(
        timedOut.header.error().message().contains("maximum duration"),
        timedOut.header.error().message());
  }

  @Test
  void aDelayedRunLooksForItsConnectionsWhenItComesDue() {
    RunHarness run = new RunHarness(policy(null, null, SLACK));
    run.feed(created(null, T0.plusSeconds(60)));
    assertEquals(RunStatus.PENDING, run.status(), "not due yet: nothing to wait for");
    assertTrue(run.appended.isEmpty());
    run.fireLast(Timer.Kind.DELIVER);
    assertEquals(RunStatus.WAITING_ON_CONNECTIONS, run.status());
    run.connect("slack");
    assertEquals(RunStatus.EXECUTING, run.status());

    RunHarness ready = new RunHarness(policy(null, null, SLACK));
    ready.connections.add("slack");
    ready.feed(created(null, T0.plusSeconds(60)));
    ready.fireLast(Timer.Kind.DELIVER);
    assertEquals(RunStatus.EXECUTING, ready.status());
  }

  @Test
  void aRunCanceledWhileWaitingWaitsAgainWhenContinuedWithoutItsConnection() {
    RunHarness run = new RunHarness(policy(null, null, SLACK));
    run.feed(created(null, null));
    run.feed(api(new RunEventBody.CancelRequested(null, "api")));
    run.feed(api(new RunEventBody.RunContinued("api", null)));
    assertEquals(RunStatus.WAITING_ON_CONNECTIONS, run.status());
    run.connect("slack");
    assertEquals(RunStatus.EXECUTING, run.status());
  }

  @Test
  void thePolicyCarriesTheJobsIntegrations() {
    JobDefinition job =
        JobDefinition.of("job", "1", "demo.hello", T0)
            .withWorkerId("w")
            .withIntegrations(List.of(SLACK, CRM, GITHUB));
    RunPolicy policy = RunPolicy.of(job);
    assertEquals(List.of(SLACK, CRM, GITHUB), policy.integrations());
    assertEquals(List.of("slack", "crm/a"), policy.connectionsFor("{\"accountId\":\"a\"}"));
    assertEquals(CRM, policy.accountMissing("{}"));
    assertNull(policy.accountMissing("{\"accountId\":\"a\"}"));
    assertEquals(List.of(), RunHarness.plain().connectionsFor("{\"accountId\":\"a\"}"));
  }
}
