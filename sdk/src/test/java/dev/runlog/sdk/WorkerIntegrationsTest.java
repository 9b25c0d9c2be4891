package dev.runlog.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.connectors.http.Http;
import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.IntegrationException;
import dev.runlog.connectors.slack.Slack;
import dev.runlog.protocol.connection.Connection;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerIntegrationsTest {
  private static final String KEY = ConnectionCipher.newKey();
  private static final ConnectionCipher CIPHER = ConnectionCipher.fromBase64(KEY);
  private static final String TOKEN = "xoxb-never-shown";
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private final Map<String, Connection> topic = new HashMap<>();
  private final Map<String, String> settings = new HashMap<>(Map.of("connections.key", KEY));

  private WorkerIntegrations integrations() {
    return new WorkerIntegrations(
        name -> Optional.ofNullable(settings.get(name)),
        (key, wait) -> Optional.ofNullable(topic.get(key)),
        "t.connections",
        HttpClient.newHttpClient());
  }

  private static DeclaredIntegration slack(Auth auth) {
    return new DeclaredIntegration("slack", Slack.INTEGRATION, auth, null);
  }

  private static Context account(String accountId) {
    Map<String, Object> event = accountId == null ? Map.of() : Map.of("accountId", accountId);
    return new Context("run_1", "job", "1", "evt_1", "e", NOW, event, "dev", "default", 1);
  }

  @Test
  void aManagedConnectionIsOpenedWithTheWorkersKey() {
    topic.put("slack", CIPHER.seal("slack", null, Credentials.bearer(TOKEN), NOW));
    assertEquals(
        Credentials.bearer(TOKEN),
        integrations().credentials(slack(Auth.managed()), account(null)));
  }

  @Test
  void aConnectionPerAccountIsTheOneOfTheRunsAccount() {
    topic.put("slack/acme", CIPHER.seal("slack", "acme", Credentials.bearer("acme-token"), NOW));
    assertEquals(
        Credentials.bearer("acme-token"),
        integrations().credentials(slack(Auth.perAccount()), account("acme")));
    IntegrationException none =
        assertThrows(
            IntegrationException.class,
            () -> integrations().credentials(slack(Auth.perAccount()), account(null)));
    assertFalse(none.retryable());
    assertTrue(none.getMessage().contains("no accountId"), none.getMessage());
  }

  @Test
  void aConnectionTheCatalogDoesNotHaveIsARetryableFailureSayingHowToAddIt() {
    IntegrationException e =
        assertThrows(
            IntegrationException.class,
            () -> integrations().credentials(slack(Auth.managed()), account(null)));
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("connection 'slack' is not on t.connections"));
    assertTrue(e.getMessage().contains("PUT /api/connections/slack"), e.getMessage());
  }

  @Test
  void withoutAKeyOrWithAnotherKeyItFailsAtOnceWithoutShowingEither() {
    topic.put("slack", CIPHER.seal("slack", null, Credentials.bearer(TOKEN), NOW));
    settings.remove("connections.key");
    IntegrationException noKey =
        assertThrows(
            IntegrationException.class,
            () -> integrations().credentials(slack(Auth.managed()), account(null)));
    assertFalse(noKey.retryable());
    assertTrue(noKey.getMessage().contains("no connections.key"), noKey.getMessage());

    String other = ConnectionCipher.newKey();
    settings.put("connections.key", other);
    IntegrationException wrong =
        assertThrows(
            IntegrationException.class,
            () -> integrations().credentials(slack(Auth.managed()), account(null)));
    assertFalse(wrong.retryable());
    assertTrue(wrong.getMessage().contains("sealed by key"), wrong.getMessage());
    for (String secret : new String[] {TOKEN, KEY, other}) {
      assertFalse(wrong.getMessage().contains(secret));
      assertFalse(noKey.getMessage().contains(secret));
    }

    settings.put("connections.key", "not base64!");
    IntegrationException bad =
        assertThrows(
            IntegrationException.class,
            () -> integrations().credentials(slack(Auth.managed()), account(null)));
    assertTrue(bad.getMessage().contains("not base64"), bad.getMessage());
  }

  @Test
  void noAuthIsNoCredentialsAndAResolversAreTheOnesResolvedForTheExecution() {
    DeclaredIntegration open = new DeclaredIntegration("web", Http.INTEGRATION, Auth.none(), null);
    assertNull(integrations().credentials(open, account(null)));

    DeclaredIntegration resolved = slack(Auth.resolver(ctx -> Credentials.bearer("r")));
    assertThrows(
        IntegrationException.class, () -> integrations().credentials(resolved, account(null)));
    Integrations forRun = integrations().withResolved(Map.of("slack", Credentials.bearer("r")));
    assertEquals(Credentials.bearer("r"), forRun.credentials(resolved, account(null)));
    assertNull(forRun.credentials(open, account(null)));
    settings.put("slack.base.url", "http://127.0.0.1:1/api");
    assertEquals("http://127.0.0.1:1/api", forRun.setting("slack.base.url").orElseThrow());
  }

  @Test
  void aWorkerConfigNeverShowsItsConnectionsKey() {
    WorkerConfig config = WorkerConfig.of("k:9092").withSetting("connections.key", KEY);
    assertFalse(config.toString().contains(KEY), config.toString());
    assertEquals(KEY, config.setting("connections.key").orElseThrow());
    assertEquals(
        KEY,
        WorkerConfig.from(Map.of("connections.key", KEY)).setting("connections.key").orElseThrow(),
        "read from settings as the other keys are");
  }
}
