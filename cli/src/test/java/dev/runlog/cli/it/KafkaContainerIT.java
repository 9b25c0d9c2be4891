package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.it.Api;
import dev.runlog.examples.DemoJobs;
import dev.runlog.sdk.Worker;
import dev.runlog.sdk.WorkerConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The engine and a worker, in this JVM, against the official Kafka image in Docker (the broker the
 * compose file runs) rather than the embedded one: a run reaches SUCCESS. Skipped where there is no
 * Docker, as on the machines this project is built on.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {
  @Container static final KafkaContainer KAFKA = KafkaContainers.singleNode();

  @Test
  void engineAndWorkerRunAJobToSuccess(@TempDir Path stateDir) {
    String bootstrap = KAFKA.getBootstrapServers();
    EngineConfig config =
        EngineConfig.from(
            Map.of(
                EngineConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                EngineConfig.HTTP_PORT_CONFIG,
                "0"),
            stateDir);
    try (RunlogEngine engine = RunlogEngine.start(config);
        Worker worker =
            Worker.start(
                WorkerConfig.of(bootstrap).withWorkerId("tc-worker"), new DemoJobs().jobs())) {
      Api api = new Api(engine.url());
      api.awaitJob(DemoJobs.HELLO.id());
      Api.Answer sent =
          api.post(
              "/api/events", "{\"name\": \"demo.hello\", \"payload\": {\"name\": \"Container\"}}");
      assertEquals(202, sent.status(), sent.toString());
      JsonNode run = api.awaitRunOfEvent(sent.body().path("id").asText(), "SUCCESS");
      assertEquals(
          "Hello, Container!", run.path("output").path("greeting").asText(), run.toString());
    }
  }
}
