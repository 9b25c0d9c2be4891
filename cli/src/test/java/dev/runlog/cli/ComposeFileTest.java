package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.runlog.engine.EngineConfig;
import dev.runlog.engine.rest.RestServer;
import dev.runlog.sdk.WorkerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The repository's {@code docker-compose.yml}, which no test here can run (no Docker), checked
 * against the code it names: the image the build makes, the Kafka version it is built with, the
 * settings the engine and the worker know, the CLI's commands and options, the engine's port and
 * health path.
 */
class ComposeFileTest {
  private static final Path FILE = Path.of("..", "docker-compose.yml");

  /**
   * The image's entrypoint (cli/pom.xml, Jib): a health check does not go through it, so it repeats
   * it.
   */
  private static final String MAIN_CLASS = RunlogCli.class.getName();

  private static JsonNode compose;

  @BeforeAll
  static void read() throws IOException {
    compose = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
  }

  @Test
  void imagesAreTheBuiltRunlogImageAndTheOfficialKafkaImageOfTheBuildsVersion() {
    assertEquals(Set.of("kafka", "engine", "worker"), names(compose.path("services")));
    String runlogImage = System.getProperty("runlog.image");
    assertTrue(
        runlogImage != null && runlogImage.contains(":"),
        "surefire passes the image name the build gives (cli/pom.xml)");
    assertEquals(
        "apache/kafka:" + System.getProperty("kafka.version"),
        service("kafka").path("image").asText());
    assertEquals(runlogImage, service("engine").path("image").asText());
    assertEquals(runlogImage, service("worker").path("image").asText());
  }

  @Test
  void runlogVariablesAreSettingsTheEngineOrTheWorkerKnows() {
    Set<String> engineKeys =
        EngineConfig.KEYS.stream().map(k -> k.get(0)).collect(Collectors.toSet());
    Set<String> workerKeys =
        WorkerConfig.KEYS.stream().map(k -> k.get(0)).collect(Collectors.toSet());
    checkVariables("engine", engineKeys);
    checkVariables("worker", workerKeys);
  }

  private static void checkVariables(String name, Set<String> known) {
    Map<String, String> env = environment(service(name));
    assertTrue(
        env.containsKey(Settings.envNameOf("bootstrap.servers")), name + " names its brokers");
    env.forEach(
        (variable, value) -> {
          if (variable.startsWith(Settings.ENV_PREFIX)) {
            Optional<String> key = Settings.keyOf(variable);
            assertTrue(key.isPresent(), name + ": " + variable + " is no setting");
            assertTrue(
                known.contains(key.get()) || key.get().startsWith(Settings.KAFKA_PREFIX),
                name
                    + ": "
                    + variable
                    + " sets '"
                    + key.get()
                    + "', which it does not know; known: "
                    + known);
            assertFalse(value.isBlank(), name + ": " + variable + " is empty");
          }
        });
    for (String bootstrap : env.get(Settings.envNameOf("bootstrap.servers")).split(",")) {
      assertTrue(
          advertisedListeners().contains(bootstrap),
          name
              + " connects to "
              + bootstrap
              + ", which Kafka advertises: "
              + advertisedListeners());
    }
  }

  @Test
  void commandsAreTheCliCommandsWithOptionsTheyAccept() {
    ParseResult engine = parse(commandOf(service("engine")));
    assertEquals("engine", engine.subcommand().commandSpec().name());
    ParseResult worker = parse(commandOf(service("worker")));
    assertEquals("worker", worker.subcommand().commandSpec().name());
  }

