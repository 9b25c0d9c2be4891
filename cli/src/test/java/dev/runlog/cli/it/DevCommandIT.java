package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runlog.cli.UserJobJar;
import dev.runlog.engine.it.Api;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's start command, as a user runs it: {@code ./runlog dev} in a child process (the build
 * is already done by this point of {@code mvn verify}), the curl it prints, the run reaching
 * SUCCESS, and the run still there after a restart on the same data directory.
 */
class DevCommandIT {
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void runlogDevAnswersItsPrintedCurlAndKeepsRunsAcrossRestarts(
      @TempDir Path dataDir, @TempDir Path jobsDir) throws Exception {
    String runId;
    int port = ChildEngine.freePort();
    Path userJobs = UserJobJar.build(jobsDir, true);
    try (Dev dev = Dev.launch(dataDir, port, "--jobs", userJobs.toString())) {
      // A user (or a script) that sends events the instant the API answers: every event accepted
      // runs.
      Api api = new Api("http://localhost:" + port);
      List<String> accepted = sendFromTheFirstAnswer(api, 30);
      dev.awaitStarted();
      for (String eventId : accepted) {
        JsonNode event = api.await("/api/events/" + eventId, a -> a.status() == 200);
        assertEquals(
            "[\"hello\"]",
            event.path("matchedJobs").toString(),
            "event " + eventId + " matched: " + event);
        api.awaitRunOfEvent(eventId, "SUCCESS");
      }

      String curl = dev.curl();
      Process sent = new ProcessBuilder("bash", "-c", curl).redirectErrorStream(true).start();
      String answer = new String(sent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(sent.waitFor(60, TimeUnit.SECONDS));
      String eventId = JSON.readTree(answer).path("id").asText();
      assertTrue(!eventId.isEmpty(), "the printed curl answered: " + answer);

      JsonNode run = new Api(dev.url()).awaitRunOfEvent(eventId, "SUCCESS");
      assertEquals("Hello, Ada!", run.path("output").path("greeting").asText());
      assertEquals(3, run.path("tasks").size());
      runId = run.path("id").asText();

      // runlog dev --jobs app.jar: the user's first own job runs next to the example
      assertEquals(202, api.post("/api/events", UserJobJar.event("user-1", "Lin")).status());
      assertEquals(
          "Hi, Lin!",
          api.awaitRunOfEvent("user-1", "SUCCESS").path("output").path("greeting").asText());
    }
    try (Dev again = Dev.start(dataDir)) {
      JsonNode run = new Api(again.url()).await("/api/runs/" + runId, a -> a.status() == 200);
      assertEquals("SUCCESS", run.path("status").asText());
      assertEquals(
          List.of("greet", "shout", "measure"),
          List.of(
              run.path("tasks").get(0).path("key").asText(),
              run.path("tasks").get(1).path("key").asText(),
              run.path("tasks").get(2).path("key").asText()));
    }
  }

  /**
   * Posts events from the moment the API first answers: before that the port is closed or the API
   * answers 503 (not ready), which accepts nothing. Returns the ids of the {@code count} accepted.
   */
  private static List<String> sendFromTheFirstAnswer(Api api, int count) {
    List<String> accepted = new ArrayList<>();
    Instant deadline = Instant.now().plus(DEADLINE);
    int refused = 0;
    while (accepted.size() < count && Instant.now().isBefore(deadline)) {
      String id = "eager-" + accepted.size();
      Api.Answer answer =
          api.post(
              "/api/events",
              "{\"name\": \"demo.hello\", \"id\": \""
                  + id
                  + "\", \"payload\": {\"name\": \"Ada\"}}");
      if (answer.status() == 202) {
        accepted.add(id);
      } else {
        assertTrue(
            answer.status() == -1 || answer.status() == 503,
            "before it is ready the API accepts nothing: " + answer);
        refused++;
        Api.pause();
      }
    }
    assertEquals(count, accepted.size(), "the API never accepted events");
    System.out.println(
        "runlog dev: " + refused + " tries refused before the API accepted the first event");
    return accepted;
  }

  /** A {@code ./runlog dev} child process and the lines it printed. */
  private static final class Dev implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("REST API:\\s+(http://\\S+)/api");
    private static final Pattern CURL = Pattern.compile("^\\s*(curl -s -X POST .*)$");
    private static final Pattern STARTED = Pattern.compile("Ctrl-C stops everything");
    private final ChildJvm process;
    private String url;
    private String curl;

    private Dev(ChildJvm process) {
      this.process = process;
    }

    static Dev start(Path dataDir) throws Exception {
      Dev dev = launch(dataDir, 0);
      try {
        dev.awaitStarted();
        return dev;
      } catch (Throwable t) {
        dev.close();
        throw t;
      }
    }

    /** Starts {@code ./runlog dev} and returns at once, before it is ready. */
    static Dev launch(Path dataDir, int httpPort, String... more) throws IOException {
      Path script = Path.of("..", "runlog").toAbsolutePath().normalize();
      List<String> command =
          new ArrayList<>(
              List.of(
                  script.toString(),
                  "dev",
                  "--kafka-port",
                  "0",
                  "--http-port",
                  String.valueOf(httpPort),
                  "--data-dir",
                  dataDir.toString(),
                  "--topic-prefix",
                  "devit"));
      command.addAll(List.of(more));
      return new Dev(ChildJvm.start(command));
    }

    /**
     * Waits for the lines it prints once it is ready: the API's address, the curl to paste, the
     * last line.
     */
    void awaitStarted() throws InterruptedException {
      url = process.awaitLine(URL).group(1);
      curl = process.awaitLine(CURL).group(1);
      process.awaitLine(STARTED);
    }

    String url() {
      return url;
    }

    /** The curl command it printed for a first event. */
    String curl() {
      return curl;
    }

    /**
     * Stops it as Ctrl-C would (SIGTERM runs the same shutdown hook), then makes sure it is gone.
     */
    @Override
    public void close() throws InterruptedException, IOException {
      boolean stopped = process.terminate(Duration.ofSeconds(60));
      process.close();
      if (!stopped) {
        throw new AssertionError("runlog dev did not stop within 60 s of SIGTERM");
      }
    }
  }
}
