package dev.runlog.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runlog.testkit.http.RecordingHttpServer.Recorded;
import dev.runlog.testkit.http.RecordingHttpServer.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's Web API as far as {@code chat.postMessage} goes, on loopback: it takes any bearer token,
 * records each post and answers as Slack does ({@code {"ok": true, "channel", "ts", "message"}}).
 * Point a worker's {@code slack.base.url} at {@link #baseUrl()}. Slack itself cannot be reached
 * from the machines runlog is tested on; {@code runlog dev} runs one of these too, so the example
 * job completes.
 *
 * <pre>{@code
 * try (SlackStandIn slack = SlackStandIn.start()) {
 *   slack.server().reply(SlackStandIn.error("channel_not_found")); // the next post fails so
 *   // ... a worker with slack.base.url = slack.baseUrl() runs a job that posts ...
 *   assertEquals("#stars", slack.posts().get(0).channel());
 * }
 * }</pre>
 */
public final class SlackStandIn implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlackStandIn.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String POST_MESSAGE = "/api/chat.postMessage";

  private final RecordingHttpServer server;
  private final AtomicLong ts = new AtomicLong(1_700_000_000_000_100L);
  private final boolean log;
  private final List<Post> posted = new CopyOnWriteArrayList<>();

  private SlackStandIn(boolean log) {
    this.log = log;
    this.server = RecordingHttpServer.start();
    server.otherwise(this::answer);
  }

  /** A stand-in on a free port of loopback. */
  public static SlackStandIn start() {
    return new SlackStandIn(false);
  }

  /** A stand-in that also logs each post it gets (channel and text): {@code runlog dev}'s. */
  public static SlackStandIn startLogging() {
    return new SlackStandIn(true);
  }

  /** What {@code slack.base.url} should be: {@code http://127.0.0.1:<port>/api}. */
  public String baseUrl() {
    return server.url() + "/api";
  }

  /** The server under it: its requests, and replies scripted ahead of the usual answer. */
  public RecordingHttpServer server() {
    return server;
  }

  /** The messages posted and answered {@code ok} (not those a scripted reply refused), in order. */
  public List<Post> posts() {
    return List.copyOf(posted);
  }

  /** Slack's answer to a post it refused: {@code 200 {"ok": false, "error": code}}. */
  public static Reply error(String code) {
    return Reply.json(200, "{\"ok\":false,\"error\":\"" + code + "\"}");
  }

  /** Slack's answer when a method is called too often: 429 with {@code Retry-After} seconds. */
  public static Reply rateLimited(Duration retryAfter) {
    return Reply.json(429, "{\"ok\":false,\"error\":\"ratelimited\"}")
        .withHeader("Retry-After", String.valueOf(retryAfter.toSeconds()));
  }

  @Override
  public void close() {
    server.close();
  }

  private Reply answer(Recorded request) {
    if (!request.path().equals(POST_MESSAGE)) {
      return Reply.json(404, "{\"ok\":false,\"error\":\"unknown_method\"}");
    }
    String auth = request.header("Authorization");
    if (auth == null || !auth.startsWith("Bearer ") || auth.length() == "Bearer ".length()) {
      return error("not_authed");
    }
    Post post = post(request);
    if (post == null) {
      return error("invalid_json");
    }
    if (post.channel() == null || post.channel().isEmpty()) {
      return error("channel_not_found");
    }
    String stamp = String.format("%d.%06d", ts.get() / 1_000_000, ts.getAndIncrement() % 1_000_000);
    ObjectNode answer = JSON.createObjectNode().put("ok", true);
    answer.put("channel", post.channel()).put("ts", stamp);
    answer.putObject("message").put("type", "message").put("text", post.text()).put("ts", stamp);
    posted.add(post);
    if (log) {
      LOG.info("Slack stand-in: posted to {}: {}", post.channel(), post.text());
    }
    return Reply.json(200, answer.toString());
  }

  private static Post post(Recorded request) {
    try {
      JsonNode body = JSON.readTree(request.body());
      if (body == null || !body.isObject()) {
        return null;
      }
      JsonNode blocks = body.get("blocks");
      return new Post(
          body.path("channel").asText(null),
          body.path("text").asText(null),
          blocks == null ? null : blocks.toString(),
          request.at());
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * A message posted.
   *
   * @param blocks its blocks as JSON, or null
   */
  public record Post(String channel, String text, String blocks, java.time.Instant at) {}
}
