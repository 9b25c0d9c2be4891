package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.connectors.integration.Integration;
import dev.runlog.connectors.integration.IntegrationContext;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.protocol.topic.Topics;
import dev.runlog.sdk.Auth;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.Worker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Managed connections on a real broker, one engine and one worker for every test: the API stores
 * them sealed and refuses what it cannot store with a clear 4xx and never the secret; a run whose
 * connection is missing waits for it, WAITING_ON_CONNECTIONS, without its concurrency slot, and
 * completes once it is added (or is canceled meanwhile); per account, only the account added
 * starts.
 */
class ConnectionsIT extends OnRealBroker {
  private static final String PREFIX = "conns";
  private static final String KEY = ConnectionCipher.newKey();

  /** A stand-in integration: its calls are tasks labelled with it, needing no credentials. */
  private static final Integration<IntegrationContext> TEST = Integration.of("test", ctx -> ctx);

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
            .call(
                (order, io) ->
                    io.integration("vault", TEST)
                        .task("read", "read", String.class, () -> "read " + order.item()))
            .integration("vault", TEST, Auth.managed())
            .sharedLimit("one", 1)
            .maxDuration(Duration.ofMinutes(10));
    Job<Order> plain = // shares the limit of one run at a time with vault-read
        Job.named("plain")
            .on("plain.work", Order.class)
            .call((order, io) -> io.runTask("work", String.class, () -> "did " + order.item()))
            .sharedLimit("one", 1);
    Job<Order> crm =
        Job.named("crm-sync")
            .on("crm.sync", Order.class)
            .call((order, io) -> io.runTask("sync", String.class, () -> "synced " + order.item()))
            .integration("crm", TEST, Auth.perAccount());
    worker = Worker.start(cluster.worker(PREFIX, "w"), List.of(vault, plain, crm));
    api = new Api(engine.url());
    api.awaitJob(vault.id());
    api.awaitJob(plain.id());
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
    assertTrue(list.path("connections").findValuesAsText("key").contains("crm/initech"), list + "");
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
  }

  @Test
  void aRunWaitsForItsConnectionWithoutItsSlotAndCompletesOnceItIsAdded() {
    String first = runOf(send("v1", "vault.read", null), "WAITING_ON_CONNECTIONS");
    String second = runOf(send("v2", "vault.read", null), "WAITING_ON_CONNECTIONS");
    JsonNode waiting = api.get("/api/runs/" + first).body();
    assertEquals("[\"vault\"]", waiting.path("connections").toString(), waiting.toString());

    // the shared slot is free: the waiting runs hold none
    runOf(send("p1", "plain.work", null), "SUCCESS");

    assertEquals(202, api.post("/api/runs/" + second + "/cancel", "{}").status());
    api.await("/api/runs/" + second, a -> "CANCELED".equals(a.body().path("status").asText()));
    JsonNode missing =
        api.await(
            "/api/connections",
            a -> a.body().path("missing").toString().contains("\"waitingRuns\":1"));
    assertEquals("vault", missing.path("missing").get(0).path("key").asText(), missing + "");

    String secret = "vault-token-" + ConnectionCipher.newKey();
    Api.Answer put =
        api.put("/api/connections/vault", "{\"type\":\"bearer\",\"token\":\"" + secret + "\"}");
    assertEquals(201, put.status(), put.body().toString());
    JsonNode done =
        api.await("/api/runs/" + first, a -> "SUCCESS".equals(a.body().path("status").asText()));
    assertEquals("\"read v1\"", done.path("output").toString());
    assertEquals(
        "{\"kind\":\"test\",\"name\":\"vault\",\"operation\":\"read\"}",
        done.path("tasks").get(0).path("integration").toString(),
        "the task shows the integration it called");
    assertEquals("CANCELED", api.get("/api/runs/" + second).body().path("status").asText());
    assertEquals(0, api.get("/api/connections/vault").body().path("waitingRuns").asInt());
    String metrics = api.text("/metrics");
    assertTrue(metrics.contains("runlog_connections "), "the connections gauge");
    assertTrue(metrics.contains("runlog_runs_waiting_on_connections "), "the waiting runs gauge");

    // the secret is in no record of the engine's topics: sealed on connections, absent elsewhere
    Topics topics = new Topics(PREFIX);
    for (String topic : List.of(topics.connections().name(), topics.runEvents().name())) {
      for (byte[] value : cluster.values(topic)) {
        assertFalse(
            new String(value, StandardCharsets.ISO_8859_1).contains(secret),
            "the secret in clear on " + topic);
      }
    }
  }

  @Test
  void perAccountOnlyTheRunsOfTheAccountAddedStart() {
    String acme = runOf(send("c1", "crm.sync", "acme"), "WAITING_ON_CONNECTIONS");
    String globex = runOf(send("c2", "crm.sync", "globex"), "WAITING_ON_CONNECTIONS");
    assertEquals(
        "[\"crm/acme\"]", api.get("/api/runs/" + acme).body().path("connections").toString());

    assertEquals(
        201,
        api.put("/api/connections/crm/acme", "{\"type\":\"bearer\",\"token\":\"t\"}").status());
    api.await("/api/runs/" + acme, a -> "SUCCESS".equals(a.body().path("status").asText()));
    assertEquals(
        "WAITING_ON_CONNECTIONS",
        api.get("/api/runs/" + globex).body().path("status").asText(),
        "another account's connection starts nothing");

    JsonNode unresolved =
        api.get("/api/runs/" + runOf(send("c3", "crm.sync", null), "UNRESOLVED_AUTH")).body();
    assertTrue(
        unresolved.path("error").path("message").asText().contains("no accountId"),
        unresolved.toString());
    assertEquals(202, api.post("/api/runs/" + globex + "/cancel", "{}").status());
  }

  /** Sends event {@code id}; {@code account} null: without one. */
  private String send(String id, String name, String account) {
    String context = account == null ? "" : ", \"context\": {\"accountId\": \"" + account + "\"}";
    Api.Answer sent =
        api.post(
            "/api/events",
            "{\"name\": \""
                + name
                + "\", \"id\": \""
                + id
                + "\", \"payload\": {\"item\": \""
                + id
                + "\"}"
                + context
                + "}");
    assertEquals(202, sent.status(), sent.body().toString());
    return id;
  }

  /** The id of the run of event {@code eventId}, once it is {@code status}. */
  private String runOf(String eventId, String status) {
    return api.awaitRunOfEvent(eventId, status).path("id").asText();
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
