package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The image Jib wrote to {@code target/runlog-image.tar}, in the format {@code docker load} reads:
 * a {@code manifest.json} naming the config and the layers (gzipped tars, bottom first).
 *
 * @param repoTags the names it loads as, such as {@code runlog:0.1.0-SNAPSHOT}
 * @param config its config ({@code config.json}): the run settings are under {@code config}
 * @param layers the layer files, in the order they stack
 */
record ImageTar(List<String> repoTags, JsonNode config, List<Path> layers) {
  static final Path FILE = Path.of("target", "runlog-image.tar");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Unpacks {@link #FILE} into {@code dir} and reads its manifest and config. */
  static ImageTar open(Path dir) throws IOException, InterruptedException {
    assertTrue(
        Files.isRegularFile(FILE),
        FILE.toAbsolutePath() + " is missing: mvn package builds it (Jib's buildTar)");
    run(List.of("tar", "-xf", FILE.toAbsolutePath().toString(), "-C", dir.toString()));
    JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
    assertEquals(1, manifest.size(), "one image in the tar: " + manifest);
    JsonNode image = manifest.get(0);
    List<String> tags = new ArrayList<>();
    image.path("RepoTags").forEach(tag -> tags.add(tag.asText()));
    List<Path> layers = new ArrayList<>();
    image.path("Layers").forEach(layer -> layers.add(dir.resolve(layer.asText())));
    return new ImageTar(
        tags, JSON.readTree(dir.resolve(image.path("Config").asText()).toFile()), layers);
  }

  List<String> entrypoint() {
    return strings(config.path("config").path("Entrypoint"));
  }

  List<String> cmd() {
    return strings(config.path("config").path("Cmd"));
  }

  /** Its environment, NAME to value. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String pair : strings(config.path("config").path("Env"))) {
      int eq = pair.indexOf('=');
      env.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return env;
  }

  /**
   * Extracts the layers in order into {@code rootfs}, as a container runtime stacks them (as root:
   * modes and owners kept).
   */
  void unpack(Path rootfs) throws IOException, InterruptedException {
    for (Path layer : layers) {
      // Jib writes libarchive's creation-time headers, which GNU tar does not know and skips
      run(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "--same-permissions",
              "-xf",
              layer.toString(),
              "-C",
              rootfs.toString()));
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  /** Runs {@code command} to its end; fails with its output unless it exits 0. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), command + " did not end within 120 s");
    assertEquals(0, process.exitValue(), command + " failed: " + output);
    return output;
  }
}
