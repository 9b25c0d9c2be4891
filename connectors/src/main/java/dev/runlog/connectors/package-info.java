/**
 * Where events come from and where tasks go: trigger sources (Kafka topics of the user's cluster,
 * signed webhooks, cron and interval schedules) as specs and pure mappings the engine hosts.
 */
package dev.runlog.connectors;
