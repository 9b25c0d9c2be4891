package dev.runlog.connectors.http;

import dev.runlog.connectors.integration.Credentials;
import dev.runlog.connectors.integration.Integration;
import dev.runlog.connectors.integration.IntegrationContext;
import dev.runlog.connectors.integration.IntegrationException;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Objects;

/**
 * HTTP calls as tasks, on the JDK's {@link java.net.http.HttpClient} (no other HTTP library: the
 * JDK's is maintained with Java itself and does HTTP/2, TLS and timeouts). Each call is a task:
 * keyed, memoized, retried; its output is the {@link Response}. The credentials (a bearer token,
 * basic, or an API-key header) come from the integration's connection or auth resolver, never from
 * code.
 *
 * <pre>{@code
 * Job.on("invoice.paid", Invoice.class)
 *     .run((invoice, io) -> {
 *       Response r = io.http("crm").post("record", "https://crm.example.com/payments", invoice);
 *       return r.json().path("id").asText();
 *     })
 *     .integration("crm", Http.INTEGRATION, Auth.managed());
 * }</pre>
 *
 * A 5xx or 429 answer is a failed attempt, retried by the integration's policy and not sooner than
 * its {@code Retry-After}; any other 4xx fails the task at once, with the status and the start of
 * the body; a host that refuses or does not answer in time is a failed attempt, retried.
 */
public final class Http {
  /** The integration: {@code .integration("crm", Http.INTEGRATION, Auth.managed())}. */
  public static final Integration<Http> INTEGRATION = Integration.of("http", Http::new);

  private final IntegrationContext ctx;
  private final Clock clock;

  Http(IntegrationContext ctx, Clock clock) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.clock = clock;
  }

  private Http(IntegrationContext ctx) {
    this(ctx, Clock.systemUTC());
  }

  /** {@code GET url} as task {@code key}. */
  public Response get(String key, String url) {
    return request(key, Request.get(url));
  }

  /** {@code POST url} with {@code body} as JSON, as task {@code key}. */
  public Response post(String key, String url, Object body) {
    return request(key, Request.post(url).json(body));
  }

  /** {@code PUT url} with {@code body} as JSON, as task {@code key}. */
  public Response put(String key, String url, Object body) {
    return request(key, Request.put(url).json(body));
  }

  /** {@code DELETE url} as task {@code key}. */
  public Response delete(String key, String url) {
    return request(key, Request.delete(url));
  }

  /**
   * {@code request} as task {@code key}, labelled with its method. When it fails for good, the
   * SDK's {@code TaskFailedException} says why (the run fails unless the code catches it).
   */
  public Response request(String key, Request request) {
    Objects.requireNonNull(request, "request");
    return ctx.task(key, request.method(), Response.class, () -> send(request));
  }

  private Response send(Request request) throws InterruptedException {
    String what = HttpCall.describe(request.method(), request.url());
    Credentials credentials = ctx.credentials();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.url())
            .timeout(request.timeout())
            .method(
                request.method(),
                request.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(request.body()));
    request.headers().forEach(builder::header);
    HttpCall.authorize(builder, credentials);
    HttpCall.Answer answer = HttpCall.send(ctx.httpClient(), builder.build(), what);
    IntegrationException failed = HttpCall.failure(what, answer, credentials, clock.instant());
    if (failed != null) {
      throw failed;
    }
    if (!answer.complete()) {
      throw new IntegrationException(
          what
              + ": the response is longer than "
              + HttpCall.MAX_BODY_BYTES / 1024
              + " KiB, more than a task's output may hold",
          false);
    }
    return Response.of(answer);
  }
}
