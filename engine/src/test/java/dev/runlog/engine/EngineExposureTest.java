package dev.runlog.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.rest.ApiKeys;
import dev.runlog.engine.rest.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST settings as read from configuration, and the engine's refusal to serve the network
 * without keys.
 */
class EngineExposureTest {
  private static final String KEY = "admin-key-0123456789abcdef";

  @Test
  void aServerListensEverywhereAndAnEmbeddedEngineOnLoopback() {
    EngineConfig server = EngineConfig.from(Map.of(), Path.of("state"));
    assertEquals("0.0.0.0", server.rest().host());
    assertTrue(server.rest().keys().isEmpty());
    assertEquals("http", server.rest().scheme());
    assertTrue(server.rest().exposureProblem().isPresent());
    assertEquals("127.0.0.1", EngineConfig.defaults("k:9092", Path.of("state")).rest().host());
    assertEquals(
        Optional.empty(),
        EngineConfig.defaults("k:9092", Path.of("state")).rest().exposureProblem());
  }

  @Test
  void keysLoopbackOrInsecureLetItStart(@TempDir Path dir) throws Exception {
    assertEquals(
        Optional.empty(),
        EngineConfig.from(Map.of("api.keys", "admin=" + KEY), dir).rest().exposureProblem());
    Path file = dir.resolve("keys");
    Files.writeString(file, ApiKeys.line("ci", Role.ADMIN, KEY) + "\n");
    EngineConfig fromFile = EngineConfig.from(Map.of("api.keys.file", file.toString()), dir);
    assertEquals(Optional.empty(), fromFile.rest().exposureProblem());
    assertEquals(
        Optional.empty(), fromFile.rest().peerKey()); // only hashes: the engine warns at start
    for (String host : new String[] {"127.0.0.1", "localhost", "::1"}) {
      assertEquals(
          Optional.empty(),
          EngineConfig.from(Map.of("http.host", host), dir).rest().exposureProblem(),
          host);
    }
    assertEquals(
        Optional.empty(),
        EngineConfig.from(Map.of("http.insecure", "true"), dir).rest().exposureProblem());
    assertThrows(
        IllegalArgumentException.class,
        () -> EngineConfig.from(Map.of("http.insecure", "yes"), dir));
  }

  @Test
  void thePeerKeyIsTheFirstReadKeyUnlessSet(@TempDir Path dir) {
    String read = "read-key-0123456789abcdef";
    assertEquals(
        Optional.of(read),
        EngineConfig.from(Map.of("api.keys", "metrics=" + KEY + ",read=" + read), dir)
            .rest()
            .peerKey());
    assertEquals(
        Optional.of(KEY),
        EngineConfig.from(Map.of("api.keys", "read=" + read, "api.peer.key", KEY), dir)
            .rest()
            .peerKey());
    assertFalse(
        EngineConfig.from(Map.of("api.keys", "read=" + read), dir).toString().contains(read),
        "a key in the config's text");
  }

  @Test
  void tlsAndMetricsSettingsAreRead(@TempDir Path dir) {
    EngineConfig config =
        EngineConfig.from(
            Map.of(
                "http.tls.keystore.path",
                "ks.p12",
                "http.tls.keystore.password",
                "secret",
                "metrics.auth",
                "none"),
            dir);
    assertEquals("https", config.rest().scheme());
    assertEquals("PKCS12", config.rest().tls().orElseThrow().type());
    assertTrue(config.rest().metricsOpen());
    assertFalse(config.toString().contains("secret"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EngineConfig.from(Map.of("metrics.auth", "key"), dir));
    assertTrue(e.getMessage().contains("metrics.auth"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EngineConfig.from(Map.of("api.keys", "admin=short"), dir));
    assertTrue(e.getMessage().startsWith("api.keys: "), e.getMessage());
  }

  /** Checked before the engine touches Kafka: nothing listens at this bootstrap address. */
  @Test
  void theEngineRefusesToServeTheNetworkWithoutKeys(@TempDir Path dir) {
    EngineConfig open =
        EngineConfig.from(Map.of("bootstrap.servers", "127.0.0.1:9", "http.port", "0"), dir);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> RunlogEngine.start(open));
    assertTrue(
        e.getMessage().startsWith("refusing to serve the REST API on 0.0.0.0 without API keys"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("--insecure") && e.getMessage().contains("api.keys"),
        e.getMessage());
  }
}
