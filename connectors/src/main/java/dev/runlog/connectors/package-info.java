/**
 * Trigger sources (Kafka topic, HTTP webhook, cron) and task integrations with their auth: the
 * connectors issue fills this module. It exists now so that the build's shape does not change then.
 */
package dev.runlog.connectors;
