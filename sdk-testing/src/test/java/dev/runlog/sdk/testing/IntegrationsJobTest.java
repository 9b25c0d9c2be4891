package dev.runlog.sdk.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.connectors.http.Http;
import dev.runlog.connectors.http.Response;
import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.slack.Slack;
import dev.runlog.sdk.Auth;
import dev.runlog.sdk.Job;
import dev.runlog.testkit.http.RecordingHttpServer;
import dev.runlog.testkit.http.RecordingHttpServer.Reply;
import dev.runlog.testkit.http.SlackStandIn;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Integration calls as tasks in the harness, against a local server: retried, memoized, failed. */
class IntegrationsJobTest {
  record Ping(String url) {}

  private static Job<Ping> fetch() {
    return Job.on("ping", Ping.class)
        .call((ping, io) -> io.http("api").get("fetch", ping.url()).json().path("n").asInt())
        .integration("api", Http.INTEGRATION, Auth.managed());
  }

  @Test
  void aRetryAfterIsHonouredTheNextAttemptComesNoSoonerThanItAsks() {
    try (RecordingHttpServer server = RecordingHttpServer.start()) {
      server.reply(Reply.text(503, "busy").withHeader("Retry-After", "120"));
      server.reply(Reply.json(200, "{\"n\": 7}"));
      TestRun run =
          JobTest.of(fetch())
              .withConnection("api", Credentials.apiKey("X-Api-Key", "k-1"))
              .start(new Ping(server.url() + "/n"));

      TestRun.Pending retry = run.pending().orElseThrow();
      assertEquals("retry", retry.kind());
      assertTrue(
          !retry.until().isBefore(JobTest.DEFAULT_START.plusSeconds(120)),
          "retry at " + retry.until() + ", not before the 120 s asked");
      run.elapse();
      assertEquals(TestRun.Status.SUCCEEDED, run.status());
      assertEquals(7, run.result(Integer.class));
      assertEquals(2, server.requests().size());
      assertEquals("k-1", server.requests().get(1).header("X-Api-Key"));
      run.replay();
      assertEquals(2, server.requests().size(), "a replay calls nothing again");
      assertEquals(7, run.output("fetch", Response.class).json().path("n").asInt());
    }
  }

  @Test
  void aSlackErrorFailsTheRunWithItsCodeAtOnce() {
    try (SlackStandIn slack = SlackStandIn.start()) {
      slack.server().reply(SlackStandIn.error("channel_not_found"));
      Job<Ping> post =
          Job.on("ping", Ping.class)
              .call((ping, io) -> io.slack("slack").postMessage("post", "#nope", "hi"))
              .integration("slack", Slack.INTEGRATION, Auth.managed());
      TestRun run =
          JobTest.of(post)
              .withConnection("slack", Credentials.bearer("xoxb-1"))
              .withSetting("slack.base.url", slack.baseUrl())
              .start(new Ping(""));
      assertEquals(TestRun.Status.FAILED, run.status());
      assertTrue(run.error().getMessage().contains("channel_not_found"), run.error().getMessage());
      assertEquals(1, slack.server().requests().size(), "not retried");
    }
  }

  @Test
  void aResolverThatFailsEndsTheRunBeforeItsCodeRuns() {
    AtomicInteger played = new AtomicInteger();
    Job<Ping> job =
        Job.on("ping", Ping.class)
            .call(
                (ping, io) -> {
                  played.incrementAndGet();
                  return io.http("api").get("fetch", ping.url()).status();
                })
            .integration(
                "api",
                Http.INTEGRATION,
                Auth.resolver(
                    ctx -> {
                      throw new IllegalStateException("no token for " + ctx.account());
                    }));
    TestRun run = JobTest.of(job).start(new Ping("http://127.0.0.1:1/"));
    assertEquals(TestRun.Status.FAILED, run.status());
    assertTrue(run.error().getMessage().startsWith("UNRESOLVED_AUTH: integration 'api'"));
    assertEquals(0, played.get());
  }
}
