package dev.runlog.connectors.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.http.DirectContext;
import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.IntegrationException;
import dev.runlog.testkit.http.RecordingHttpServer.Recorded;
import dev.runlog.testkit.http.RecordingHttpServer.Reply;
import dev.runlog.testkit.http.SlackStandIn;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackTest {
  private static final String TOKEN = "xoxb-s3cr3t";
  private final SlackStandIn standIn = SlackStandIn.start();

  @AfterEach
  void stop() {
    standIn.close();
  }

  private Slack slack(Credentials credentials, String baseUrl) {
    return new Slack(
        new DirectContext(credentials, Map.of(Slack.BASE_URL_SETTING, baseUrl)), Clock.systemUTC());
  }

  private Slack slack() {
    return slack(Credentials.bearer(TOKEN), standIn.baseUrl());
  }

  @Test
  void postMessageCallsChatPostMessageWithTheBotTokenAndGivesChannelAndTs() throws Exception {
    DirectContext ctx =
        new DirectContext(
            Credentials.bearer(TOKEN), Map.of(Slack.BASE_URL_SETTING, standIn.baseUrl() + "/"));
    Slack.Message m =
        new Slack(ctx, Clock.systemUTC()).postMessage("⭐️ New Star", "#stars", "ada starred");

    assertEquals(List.of("⭐️ New Star postMessage"), ctx.tasks);
    Recorded got = standIn.server().requests().get(0);
    assertEquals("POST", got.method());
    assertEquals("/api/chat.postMessage", got.path());
    assertEquals("Bearer " + TOKEN, got.header("Authorization"));
    assertTrue(got.header("Content-Type").startsWith("application/json"));
    assertEquals("#stars", m.channel());
    assertTrue(m.ts().matches("\\d+\\.\\d{6}"), m.ts());
    assertEquals(1, standIn.posts().size());
    assertEquals("ada starred", standIn.posts().get(0).text());
    assertNull(standIn.posts().get(0).blocks());
  }

  @Test
  void aMessageWithBlocks() throws Exception {
    String blocks = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"*hi*\"}}]";
    slack().postMessage("b", "C123", "hi", Slack.blocks(blocks));
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree(blocks), json.readTree(standIn.posts().get(0).blocks()));
    assertThrows(
        IllegalArgumentException.class,
        () -> slack().postMessage("b2", "C123", "hi", Slack.blocks("{\"type\":\"divider\"}")));
  }

  @Test
  void okFalseIsAFailureWithSlacksErrorCodeNotRetried() {
    standIn.server().reply(SlackStandIn.error("channel_not_found"));
    IntegrationException e = post();
    assertFalse(e.retryable());
    assertEquals("Slack chat.postMessage: channel_not_found", e.getMessage());
    assertTrue(standIn.posts().isEmpty());
  }

  @Test
  void anAuthErrorNamesTheCodeNotTheToken() {
    standIn.server().reply(SlackStandIn.error("invalid_auth"));
    IntegrationException e = post();
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("invalid_auth"));
    assertFalse(e.getMessage().contains(TOKEN));
  }

  @Test
  void rateLimitedIsRetriedNoSoonerThanRetryAfter() {
    standIn.server().reply(SlackStandIn.rateLimited(Duration.ofSeconds(3)));
    standIn.server().reply(SlackStandIn.error("ratelimited").withHeader("Retry-After", "5"));
    IntegrationException limited = post();
    assertTrue(limited.retryable());
    assertEquals(Duration.ofSeconds(3), limited.retryAfter().orElseThrow());
    assertEquals("Slack chat.postMessage: ratelimited", limited.getMessage());
    assertEquals(Duration.ofSeconds(5), post().retryAfter().orElseThrow());
  }

  @Test
  void anAnswerThatIsNotJsonIsAFailureSayingSo() {
    standIn.server().reply(Reply.text(200, "<html>hello</html>"));
    IntegrationException e = post();
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("the answer is not JSON (status 200"), e.getMessage());

    standIn.server().reply(Reply.text(502, "<html>bad gateway</html>"));
    IntegrationException gateway = post();
    assertTrue(gateway.retryable(), "a proxy's 5xx page: " + gateway.getMessage());
    assertTrue(gateway.getMessage().contains("502"), gateway.getMessage());
  }

  @Test
  void aHostThatRefusesIsRetriedAndOtherCredentialsThanATokenAreRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    IntegrationException refused =
        assertThrows(
            IntegrationException.class,
            () ->
                slack(Credentials.bearer(TOKEN), "http://127.0.0.1:" + port + "/api")
                    .postMessage("k", "#c", "t"));
    assertTrue(refused.retryable());
    assertTrue(refused.getMessage().contains("connection refused"), refused.getMessage());

    IntegrationException basic =
        assertThrows(
            IntegrationException.class,
            () ->
                slack(Credentials.basic("u", "p"), standIn.baseUrl()).postMessage("k", "#c", "t"));
    assertFalse(basic.retryable());
    assertTrue(basic.getMessage().contains("needs a bot token"), basic.getMessage());

    IntegrationException notUrl =
        assertThrows(
            IntegrationException.class,
            () -> slack(Credentials.bearer(TOKEN), "slack.com/api").postMessage("k", "#c", "t"));
    assertFalse(notUrl.retryable());
    assertTrue(notUrl.getMessage().contains("slack.base.url"), notUrl.getMessage());
  }

  private IntegrationException post() {
    return assertThrows(
        IntegrationException.class, () -> slack().postMessage("post", "#stars", "hi"));
  }
}
