package dev.runlog.connectors.webhook;

/** Stops a mapping part-way with the refusal to answer; never leaves the package. */
final class Refusal extends RuntimeException {
  private final WebhookOutcome.Why why;

  Refusal(WebhookOutcome.Why why, String reason) {
    super(reason, null, false, false); // no stack trace: it is an answer, not a fault
    this.why = why;
  }

  static Refusal badRequest(String reason) {
    return new Refusal(WebhookOutcome.Why.BAD_REQUEST, reason);
  }

  WebhookOutcome.Refused outcome() {
    return new WebhookOutcome.Refused(why, getMessage());
  }
}
