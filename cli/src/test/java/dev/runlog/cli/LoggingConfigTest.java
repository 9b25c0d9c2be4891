package dev.runlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What the runlog commands log: runlog at info, Kafka only when something is wrong. */
class LoggingConfigTest {
  private static Properties config() throws IOException {
    Properties p = new Properties();
    try (InputStream in = RunlogCli.class.getResourceAsStream("/simplelogger.properties")) {
      p.load(in);
    }
    return p;
  }

  @Test
  void runlogLogsAtInfoAndKafkaOnlyWarnings() throws IOException {
    Properties p = config();
    assertEquals("info", p.getProperty("org.slf4j.simpleLogger.log.dev.runlog"));
    assertEquals("warn", p.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
  }

  @Test
  void aProducersOwnRetriesAreNotWarnings() throws IOException {
    // an io.kafka().send retries nearly every transaction once (CONCURRENT_TRANSACTIONS): a WARN
    // line per send in a worker's log
    assertEquals(
        "error",
        config()
            .getProperty(
                "org.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.internals.Sender"));
  }
}
