package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.EngineConfig;
import dev.runlog.sdk.WorkerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @Test
  void variablesNameTheirKeysAndScriptVariablesAreNotSettings() {
    assertEquals(Optional.of("http.port"), Settings.keyOf("RUNLOG_HTTP_PORT"));
    assertEquals(
        Optional.of("kafka.sasl.mechanism"), Settings.keyOf("RUNLOG_KAFKA_SASL_MECHANISM"));
    assertEquals(Optional.empty(), Settings.keyOf("RUNLOG_JAVA_OPTS"));
    assertEquals(
        Optional.empty(),
        Settings.keyOf("RUNLOG_API_KEY"),
        "the CLI client's key is not an engine setting");
    assertEquals(Optional.empty(), Settings.keyOf("HOME"));
    assertEquals(Optional.empty(), Settings.keyOf("RUNLOG_"));
    for (List<String> key : EngineConfig.KEYS) {
      assertEquals(
          Optional.of(key.get(0)),
          Settings.keyOf(Settings.envNameOf(key.get(0))),
          "every engine key has a variable");
    }
  }

  @Test
  void optionsWinOverVariablesWhichWinOverTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("engine.properties");
    Files.writeString(file, "http.port=1\ntopic.prefix=fromfile\nstate.dir=/from/file\n");
    Settings settings =
        Settings.load(
            file,
            Map.of("RUNLOG_HTTP_PORT", "2", "RUNLOG_TOPIC_PREFIX", "fromenv", "PATH", "/bin"),
            Map.of("http.port", "3"));
    assertEquals(
        Map.of("http.port", "3", "topic.prefix", "fromenv", "state.dir", "/from/file"),
        settings.values());
    EngineConfig config = EngineConfig.from(settings.values(), dir);
    assertEquals(3, config.httpPort());
    assertEquals("fromenv", config.topicPrefix());
    assertEquals("-D http.port", settings.origins().get("http.port"));
  }

  @Test
  void unknownKeysAreWarnedAboutWithTheirOrigin() throws Exception {
    Settings settings =
        Settings.load(
            null,
            Map.of("RUNLOG_HTTP_PROT", "9", "RUNLOG_KAFKA_LINGER_MS", "5"),
            Map.of("queue", "q"));
    StringWriter err = new StringWriter();
    settings.warnUnknown(
        EngineConfig.KEYS.stream().map(key -> key.get(0)).toList(), new PrintWriter(err, true));
    assertTrue(
        err.toString().contains("unknown setting 'http.prot' (from $RUNLOG_HTTP_PROT)"),
        err.toString());
    assertTrue(err.toString().contains("unknown setting 'queue' (from -D queue)"), err.toString());
    assertTrue(!err.toString().contains("linger"), "kafka.* passes through: " + err);
    assertEquals(List.of(), settings.unknown(List.of("http.prot", "queue")));
  }

  @Test
  void webhookSecretsAreKnownSettingsByTheirPrefix() throws Exception {
    Settings settings =
        Settings.load(
            null,
            Map.of("RUNLOG_WEBHOOK_SECRET_GITHUB", "s1"),
            Map.of("webhook.secret.stripe", "s2", "webhook.secret.", "s3"));
    assertEquals("s1", settings.values().get("webhook.secret.github"));
    assertEquals(
        List.of("webhook.secret."),
        settings.unknown(EngineConfig.KEYS.stream().map(key -> key.get(0)).toList()));
  }

  @Test
  void workerSettingsReadTheSameWay() throws Exception {
    Settings settings =
        Settings.load(
            null,
            Map.of("RUNLOG_QUEUE", "billing", "RUNLOG_KAFKA_CLIENT_RACK", "a"),
            Map.of("bootstrap.servers", "k:9092", "max.concurrent.runs", "4"));
    WorkerConfig config = WorkerConfig.from(settings.values());
    assertEquals("billing", config.queue());
    assertEquals("k:9092", config.bootstrapServers());
    assertEquals(4, config.maxConcurrentRuns());
    assertEquals(Map.of("client.rack", "a"), config.kafka());
    assertEquals(
        List.of(), settings.unknown(WorkerConfig.KEYS.stream().map(key -> key.get(0)).toList()));
  }
}
