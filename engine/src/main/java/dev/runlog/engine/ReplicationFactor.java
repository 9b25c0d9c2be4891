package dev.runlog.engine;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides {@code replication.factor auto}: 3 replicas, or one per broker on a smaller cluster. A
 * fixed default of 1 made every topic of a production cluster lose its partitions with any one
 * broker, and Kafka's own default (the broker's {@code default.replication.factor}) is 1 unless the
 * cluster's operator changed it.
 */
final class ReplicationFactor {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationFactor.class);
  static final short MOST = 3;

  private ReplicationFactor() {}

  /** {@code config} with its replication factor decided when it is auto. */
  static EngineConfig resolve(EngineConfig config) {
    if (config.replicationFactor() != EngineConfig.AUTO_REPLICATION) {
      return config;
    }
    Properties p = new Properties();
    p.putAll(config.kafka());
    p.put("bootstrap.servers", config.bootstrapServers());
    int brokers;
    try (Admin admin = Admin.create(p)) {
      brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot reach Kafka at " + config.bootstrapServers() + " to count its brokers", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting Kafka's brokers", e);
    }
    short factor = of(brokers);
    LOG.info("replication.factor auto: {} ({} brokers)", factor, brokers);
    return config.withReplicationFactor(factor);
  }

  /** The factor auto means on a cluster of {@code brokers}. */
  static short of(int brokers) {
    return (short) Math.max(1, Math.min(MOST, brokers));
  }
}
