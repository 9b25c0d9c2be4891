package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.rest.RestServer;
import dev.runlog.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image that {@code mvn package} writes (Jib's {@code target/runlog-image.tar}),
 * tested without Docker: its config is what operators and the compose file rely on, and its own
 * files (the Java runtime, the libraries, the jars) run {@code runlog --version}, the engine
 * against a broker this test starts, {@code runlog health}, and the compose file's worker to a
 * run's SUCCESS, under chroot, as the image's user in its working directory.
 */
class ImageIT {
  /**
   * The name:tag the build gives the image (cli/pom.xml: image.name and image.tag), as the compose
   * file must name it.
   */
  private static final String IMAGE =
      System.getProperty("runlog.image", "runlog:" + System.getProperty("runlog.version"));

  private static final Pattern WORKER_RUNNING = Pattern.compile("runlog worker \\S+ is running");

  @Test
  void configRunsTheEngineAsAnUnprivilegedUserOnTheDefaultPort(@TempDir Path dir) throws Exception {
    ImageTar image = ImageTar.open(dir);

    assertTrue(image.repoTags().contains(IMAGE), "tagged " + IMAGE + ": " + image.repoTags());
    assertTrue(
        image.repoTags().contains(IMAGE.substring(0, IMAGE.lastIndexOf(':')) + ":latest"),
        "also latest: " + image.repoTags());
    assertEquals(
        List.of(
            "/opt/java/openjdk/bin/java",
            "-cp",
            "/app/resources:/app/classes:/app/libs/*",
            "dev.runlog.cli.RunlogCli"),
        image.entrypoint());
    assertEquals(List.of("engine"), image.cmd());
    String stateDirVariable =
        "RUNLOG_" + EngineConfig.STATE_DIR_CONFIG.toUpperCase().replace('.', '_');
    assertEquals(
        "/var/lib/runlog/engine", image.env().get(stateDirVariable), "env: " + image.env());
    String httpPort =
        EngineConfig.KEYS.stream()
            .filter(k -> k.get(0).equals(EngineConfig.HTTP_PORT_CONFIG))
            .findFirst()
            .orElseThrow()
            .get(2);
    assertEquals(
        Set.of(httpPort + "/tcp"), fieldNames(image.config().path("config").path("ExposedPorts")));
    assertEquals("1000", image.config().path("config").path("User").asText());
    assertEquals("/var/lib/runlog", image.config().path("config").path("WorkingDir").asText());
  }

  @Test
  void itsOwnFilesRunTheEngineAndAWorkerAgainstABroker(@TempDir Path dir, @TempDir Path kafkaDir)
      throws Exception {
    ImageTar image = ImageTar.open(Files.createDirectories(dir.resolve("tar")));
    try (ImageRoot root = ImageRoot.create(image, Files.createDirectories(dir.resolve("rootfs")))) {
      assertTrue(
          Files.getPosixFilePermissions(root.path("/tmp"))
              .containsAll(
                  Set.of(PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE)),
          "/tmp is writable by the image's user");

      ImageRoot.Result version =
          ImageRoot.exec(root.process(with(image.entrypoint(), "--version"), Map.of()));
      assertEquals(0, version.code(), version.output());
      assertTrue(
          version.output().contains("runlog " + System.getProperty("runlog.version")),
          version.output());

      try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir, 0)) {
        int port = ChildEngine.freePort();
        List<String> engineCommand = new ArrayList<>(image.entrypoint());
        engineCommand.addAll(image.cmd());
        Map<String, String> env =
            Map.of(
                "RUNLOG_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "RUNLOG_HTTP_PORT", String.valueOf(port),
                // the image's engine listens on every interface, where it needs API keys or this
                "RUNLOG_HTTP_INSECURE", "true");
        ChildJvm engine = ChildJvm.start(root.process(engineCommand, env));
        try {
          Api api = new Api("http://localhost:" + port);
          Api.awaitAnswer(
              () -> api.get(RestServer.HEALTH_READY_PATH),
              a -> a.status() == 200,
              "the image's engine ready");
          assertTrue(
              Files.isDirectory(root.path("/var/lib/runlog/engine")),
              "state under the image's RUNLOG_STATE_DIR");

          ImageRoot.Result health =
              ImageRoot.exec(
                  root.process(
                      with(image.entrypoint(), "health", "--url", "http://localhost:" + port),
                      Map.of()));
          assertEquals(0, health.code(), "runlog health from the image: " + health.output());

          // the compose file's worker: the example jobs that ship in the image
          try (ChildJvm worker =
              ChildJvm.start(
                  root.process(
                      with(image.entrypoint(), "worker", "--examples"),
                      Map.of("RUNLOG_BOOTSTRAP_SERVERS", kafka.bootstrapServers())))) {
            worker.awaitLine(WORKER_RUNNING);
            api.awaitJob("hello");
            Api.Answer sent =
                api.post(
                    "/api/events",
                    "{\"name\": \"demo.hello\", \"payload\": {\"name\": \"Image\"}}");
            assertEquals(202, sent.status(), sent.toString());
            JsonNode run = api.awaitRunOfEvent(sent.body().path("id").asText(), "SUCCESS");
            assertEquals(
                "Hello, Image!", run.path("output").path("greeting").asText(), run.toString());
          }
        } finally {
          boolean stopped = engine.terminate(Duration.ofSeconds(60));
          engine.close();
          assertTrue(stopped, "the image's engine stops on SIGTERM within 60 s");
        }
      }
    }
  }

  private static List<String> with(List<String> command, String... args) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(args));
    return all;
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