  @Test
  void enginePortIsTheOneItListensOnAndItsHealthCheckAsksTheReadyPath() {
    String port =
        environment(service("engine"))
            .getOrDefault(
                Settings.envNameOf(EngineConfig.HTTP_PORT_CONFIG),
                defaultOf(EngineConfig.HTTP_PORT_CONFIG));
    List<String> published = strings(service("engine").path("ports"));
    assertEquals(1, published.size(), "one published port: " + published);
    String[] parts = published.get(0).split(":");
    assertEquals(port, parts[parts.length - 1], "the container port is the engine's http.port");

    List<String> test = strings(service("engine").path("healthcheck").path("test"));
    assertEquals("CMD", test.get(0), "exec form: the image has no shell");
    assertEquals("/opt/java/openjdk/bin/java", test.get(1), "the image's java");
    int main = test.indexOf(MAIN_CLASS);
    assertTrue(main > 0, "runs " + MAIN_CLASS + ": " + test);
    ParseResult health = parse(test.subList(main + 1, test.size()));
    assertEquals("health", health.subcommand().commandSpec().name(), "runs runlog health: " + test);
    URI url = URI.create(health.subcommand().matchedOptionValue("--url", "http://localhost:8080"));
    assertEquals(Integer.parseInt(port), url.getPort(), "the health check asks the engine's port");
    assertEquals("localhost", url.getHost());
    // runlog health asks HEALTH_READY_PATH; the engine's OpenAPI document, which the engine's tests
    // check against the routes it registers, must list it
    assertTrue(
        openApi().path("paths").path(RestServer.HEALTH_READY_PATH).has("get"),
        RestServer.HEALTH_READY_PATH + " is an engine route");
  }

  private static JsonNode openApi() {
    try (InputStream in = RestServer.class.getResourceAsStream("/openapi.json")) {
      assertTrue(in != null, "the engine jar has openapi.json");
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void kafkaHealthCheckAsksItsOwnListenerAndEveryDependencyWaitsForHealth() {
    List<String> test = strings(service("kafka").path("healthcheck").path("test"));
    assertEquals(
        List.of("CMD", "/opt/kafka/bin/kafka-broker-api-versions.sh", "--bootstrap-server"),
        test.subList(0, 3));
    assertTrue(advertisedListeners().contains(test.get(3)), "asks an advertised listener: " + test);

    compose
        .path("services")
        .properties()
        .forEach(
            entry ->
                entry
                    .getValue()
                    .path("depends_on")
                    .properties()
                    .forEach(
                        dependency -> {
                          assertEquals(
                              "service_healthy",
                              dependency.getValue().path("condition").asText(),
                              entry.getKey() + " waits for " + dependency.getKey());
                          assertTrue(
                              service(dependency.getKey()).has("healthcheck"),
                              dependency.getKey() + " has a health check to wait for");
                        }));
  }

  @Test
  void volumesAreNamedVolumesOnly() {
    Set<String> declared = names(compose.path("volumes"));
    Set<String> used = new HashSet<>();
    compose
        .path("services")
        .properties()
        .forEach(
            entry -> {
              for (JsonNode volume : entry.getValue().path("volumes")) {
                String source =
                    volume.isTextual()
                        ? volume.asText().split(":")[0]
                        : volume.path("source").asText();
                assertTrue(
                    volume.isTextual() || "volume".equals(volume.path("type").asText()),
                    entry.getKey() + ": only named volumes: " + volume);
                assertTrue(
                    declared.contains(source),
                    entry.getKey()
                        + ": "
                        + volume
                        + " is not one of the named volumes "
                        + declared
                        + " (no host paths)");
                used.add(source);
              }
            });
    assertEquals(declared, used, "every named volume is used");
    assertTrue(
        strings(service("engine").path("volumes")).contains("engine-data:/var/lib/runlog"),
        "the engine keeps its state in a volume");
  }

  private static JsonNode service(String name) {
    JsonNode service = compose.path("services").path(name);
    assertTrue(service.isObject(), "service " + name);
    return service;
  }

  /** A service's environment, in either of compose's forms (a map or NAME=value strings). */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new TreeMap<>();
    JsonNode node = service.path("environment");
    if (node.isArray()) {
      node.forEach(pair -> env.put(pair.asText().split("=", 2)[0], pair.asText().split("=", 2)[1]));
    } else {
      node.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    return env;
  }

  private static List<String> advertisedListeners() {
    return Arrays.stream(environment(service("kafka")).get("KAFKA_ADVERTISED_LISTENERS").split(","))
        .map(listener -> listener.substring(listener.indexOf("://") + 3))
        .toList();
  }

  private static List<String> commandOf(JsonNode service) {
    assertTrue(service.path("command").isArray(), "exec form: " + service.path("command"));
    return strings(service.path("command"));
  }

  private static ParseResult parse(List<String> args) {
    return new CommandLine(new RunlogCli()).parseArgs(args.toArray(String[]::new));
  }

  private static String defaultOf(String key) {
    return EngineConfig.KEYS.stream()
        .filter(k -> k.get(0).equals(key))
        .findFirst()
        .orElseThrow()
        .get(2);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new HashSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
