package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.rest.RestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The image {@code mvn package} builds (target/runlog-image.tar), loaded into Docker and run as the
 * compose file runs it: the official Kafka image, the engine and a worker with the example jobs on
 * one network; an event sent to the engine's published port becomes a successful run. Skipped where
 * there is no Docker (ImageIT runs the same image's files with chroot there).
 */
@Testcontainers(disabledWithoutDocker = true)
class ImageContainerIT {
  private static final String IMAGE = System.getProperty("runlog.image");
  private static final String BOOTSTRAP = "kafka:19092";

  @Test
  void imageRunsTheEngineAndAWorkerAgainstKafka() throws Exception {
    assertTrue(
        Files.isRegularFile(ImageTar.FILE),
        ImageTar.FILE.toAbsolutePath() + " is missing: mvn package builds it");
    try (InputStream tar = Files.newInputStream(ImageTar.FILE)) {
      DockerClientFactory.instance().client().loadImageCmd(tar).exec();
    }
    DockerImageName image = DockerImageName.parse(IMAGE);
    try (Network network = Network.newNetwork();
        KafkaContainer kafka =
            KafkaContainers.singleNode().withNetwork(network).withListener(BOOTSTRAP);
        GenericContainer<?> engine =
            new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases("engine")
                .withEnv("RUNLOG_BOOTSTRAP_SERVERS", BOOTSTRAP)
                .withEnv("RUNLOG_ADVERTISED_HOST", "engine")
                .withEnv("RUNLOG_HTTP_INSECURE", "true")
                .withExposedPorts(8080)
                .waitingFor(
                    Wait.forHttp(RestServer.HEALTH_READY_PATH)
                        .forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        GenericContainer<?> worker =
            new GenericContainer<>(image)
                .withNetwork(network)
                .withCommand("worker", "--examples")
                .withEnv("RUNLOG_BOOTSTRAP_SERVERS", BOOTSTRAP)
                .waitingFor(
                    Wait.forLogMessage(".*runlog worker .* is running.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)))) {
      kafka.start();
      engine.dependsOn(kafka).start();
      worker.start();

      Api api = new Api("http://" + engine.getHost() + ":" + engine.getMappedPort(8080));
      api.awaitJob("hello");
      Api.Answer sent =
          api.post("/api/events", "{\"name\": \"demo.hello\", \"payload\": {\"name\": \"Image\"}}");
      assertEquals(202, sent.status(), sent.toString());
      JsonNode run = api.awaitRunOfEvent(sent.body().path("id").asText(), "SUCCESS");
      assertEquals("Hello, Image!", run.path("output").path("greeting").asText(), run.toString());
    }
  }
}
