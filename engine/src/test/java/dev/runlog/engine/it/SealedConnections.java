package dev.runlog.engine.it;

import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.connectors.integration.Credentials;
import dev.runlog.protocol.codec.Codecs;
import dev.runlog.protocol.connection.Connection;
import dev.runlog.protocol.topic.Topics;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a managed connection to the connections topic as the engine stores it (sealed with the key
 * of {@code connections.key}), for tests of workers' integrations.
 */
public final class SealedConnections {
  private SealedConnections() {}

  /** Seals {@code credentials} as connection {@code integration[/accountId]} and writes it. */
  public static void put(
      String bootstrapServers,
      String prefix,
      String key,
      String integration,
      String accountId,
      Credentials credentials) {
    Connection sealed =
        ConnectionCipher.fromBase64(key).seal(integration, accountId, credentials, Instant.now());
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers);
    p.put("acks", "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  new Topics(prefix).connections().name(),
                  sealed.key(),
                  Codecs.CONNECTION.encode(sealed)))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("cannot write connection " + sealed.key(), e.getCause());
    }
  }
}
