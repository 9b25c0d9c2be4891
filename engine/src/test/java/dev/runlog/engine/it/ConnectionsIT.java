package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.connectors.integration.Integration;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.sdk.Auth;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Managed connections on a real broker, one engine and one worker for every test: the API stores
 * them sealed and refuses what it cannot store with a clear 4xx and never the secret.
 */
class ConnectionsIT extends OnRealBroker {
  private static final String PREFIX = "conns";
  private static final String KEY = ConnectionCipher.newKey();

  /** A stand-in integration: the jobs declare it, their code never calls it. */
  private static final Integration<Object> TEST = Integration.of("test", ctx -> ctx);

  private RunlogEngine engine;
  private Worker worker;
  private Api api;

  @BeforeAll
  void startEngineAndWorker() {
    engine =
        cluster.engine(
            PREFIX,
            config ->
                config.withRest(
                    RestSettings.loopback().withConnectionsKey(ConnectionCipher.fromBase64(KEY))));
    Job<Order> vault =
        Job.named("vault-read")
            .on("vault.read", Order.class)
            .call((order, io) -> io.runTask("read", String.class, () -> "read " + order.item()))
            .integration("vault", TEST, Auth.managed());
    Job<Order> crm =
        Job.named("crm-sync")
            .on("crm.sync", Order.class)
            .call((order, io) -> io.runTask("sync", String.class, () -> "synced " + order.item()))
            .integration("crm", TEST, Auth.perAccount());
    worker = Worker.start(cluster.worker(PREFIX, "w"), List.of(vault, crm));
    api = new Api(engine.url());
    api.awaitJob(vault.id());
    api.awaitJob(crm.id());
  }

  @AfterAll
  void stopEngineAndWorker() {
    worker.close();
    engine.close();
  }

  @Test
  void theApiStoresAConnectionSealedAndNeverShowsItsSecret() {
    String secret = "crm-token-" + ConnectionCipher.newKey();
    String body = "{\"type\":\"bearer\",\"token\":\"" + secret + "\"}";
    Api.Answer created = api.put("/api/connections/crm/initech", body);
    assertEquals(201, created.status(), created.body().toString());
    assertEquals("crm/initech", created.body().path("key").asText());
    assertEquals("bearer", created.body().path("type").asText());
    assertEquals("[\"crm-sync\"]", created.body().path("jobs").toString());
    assertTrue(created.body().path("currentKey").asBoolean(), created.body().toString());
    assertEquals(200, api.put("/api/connections/crm/initech", body).status(), "a replacement");

    Api.Answer one = api.get("/api/connections/crm/initech");
    assertEquals(200, one.status());
    JsonNode list = api.get("/api/connections").body();
    assertEquals("crm/initech", list.path("connections").get(0).path("key").asText(), list + "");
    assertEquals(
        "[\"per-account\"]",
        integration(list, "crm").path("auth").toString(),
        "the declared integrations: " + list);
    for (Api.Answer answer : List.of(created, one, new Api.Answer(200, list))) {
      assertFalse(answer.body().toString().contains(secret), "the secret shown: " + answer);
    }

    Api.Answer deleted = api.delete("/api/connections/crm/initech");
    assertEquals(200, deleted.status(), deleted.body().toString());
    assertEquals(404, api.get("/api/connections/crm/initech").status());
    assertEquals(404, api.delete("/api/connections/crm/initech").status());
  }

  @Test
  void whatCannotBeStoredIsAClear4xxWithoutTheSecret() {
    String secret = "s3cr3t-" + ConnectionCipher.newKey();
    assertRefused(
        404,
        api.put("/api/connections/nope", "{\"type\":\"bearer\",\"token\":\"" + secret + "\"}"),
        "no registered job declares a managed integration 'nope'",
        secret);
    assertRefused(
        400,
        api.put(
            "/api/connections/vault/acme", "{\"type\":\"bearer\",\"token\":\"" + secret + "\"}"),
        "one connection for every run",
        secret);
    assertRefused(
        400,
        api.put("/api/connections/crm", "{\"type\":\"bearer\",\"token\":\"" + secret + "\"}"),
        "PUT /api/connections/crm/{accountId}",
        secret);
    assertRefused(
        400,
        api.put("/api/connections/vault", "{\"type\":\"bearer\",\"token\":\"" + secret),
        "bad credentials: credentials must be a JSON object",
        secret);
    assertRefused(
        400,
        api.put("/api/connections/vault", "{\"type\":\"bearer\",\"secret\":\"" + secret + "\"}"),
        "credentials need a non-empty string 'token'",
        secret);
    assertRefused(
        400,
        api.put(
            "/api/connections/vault",
            "{\"type\":\"basic\",\"username\":\"u\",\"password\":\"" + secret + "\\n\"}"),
        "line break",
        secret);
    assertRefused(
        400,
        api.put("/api/connections/vault", "{\"type\":\"oauth\",\"token\":\"" + secret + "\"}"),
        "unknown credentials type 'oauth'",
        secret);
    assertRefused(404, api.get("/api/connections/vault/acme"), "no such connection", secret);
    assertEquals(404, api.get("/api/connections/vault").status(), "nothing was stored");
  }

  private static void assertRefused(int status, Api.Answer answer, String reason, String secret) {
    assertEquals(status, answer.status(), answer.body().toString());
    String error = answer.body().path("error").asText();
    assertTrue(error.contains(reason), "'" + reason + "' not in: " + error);
    assertFalse(error.contains(secret), "the secret in an error: " + error);
  }

  private static JsonNode integration(JsonNode list, String name) {
    for (JsonNode i : list.path("integrations")) {
      if (name.equals(i.path("integration").asText())) {
        return i;
      }
    }
    throw new AssertionError("no integration " + name + " in " + list);
  }
}
