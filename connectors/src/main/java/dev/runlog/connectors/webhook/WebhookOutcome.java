package dev.runlog.connectors.webhook;

import dev.runlog.protocol.trigger.TriggerEvent;

/** What a webhook source makes of one request: an event to send, nothing, or a refusal. */
public sealed interface WebhookOutcome {

  /** Signed and mapped: {@code event} is to be sent. */
  record Accepted(TriggerEvent event) implements WebhookOutcome {}

  /** Signed, but the source's filter leaves it out: answered 2xx so that the sender stops. */
  record Ignored(String reason) implements WebhookOutcome {}

  /** Refused, nothing sent; {@code reason} never holds a signature or a secret. */
  record Refused(Why why, String reason) implements WebhookOutcome {}

  /** Why a request is refused, which the HTTP status tells the sender. */
  enum Why {
    /** The signature is missing or wrong (401). */
    SIGNATURE,
    /** The body is neither JSON nor a form with a {@code payload} field (415). */
    MEDIA_TYPE,
    /** The body or a header the source needs is missing or malformed (400). */
    BAD_REQUEST
  }
}
