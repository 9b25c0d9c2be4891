package dev.runlog.connectors.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlog.protocol.trigger.TriggerEvent;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A webhook request to a trigger event, in the one order that keeps an unsigned request from
 * costing anything: the signature over the raw bytes first, then the media type, then the body is
 * parsed, filtered and mapped. Pure: the secret and the time are given.
 */
public final class WebhookMapper {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** The {@code TriggerEvent.source} of a webhook's events: {@code webhook:<source id>}. */
  public static final String SOURCE_PREFIX = "webhook:";

  private WebhookMapper() {}

  /**
   * @param secret the secret the spec names (ignored when its signature is {@code none})
   * @param now the time the request arrived: the event's timestamp, and what Stripe's tolerance is
   *     counted from
   */
  public static WebhookOutcome map(
      String sourceId, WebhookSpec spec, WebhookRequest request, byte[] secret, Instant now) {
    Optional<String> unsigned = spec.signature().check(request, secret, now);
    if (unsigned.isPresent()) {
      return new WebhookOutcome.Refused(WebhookOutcome.Why.SIGNATURE, unsigned.get());
    }
    try {
      JsonNode body = parse(request);
      Optional<String> leftOut = spec.filter().leftOut(request, body);
      if (leftOut.isPresent()) {
        return new WebhookOutcome.Ignored(leftOut.get());
      }
      return new WebhookOutcome.Accepted(
          new TriggerEvent(
              spec.id().resolve(sourceId, request, body),
              spec.name().resolve(request, body),
              spec.payload().apply(body).toString(),
              context(sourceId, spec, request).toString(),
              now,
              null,
              SOURCE_PREFIX + sourceId));
    } catch (Refusal r) {
      return r.outcome();
    }
  }

  /**
   * The body as JSON: the body itself ({@code application/json}, or no Content-Type), or the {@code
   * payload} field of a form ({@code application/x-www-form-urlencoded}, which GitHub sends when a
   * hook is set up that way).
   */
  private static JsonNode parse(WebhookRequest request) {
    String type =
        request.header("Content-Type").map(t -> t.split(";")[0].strip()).orElse("application/json");
    byte[] json;
    if (type.equalsIgnoreCase("application/json")
        || type.toLowerCase(Locale.ROOT).endsWith("+json")) {
      json = request.body();
    } else if (type.equalsIgnoreCase("application/x-www-form-urlencoded")) {
      json = formPayload(request.body());
    } else {
      throw new Refusal(
          WebhookOutcome.Why.MEDIA_TYPE,
          "Content-Type must be application/json or application/x-www-form-urlencoded (with a"
              + " payload field), not "
              + Values.quote(type));
    }
    try {
      JsonNode parsed = JSON.readTree(json);
      if (parsed == null || parsed.isMissingNode()) { // what Jackson makes of no bytes at all
        throw Refusal.badRequest("the body is empty: a webhook's body is JSON");
      }
      return parsed;
    } catch (JsonProcessingException e) {
      throw Refusal.badRequest("the body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw Refusal.badRequest("the body is not JSON: " + e.getMessage());
    }
  }

  private static byte[] formPayload(byte[] body) {
    for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2 && kv[0].equals("payload")) {
        try {
          return URLDecoder.decode(kv[1], StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw Refusal.badRequest("the form's payload field is not URL-encoded");
        }
      }
    }
    throw Refusal.badRequest("the form has no payload field");
  }

  /** {@code {"webhook": "<source id>", "headers": {...the context headers present...}}}. */
  private static ObjectNode context(String sourceId, WebhookSpec spec, WebhookRequest request) {
    ObjectNode context = JSON.createObjectNode();
    context.put("webhook", sourceId);
    ObjectNode headers = context.putObject("headers");
    for (String name : spec.contextHeaders()) {
      request.header(name).ifPresent(value -> headers.put(name, value));
    }
    return context;
  }
}
