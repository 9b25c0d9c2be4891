package dev.runlog.connectors.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlog.connectors.http.HttpCall;
import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.Integration;
import dev.runlog.connectors.integration.IntegrationContext;
import dev.runlog.connectors.integration.IntegrationException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Slack's Web API as tasks: {@code chat.postMessage} with the connection's bot token. Each post is
 * a task (keyed, memoized, retried), so a replay does not post again.
 *
 * <pre>{@code
 * Job.on("new.star", Star.class)
 *     .run((star, io) -> io.slack("slack").postMessage("⭐️ New Star", "#stars", star.login() + " starred"))
 *     .integration("slack", Slack.INTEGRATION, Auth.managed()); // PUT /api/connections/slack
 * }</pre>
 *
 * The API's address is the worker setting {@code slack.base.url} ({@code RUNLOG_SLACK_BASE_URL}),
 * {@code https://slack.com/api} by default; tests point it at a local stand-in. Slack's {@code
 * "ok": false} fails the task at once with Slack's error code ({@code channel_not_found}, {@code
 * invalid_auth}, ...), except {@code ratelimited}, retried after its {@code Retry-After}; a 5xx or
 * a host that cannot be reached is retried; an answer that is not JSON fails saying so.
 */
public final class Slack {
  /** The integration: {@code .integration("slack", Slack.INTEGRATION, Auth.managed())}. */
  public static final Integration<Slack> INTEGRATION = Integration.of("slack", Slack::new);

  /** The worker setting that holds the Web API's address. */
  public static final String BASE_URL_SETTING = "slack.base.url";

  /** Slack's Web API. */
  public static final String DEFAULT_BASE_URL = "https://slack.com/api";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final IntegrationContext ctx;
  private final Clock clock;

  Slack(IntegrationContext ctx, Clock clock) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.clock = clock;
  }

  private Slack(IntegrationContext ctx) {
    this(ctx, Clock.systemUTC());
  }

  /**
   * A message Slack posted: the channel's id and the message's timestamp (its id in the channel,
   * what a reply in a thread or an update names).
   */
  public record Message(String channel, String ts) {}

  /**
   * Posts {@code text} to {@code channel} (a name such as {@code #stars}, or an id) as task {@code
   * key}.
   */
  public Message postMessage(String key, String channel, String text) {
    return postMessage(key, channel, text, null);
  }

  /**
   * Posts a message laid out with Block Kit {@code blocks} (a JSON array; {@link #blocks} reads one
   * from text); {@code text} is what notifications show.
   */
  public Message postMessage(String key, String channel, String text, JsonNode blocks) {
    Objects.requireNonNull(channel, "channel");
    ObjectNode body = JSON.createObjectNode().put("channel", channel).put("text", text);
    if (blocks != null) {
      if (!blocks.isArray()) {
        throw new IllegalArgumentException("Slack's blocks are a JSON array, not " + blocks);
      }
      body.set("blocks", blocks);
    }
    String json = body.toString();
    return ctx.task(key, "postMessage", Message.class, () -> call("chat.postMessage", json));
  }

  /** Block Kit blocks from their JSON: {@code Slack.blocks("[{\"type\": \"divider\"}]")}. */
  public static JsonNode blocks(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException("the blocks are not JSON: " + e.getMessage(), e);
    }
  }

  private Message call(String method, String json) throws InterruptedException {
    String what = "Slack " + method;
    URI uri = uri(baseUrl() + "/" + method, what);
    Credentials credentials = ctx.credentials();
    if (!(credentials instanceof Credentials.Bearer)) {
      throw new IntegrationException(
          what
              + " needs a bot token (bearer credentials), the integration '"
              + ctx.name()
              + "' has "
              + (credentials == null ? "none" : credentials.type()),
          false);
    }
    HttpRequest request =
        HttpCall.authorize(
                HttpRequest.newBuilder(uri)
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(json)),
                credentials)
            .build();
    HttpCall.Answer answer = HttpCall.send(ctx.httpClient(), request, what);
    JsonNode answered = parse(answer);
    if (answered == null) {
      IntegrationException failed = HttpCall.failure(what, answer, credentials, clock.instant());
      throw failed != null
          ? failed
          : new IntegrationException(
              what
                  + ": the answer is not JSON (status "
                  + answer.status()
                  + ", "
                  + answer.headers().firstValue("Content-Type").orElse("no content type")
                  + "): is "
                  + BASE_URL_SETTING
                  + " Slack's API?",
              false);
    }
    if (answered.path("ok").asBoolean(false)) {
      return new Message(answered.path("channel").asText(null), answered.path("ts").asText(null));
    }
    String error = answered.path("error").asText("unknown_error");
    if (answer.status() == 429 || error.equals("ratelimited") || answer.status() >= 500) {
      throw new IntegrationException(
          what + ": " + error,
          true,
          HttpCall.retryAfter(answer.headers(), clock.instant()).orElse(null));
    }
    throw new IntegrationException(what + ": " + error, false);
  }

  private String baseUrl() {
    String base = ctx.setting(BASE_URL_SETTING).orElse(DEFAULT_BASE_URL).strip();
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  private static URI uri(String url, String what) {
    try {
      URI uri = URI.create(url);
      if (uri.getHost() == null || !uri.getScheme().matches("https?")) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IntegrationException(
          what + ": " + BASE_URL_SETTING + " is not an http(s) URL: '" + url + "'", false);
    }
  }

  private static JsonNode parse(HttpCall.Answer answer) {
    try {
      JsonNode node = JSON.readTree(answer.text());
      return node != null && node.isObject() ? node : null;
    } catch (Exception e) {
      return null;
    }
  }
}
