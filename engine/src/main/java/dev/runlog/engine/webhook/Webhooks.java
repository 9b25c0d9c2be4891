package dev.runlog.engine.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.connectors.source.InvalidSourceException;
import dev.runlog.connectors.webhook.WebhookMapper;
import dev.runlog.connectors.webhook.WebhookOutcome;
import dev.runlog.connectors.webhook.WebhookRequest;
import dev.runlog.connectors.webhook.WebhookSpec;
import dev.runlog.engine.source.SourceCatalog;
import dev.runlog.engine.source.SourceState;
import dev.runlog.engine.source.SourceStatuses;
import dev.runlog.protocol.source.SourceDefinition;
import dev.runlog.protocol.source.SourceKind;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook sources' runtime: there is nothing to run between requests, so it is a lookup (the
 * source in the catalog, its spec read and its secret found, kept per definition) and a status kept
 * up to date as definitions change. A request is answered from the definition the catalog holds at
 * that moment, so a source changed or paused a moment ago is taken as it is now.
 */
public final class Webhooks implements SourceCatalog.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** At most one log line per source this often for refused requests: a flood is counted. */
  private static final Duration LOG_EVERY = Duration.ofMinutes(1);

  /** Counters in the source's status and {@code runlog_source_events_total{outcome=...}}. */
  public static final String ACCEPTED = "accepted";

  public static final String IGNORED = "ignored";
  public static final String REJECTED_SIGNATURES = "rejected-signatures";
  public static final String REJECTED_REQUESTS = "rejected-requests";

  private final Function<String, Optional<SourceDefinition>> definitions;
  private final SourceStatuses statuses;
  private final WebhookSecrets secrets;
  private final Consumer<TriggerEvent> send;
  private final Clock clock;
  private final Map<String, Ready> ready = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastLogged = new ConcurrentHashMap<>();

  /** What {@link #receive} makes of a request. */
  public sealed interface Receipt {
    /** No webhook source has the id (404). */
    record NoSuchSource(String message) implements Receipt {}

    /** The source cannot take requests now: paused, or its secret missing (503). */
    record Unavailable(String message) implements Receipt {}

    /** What the source's spec made of it; an {@code Accepted} event is durable on Kafka. */
    record Mapped(WebhookOutcome outcome) implements Receipt {}
  }

  /** A definition read: its spec and secret, or why it cannot take requests. */
  private record Ready(
      SourceDefinition definition, WebhookSpec spec, byte[] secret, String problem) {}

  /**
   * @param definitions the source definitions: the catalog's {@code get}
   * @param send appends an event durably, or throws (the API's 503)
   */
  public Webhooks(
      Function<String, Optional<SourceDefinition>> definitions,
      SourceStatuses statuses,
      WebhookSecrets secrets,
      Consumer<TriggerEvent> send,
      Clock clock) {
    this.definitions = definitions;
    this.statuses = statuses;
    this.secrets = secrets;
    this.send = send;
    this.clock = clock;
  }

  /** Keeps each webhook source's status: RUNNING, PAUSED, or FAILING with the reason. */
  @Override
  public void changed(String id, Optional<SourceDefinition> now) {
    if (now.isEmpty() || now.get().kind() != SourceKind.WEBHOOK) {
      if (ready.remove(id) != null && now.isEmpty()) {
        statuses.forget(id);
      }
      return;
    }
    Ready r = read(now.get());
    ready.put(id, r);
    if (r.problem() != null) {
      statuses.report(id, SourceState.FAILING, r.problem());
    } else if (now.get().paused()) {
      statuses.report(id, SourceState.PAUSED, null);
    } else {
      statuses.report(id, SourceState.RUNNING, null);
    }
  }

  /**
   * Turns a request to source {@code id} into an event, sent before this returns; in this order:
   * the source (404), paused or unable (503), the signature (401), the body (415, 400), the filter
   * (ignored), the send.
   */
  public Receipt receive(String id, WebhookRequest request) {
    Optional<SourceDefinition> definition = definitions.apply(id);
    if (definition.isEmpty() || definition.get().kind() != SourceKind.WEBHOOK) {
      return new Receipt.NoSuchSource("no webhook source " + id);
    }
    if (definition.get().paused()) {
      return new Receipt.Unavailable(
          "webhook source " + id + " is paused: try again once it is resumed");
    }
    Ready r = ready.compute(id, (k, had) -> fresh(had, definition.get()));
    if (r.problem() != null) {
      // the sender is not at fault: 503 makes the ones that retry (Stripe) retry until it is fixed
      return new Receipt.Unavailable(
          "webhook source " + id + " cannot check signatures now; its status says why");
    }
    WebhookOutcome outcome = WebhookMapper.map(id, r.spec(), request, r.secret(), clock.instant());
    if (outcome instanceof WebhookOutcome.Accepted a) {
      send.accept(a.event());
      statuses.count(id, ACCEPTED);
    } else if (outcome instanceof WebhookOutcome.Refused f) {
      statuses.count(
          id, f.why() == WebhookOutcome.Why.SIGNATURE ? REJECTED_SIGNATURES : REJECTED_REQUESTS);
      logRefusal(id, f);
    } else {
      statuses.count(id, IGNORED);
    }
    return new Receipt.Mapped(outcome);
  }

  private Ready fresh(Ready had, SourceDefinition definition) {
    return had != null && had.definition().equals(definition) ? had : read(definition);
  }

  private Ready read(SourceDefinition definition) {
    WebhookSpec spec;
    try {
      JsonNode json = JSON.readTree(definition.spec());
      spec = WebhookSpec.parse(json);
    } catch (IOException | InvalidSourceException e) {
      // the API checks a spec before writing it; this is one written another way, or by a version
      // that took what this one does not
      return new Ready(definition, null, null, "the spec cannot be used: " + e.getMessage());
    }
    byte[] secret = new byte[0];
    if (spec.signature().secret().isPresent()) {
      var ref = spec.signature().secret().get();
      Optional<byte[]> found = secrets.resolve(ref);
      if (found.isEmpty()) {
        return new Ready(
            definition,
            spec,
            null,
            "its secret is not set on this engine instance: set the "
                + ref.describe()
                + " (requests are answered 503 until it is)");
      }
      secret = found.get();
    }
    return new Ready(definition, spec, secret, null);
  }

  /** Says why a request was refused, once a minute per source at most; never its signature. */
  private void logRefusal(String id, WebhookOutcome.Refused refused) {
    Instant now = clock.instant();
    Instant last = lastLogged.get(id);
    if (last == null || !now.isBefore(last.plus(LOG_EVERY))) {
      lastLogged.put(id, now);
      LOG.warn(
          "webhook source {} refused a request ({}): {} (further refusals this minute are only"
              + " counted)",
          id,
          refused.why(),
          refused.reason());
    }
  }
}
