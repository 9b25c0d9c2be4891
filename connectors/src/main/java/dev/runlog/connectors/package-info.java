/**
 * Where events come from and where tasks go: trigger sources (Kafka topics of the user's cluster,
 * signed webhooks, cron and interval schedules) as specs and pure mappings the engine hosts; and
 * task integrations ({@code http}, {@code slack}) whose calls a run makes as tasks, with the
 * credentials of a managed connection or an auth resolver.
 */
package dev.runlog.connectors;
