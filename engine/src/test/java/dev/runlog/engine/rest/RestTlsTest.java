package dev.runlog.engine.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runlog.engine.query.Peers;
import dev.runlog.engine.query.RunQueries;
import dev.runlog.engine.topology.RunWatch;
import dev.runlog.protocol.topic.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API over HTTPS with a keystore made here by keytool: HTTPS answers, plain HTTP does not,
 * peers call over HTTPS.
 */
class RestTlsTest {
  private static final String KEY = "admin-key-0123456789abcdef";
  @TempDir Path dir;
  private RestSettings.Tls tls;
  private EventSender events;
  private RestServer server;

  @BeforeEach
  void start() throws Exception {
    tls = SelfSigned.keystore(dir, "engine.p12");
    events = new EventSender("127.0.0.1:9", new Topics("tls-test"), Map.of("max.block.ms", 100));
    RestSettings settings =
        RestSettings.loopback()
            .withTls(tls)
            .withKeys(ApiKeys.parse("admin=" + KEY), Optional.of(KEY));
    server =
        RestServer.start(
            settings,
            0,
            events,
            () -> "runlog_up 1\n",
            Clock.systemUTC(),
            new RunWatch(),
            () -> Optional.empty(),
            new dev.runlog.engine.source.SourceStatuses(
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Clock.systemUTC()));
  }

  @AfterEach
  void stop() {
    server.close();
    events.close();
  }

  @Test
  void aClientThatTrustsTheCertificateGetsAnswersOverHttps() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(SelfSigned.trusting(tls)).build();
    for (String host : new String[] {"localhost", "127.0.0.1"}) {
      String base = "https://" + host + ":" + server.port();
      assertEquals(200, get(client, base + "/health/live", null).statusCode());
      HttpResponse<String> dashboard = get(client, base + "/", null);
      assertEquals(200, dashboard.statusCode());
      assertTrue(dashboard.body().contains("<title>runlog</title>"), dashboard.body());
      assertEquals(401, get(client, base + "/metrics", null).statusCode());
      assertEquals("runlog_up 1\n", get(client, base + "/metrics", KEY).body());
      assertEquals(
          503,
          get(client, base + "/api/jobs", KEY)
              .statusCode()); // no stores here: past TLS and the key
    }
  }

  @Test
  void plainHttpAndAnUntrustingClientAreRefused() throws Exception {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<String> answer =
          plain.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + "/health/live"))
                  .timeout(Duration.ofSeconds(3))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertTrue(
          answer.statusCode() >= 400 && !answer.body().contains("live"),
          "plain HTTP was answered: " + answer.statusCode() + " " + answer.body());
    } catch (IOException e) {
      // the usual outcome: the TLS listener drops, or never answers, a connection that does not
      // start with a handshake
    }
    HttpClient untrusting =
        HttpClient.newBuilder()
            .build(); // the JDK's trust store does not know a self-signed certificate
    IOException e =
        assertThrows(
            IOException.class,
            () -> get(untrusting, "https://localhost:" + server.port() + "/health/live", null));
    assertTrue(
        e instanceof SSLHandshakeException || e.getCause() instanceof SSLHandshakeException,
        e.toString());
  }

  /**
   * What an engine instance does when it forwards: HTTPS, trusting its own keystore's certificate,
   * with its peer key.
   */
  @Test
  void peersCallEachOtherOverHttpsWithTheirKey() {
    HostInfo self = new HostInfo("localhost", server.port());
    Peers withKey = new Peers("https", Optional.of(Https.peerContext(tls)), Optional.of(KEY));
    RunQueries.NotReadyException answered =
        assertThrows(
            RunQueries.NotReadyException.class,
            () -> withKey.get(self, "/api/internal/runs/run_1"));
    assertTrue(
        answered.getMessage().contains("answered 503"),
        answered.getMessage()); // through TLS and the key: no stores here
    Peers withoutKey = new Peers("https", Optional.of(Https.peerContext(tls)), Optional.empty());
    RunQueries.NotReadyException refused =
        assertThrows(
            RunQueries.NotReadyException.class,
            () -> withoutKey.get(self, "/api/internal/runs/run_1"));
    assertTrue(
        refused.getMessage().contains("refused this instance's API key (401"),
        refused.getMessage());
  }

  private static HttpResponse<String> get(HttpClient client, String url, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
