package dev.runlog.engine.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import dev.runlog.testkit.EmbeddedKafka;
import dev.runlog.testkit.EmbeddedKafka.SaslPlain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine and a worker on a broker that asks for SASL/PLAIN: the settings that pass through
 * ({@code kafka.*} of the engine, {@link WorkerConfig#withKafka} of the worker, the client's
 * properties) reach every Kafka client each of them makes, and a wrong password fails clearly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaslIT {
  private Path dir;
  private EmbeddedKafka kafka;

  @BeforeAll
  void startBroker() throws Exception {
    dir = Files.createTempDirectory("runlog-sasl");
    kafka =
        EmbeddedKafka.startWithSasl(
            dir.resolve("kafka"),
            0,
            new SaslPlain(Map.of("broker", "broker-secret", "runlog", "runlog-secret")));
  }

  @AfterAll
  void stopBroker() {
    kafka.close();
    TestCluster.delete(dir);
  }

  record Order(String item) {}

  @Test
  void anEngineAndAWorkerWithSaslRunAJobToSuccess() {
    Map<String, Object> sasl = new HashMap<>(SaslPlain.clientProperties("runlog", "runlog-secret"));
    Job<Order> job =
        Job.define(
            "sasl-job",
            "sasl.run",
            Order.class,
            (order, io, ctx) -> io.runTask("echo", String.class, () -> order.item().toUpperCase()));
    try (RunlogEngine engine = RunlogEngine.start(config("sasl", sasl));
        Worker worker =
            Worker.start(
                WorkerConfig.of(kafka.bootstrapServers())
                    .withTopicPrefix("sasl")
                    .withWorkerId("w")
                    .withKafka(sasl),
                List.of(job));
        RunlogClient client = RunlogClient.connect(kafka.bootstrapServers(), "sasl", sasl)) {
      Api api = new Api(engine.url());
      api.awaitJob("sasl-job");
      var run = api.awaitRunOfEvent(client.send("sasl.run", new Order("lamp")), "SUCCESS");
      assertEquals(
          "LAMP", api.get("/api/runs/" + run.path("id").asText()).body().path("output").asText());
    }
  }

  @Test
  void aWrongPasswordFailsClearly() {
    Map<String, Object> wrong =
        new HashMap<>(SaslPlain.clientProperties("runlog", "not-the-password"));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RunlogEngine.start(config("sasl-wrong", wrong)).close());
    assertTrue(e.getMessage().contains("Authentication failed"), e.getMessage());
  }

  private EngineConfig config(String prefix, Map<String, Object> kafkaClient) {
    return new EngineConfig(
        kafka.bootstrapServers(),
        prefix,
        prefix + "-engine",
        dir.resolve("engine-" + prefix),
        0,
        "localhost",
        "exactly_once_v2",
        10,
        2,
        (short) 1,
        1,
        50,
        kafkaClient);
  }
}
