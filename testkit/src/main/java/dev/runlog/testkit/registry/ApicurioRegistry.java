package dev.runlog.testkit.registry;

import dev.runlog.testkit.Dirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry 2.4.2 — a real registry that serves Confluent's REST API under {@code
 * /apis/ccompat/v7} — in a child JVM on a free loopback port, with its schemas in memory. The
 * module {@code testkit-registry} builds it; tests find it through the system property {@value
 * #APP_PROPERTY}. It answers after 3 to 10 s and takes ~200 MB; {@link #close()} stops it by its
 * PID.
 */
public final class ApicurioRegistry implements TestSchemaRegistry {
  /** The path of its {@code quarkus-run.jar}, as the build sets it for tests. */
  public static final String APP_PROPERTY = "runlog.registry.app";

  private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
  private static final Duration START_DEADLINE = Duration.ofSeconds(120);
  private static final String API = "/apis/ccompat/v7";

  private final Process process;
  private final Path dir;
  private final int port;
  private final Thread killOnExit;

  private ApicurioRegistry(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    // a test JVM that ends without close() must not leave a registry running
    this.killOnExit = new Thread(process::destroyForcibly, "apicurio-kill-on-exit");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** Its {@code quarkus-run.jar}, when the build made it and the tests were told where. */
  public static Optional<Path> built() {
    return Optional.ofNullable(System.getProperty(APP_PROPERTY))
        .filter(p -> !p.isBlank())
        .map(Path::of)
        .filter(Files::isRegularFile);
  }

  /** Starts the registry of {@code quarkusRunJar} and returns once it answers. */
  public static ApicurioRegistry start(Path quarkusRunJar) {
    Path dir;
    try {
      dir = Files.createTempDirectory("runlog-apicurio");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = freePort();
    Path log = dir.resolve("registry.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx160m",
                    // starts in about half the time; a test registry needs no peak speed
                    "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.http.host=127.0.0.1",
                    "-jar",
                    quarkusRunJar.toAbsolutePath().toString()))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      Dirs.deleteRecursively(dir);
      throw new UncheckedIOException("cannot start Apicurio Registry", e);
    }
    ApicurioRegistry registry = new ApicurioRegistry(process, dir, port);
    try {
      registry.awaitAnswer(log);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    LOG.info("Apicurio Registry (pid {}) answers at {}", process.pid(), registry.url());
    return registry;
  }

  @Override
  public String url() {
    return "http://127.0.0.1:" + port + API;
  }

  @Override
  public String description() {
    return "Apicurio Registry 2.4.2 (a child JVM, pid " + process.pid() + ")";
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: Quarkus shuts down cleanly in well under a second
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs anyway
    }
    Dirs.deleteRecursively(dir);
  }

  private void awaitAnswer(Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url() + "/subjects"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    Instant deadline = Instant.now().plus(START_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Apicurio Registry exited with " + process.exitValue() + ":\n" + tail(log));
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Apicurio Registry started", e);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
    throw new IllegalStateException(
        "Apicurio Registry did not answer within " + START_DEADLINE + ":\n" + tail(log));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
