package dev.runlog.engine.rest;

import dev.runlog.connectors.webhook.WebhookOutcome;
import dev.runlog.connectors.webhook.WebhookRequest;
import dev.runlog.engine.webhook.Webhooks;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/webhooks/{sourceId}}: a webhook sender's request becomes a trigger event. It
 * takes no API key (a sender such as GitHub or Stripe cannot send one): the signature the source's
 * spec asks for is its credential, checked over the raw body before anything is parsed or written.
 * 202 only once the event is on Kafka (acks=all), so a sender that gets it may forget the delivery;
 * any other answer makes the senders that retry send it again, with the same event id, which starts
 * no second run.
 */
final class WebhooksApi {
  static final String PATH = "/api/webhooks/{sourceId}";
  private final Webhooks webhooks;

  WebhooksApi(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  List<Route> routes() {
    return List.of(new Route(HandlerType.POST, PATH, this::receive, false, Route.Access.SIGNED));
  }

  private void receive(Context ctx) {
    String id = ctx.pathParam("sourceId");
    WebhookRequest request = new WebhookRequest(ctx.headerMap(), Requests.body(ctx));
    Webhooks.Receipt receipt = webhooks.receive(id, request);
    if (receipt instanceof Webhooks.Receipt.NoSuchSource n) {
      throw new ApiError(404, n.message());
    }
    if (receipt instanceof Webhooks.Receipt.Unavailable u) {
      throw new ApiError(503, u.message());
    }
    WebhookOutcome outcome = ((Webhooks.Receipt.Mapped) receipt).outcome();
    if (outcome instanceof WebhookOutcome.Accepted a) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", a.event().id());
      body.put("name", a.event().name());
      Json.send(ctx.status(202), body);
    } else if (outcome instanceof WebhookOutcome.Ignored i) {
      // a 2xx all the same: the sender did nothing wrong, and must not retry
      Json.send(ctx.status(200), Map.of("ignored", true, "reason", i.reason()));
    } else {
      WebhookOutcome.Refused r = (WebhookOutcome.Refused) outcome;
      throw switch (r.why()) {
        case SIGNATURE -> new ApiError(401, "bad signature: " + r.reason());
        case MEDIA_TYPE -> new ApiError(415, r.reason());
        case BAD_REQUEST -> new ApiError(400, "bad webhook request: " + r.reason());
      };
    }
  }
}
