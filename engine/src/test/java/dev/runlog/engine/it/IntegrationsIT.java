package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.connectors.http.Http;
import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.connectors.slack.Slack;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.protocol.run.Origin;
import dev.runlog.protocol.run.RunEvent;
import dev.runlog.protocol.run.RunEventBody;
import dev.runlog.protocol.run.TaskIntegration;
import dev.runlog.sdk.Auth;
import dev.runlog.sdk.Event;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.KafkaRecord;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import dev.runlog.testkit.http.RecordingHttpServer;
import dev.runlog.testkit.http.RecordingHttpServer.Recorded;
import dev.runlog.testkit.http.RecordingHttpServer.Reply;
import dev.runlog.testkit.http.SlackStandIn;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The worker's integrations on a real broker, through one engine and one worker: auth resolvers
 * that fail end their runs UNRESOLVED_AUTH before the code runs; an HTTP call through a managed
 * connection is retried no sooner than the {@code Retry-After} its server asked for; and a
 * connection's token, put through {@code PUT /api/connections/slack}, is found nowhere, in the log
 * output of the engine and the worker nor in the bytes of any runlog topic, even after calls whose
 * errors are about that token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntegrationsIT extends OnRealBroker {
  private static final String PREFIX = "integrations";
  private static final String KEY = ConnectionCipher.newKey();
  private static final String SECRET = "xoxb-IT-" + java.util.UUID.randomUUID();

  private final AtomicInteger played = new AtomicInteger();
  private LogCapture logs;
  private SlackStandIn slack;
  private RecordingHttpServer echo;
  private RunlogEngine engine;
  private Worker worker;
  private RunlogClient client;
  private Api api;

  @BeforeAll
  void start() {
    logs = LogCapture.start(); // before anything that could log
    slack = SlackStandIn.start();
    echo = RecordingHttpServer.start();
    // a server that repeats the credentials it got in its refusal, as some do
    echo.otherwise(r -> Reply.text(401, "invalid credentials: " + r.header("Authorization")));
    engine =
        cluster.engine(
            PREFIX,
            config ->
                config.withRest(
                    RestSettings.loopback().withConnectionsKey(ConnectionCipher.fromBase64(KEY))));
    worker =
        Worker.start(
            cluster
                .worker(PREFIX, "w")
                .withSetting("connections.key", KEY)
                .withSetting(Slack.BASE_URL_SETTING, slack.baseUrl()),
            List.of(
                resolverJob(
                    "vault",
                    Auth.resolver(
                        ctx -> {
                          throw new IllegalStateException(
                              "the vault is sealed for " + ctx.account());
                        })),
                resolverJob("empty", Auth.resolver(ctx -> null)),
                fetchJob(),
                notifyJob(),
                echoJob()));
    client = RunlogClient.connect(cluster.bootstrapServers(), PREFIX, Map.of());
    api = new Api(engine.url());
    for (String job : List.of("vault", "empty", "fetch", "notify", "echo")) {
      api.awaitJob(job);
    }
    // as an operator adds them: the API seals them with the engine's connections.key
    putConnection("slack", SECRET);
    putConnection("echo", SECRET);
    putConnection("api", "api-token");
  }

  @AfterAll
  void stop() {
    client.close();
    worker.close();
    engine.close();
    slack.close();
    echo.close();
    logs.close();
  }

  private void putConnection(String name, String token) {
    Api.Answer put =
        api.put("/api/connections/" + name, "{\"type\": \"bearer\", \"token\": \"" + token + "\"}");
    assertEquals(201, put.status(), put.body().toString());
  }

  private Job<Order> resolverJob(String id, Auth auth) {
    return Job.named(id)
        .on(id + ".run", Order.class)
        .call(
            (order, io) -> {
              played.incrementAndGet();
              return io.http("api").get("fetch", "http://127.0.0.1:1/").status();
            })
        .integration("api", Http.INTEGRATION, auth);
  }

  private static Job<Order> fetchJob() {
    return Job.named("fetch")
        .on("fetch.run", Order.class)
        .call((order, io) -> io.http("api").get("fetch", order.item()).json().path("n").asInt())
        .integration("api", Http.INTEGRATION, Auth.managed());
  }

  private static Job<Order> notifyJob() {
    return Job.named("notify")
        .on("notify.run", Order.class)
        .call((order, io) -> io.slack("slack").postMessage("notify", "#ops", order.item()).ts())
        .integration("slack", Slack.INTEGRATION, Auth.managed());
  }

  private static Job<Order> echoJob() {
    return Job.named("echo")
        .on("echo.run", Order.class)
        .call((order, io) -> io.http("echo").get("call", order.item()).status())
        .integration("echo", Http.INTEGRATION, Auth.managed());
  }

  @Test
  void aResolverThatThrowsOrGivesNothingEndsTheRunUnresolvedAuthWithoutRunningItsCode() {
    String vaultEvent = client.send(Event.of("vault.run", new Order("o-1")).accountId("acme"));
    String emptyEvent = client.send(Event.of("empty.run", new Order("o-2")));

    JsonNode vault = api.awaitRunOfEvent(vaultEvent, "UNRESOLVED_AUTH");
    JsonNode run = api.get("/api/runs/" + vault.path("id").asText()).body();
    assertEquals("UnresolvedAuth", run.path("error").path("type").asText());
    assertEquals(
        "api: its auth resolver threw java.lang.IllegalStateException: the vault is sealed for"
            + " acme",
        run.path("error").path("message").asText());
    assertTrue(run.path("tasks").isEmpty(), run.toString());

    JsonNode nothing = api.awaitRunOfEvent(emptyEvent, "UNRESOLVED_AUTH");
    assertEquals(
        "api: its auth resolver returned no credentials (null)",
        api.get("/api/runs/" + nothing.path("id").asText())
            .body()
            .path("error")
            .path("message")
            .asText());
    assertEquals(0, played.get(), "run() was not played");

    List<RunEvent> events = cluster.events(PREFIX, vault.path("id").asText());
    RunEvent unresolved =
        events.stream()
            .filter(e -> e.body() instanceof RunEventBody.RunAuthUnresolved)
            .findFirst()
            .orElseThrow();
    assertEquals(Origin.WORKER, unresolved.origin());
    assertEquals(1L, unresolved.execution());
    assertFalse(
        events.stream()
            .anyMatch(
                e ->
                    e.body() instanceof RunEventBody.TaskCompleted
                        || e.body() instanceof RunEventBody.TaskFailed),
        "no task: " + events);
  }

  @Test
  void anHttpCallAnsweredBusyIsRetriedNoSoonerThanItsRetryAfterThenSucceeds() {
    try (RecordingHttpServer server = RecordingHttpServer.start()) {
      server.reply(Reply.text(503, "busy, come back later").withHeader("Retry-After", "2"));
      server.reply(Reply.json(200, "{\"n\": 12}"));
      String eventId = client.send("fetch.run", new Order(server.url() + "/stock"));

      JsonNode run = api.awaitRunOfEvent(eventId, "SUCCESS");
      String runId = run.path("id").asText();
      assertEquals(12, api.get("/api/runs/" + runId).body().path("output").asInt());
      List<Recorded> calls = server.requests();
      assertEquals(2, calls.size());
      assertEquals("Bearer api-token", calls.get(0).header("Authorization"));
      assertTrue(
          !calls.get(1).at().isBefore(calls.get(0).at().plusSeconds(2)),
          "the second call came no sooner than the 2 s asked: " + calls);

      List<RunEvent> events = cluster.events(PREFIX, runId);
      RunEventBody.TaskFailed failed =
          events.stream()
              .map(RunEvent::body)
              .filter(b -> b instanceof RunEventBody.TaskFailed)
              .map(b -> (RunEventBody.TaskFailed) b)
              .findFirst()
              .orElseThrow();
      assertTrue(
          !failed.retryAt().isBefore(calls.get(0).at().plusSeconds(2)),
          "retry at " + failed.retryAt() + ", the busy answer came at " + calls.get(0).at());
      assertTrue(failed.error().message().contains("503: busy"), failed.error().message());
      TaskIntegration label = new TaskIntegration("http", "api", "GET");
      assertEquals(label, failed.integration());
      assertTrue(
          events.stream()
              .anyMatch(
                  e ->
                      e.body() instanceof RunEventBody.TaskCompleted c
                          && label.equals(c.integration())),
          "the completion is labelled with the integration");
    }
  }

  @Test
  void aKafkaSendToATopicThatDoesNotExistFailsItsRunNamingTheTopic() {
    String missing = PREFIX + ".no-such-topic"; // the brokers create no topic on their own
    Job<Order> ship =
        Job.named("ship")
            .on("ship.run", Order.class)
            .call(
                (order, io) ->
                    io.kafka()
                        .send("ship", missing, KafkaRecord.of(order.item(), "shipped"))
                        .size());
    Map<String, Object> kafka = new HashMap<>(cluster.worker(PREFIX, "sender").kafka());
    kafka.put("max.block.ms", 3_000); // how long the producer waits for the topic's metadata
    try (Worker sender =
        Worker.start(cluster.worker(PREFIX, "sender").withKafka(kafka), List.of(ship))) {
      api.awaitJob("ship");
      String eventId = client.send("ship.run", new Order("o-9"));

      JsonNode run = api.awaitRunOfEvent(eventId, "FAILURE");
      JsonNode error = api.get("/api/runs/" + run.path("id").asText()).body().path("error");
      assertTrue(error.path("message").asText().contains(missing), error.toString());
      List<RunEventBody.TaskFailed> failures =
          cluster.events(PREFIX, run.path("id").asText()).stream()
              .map(RunEvent::body)
              .filter(b -> b instanceof RunEventBody.TaskFailed)
              .map(b -> (RunEventBody.TaskFailed) b)
              .toList();
      assertEquals(1, failures.size(), "failed once, not tried again: " + failures);
      assertTrue(failures.get(0).error().message().contains(missing), failures.toString());
    }
  }

  /** Last, so that it searches what the other tests logged and wrote too. */
  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void aConnectionsTokenIsInNoLogLineAndNoTopicEvenAfterCallsThatFailOnIt() {
    String posted = client.send("notify.run", new Order("deploy done"));
    api.awaitRunOfEvent(posted, "SUCCESS");
    assertEquals("Bearer " + SECRET, slack.server().requests().get(0).header("Authorization"));

    slack.server().reply(SlackStandIn.error("invalid_auth"));
    JsonNode refused =
        api.awaitRunOfEvent(client.send("notify.run", new Order("again")), "FAILURE");
    String slackError = error(refused);
    assertTrue(slackError.contains("invalid_auth"), slackError);

    JsonNode echoed =
        api.awaitRunOfEvent(client.send("echo.run", new Order(echo.url() + "/me")), "FAILURE");
    String echoError = error(echoed);
    assertTrue(echoError.contains("401: invalid credentials: Bearer ***"), echoError);
    assertTrue(echo.requests().get(0).header("Authorization").contains(SECRET), "it was sent");

    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
    assertFalse(logs.contains(secret), "the token is in the log output");
    assertFalse(logs.contains(key), "the connections key is in the log output");
    assertTrue(
        logs.contains("RestoreLog".getBytes(StandardCharsets.UTF_8)),
        "the engine's log lines were captured");
    RawTopics.Found found =
        RawTopics.search(cluster.bootstrapServers(), PREFIX, SECRET, KEY, "deploy done");
    assertTrue(found.topics().size() > 5, "read the runlog topics: " + found.topics());
    assertFalse(found.of("deploy done").isEmpty(), "a payload is found where it is: " + found);
    assertEquals(List.of(), found.of(SECRET), "the token in a topic");
    assertEquals(List.of(), found.of(KEY), "the connections key in a topic");
  }

  private String error(JsonNode runOfEvent) {
    JsonNode run = api.get("/api/runs/" + runOfEvent.path("id").asText()).body();
    return run.path("error").path("message").asText();
  }
}
