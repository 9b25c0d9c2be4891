package dev.runlog.cli.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** {@code ./runlog engine} in a child JVM, so that a test can SIGKILL it. */
record ChildEngine(ChildJvm jvm, String url) implements AutoCloseable {
  static final Pattern READY = Pattern.compile("runlog engine is ready: (http://\\S+)/api");

  /**
   * Starts an engine with state in {@code stateDir}, REST on a free port, and {@code settings}
   * ({@code key=value}, as {@code runlog engine -D} takes them); returns once it is ready.
   */
  static ChildEngine start(String bootstrap, Path stateDir, String... settings) throws Exception {
    ChildJvm jvm = launch(bootstrap, stateDir, "http.port=0", settings);
    try {
      return new ChildEngine(
          jvm,
          jvm.awaitLine(READY).group(1)); // printed once it processes events and answers queries
    } catch (Throwable t) {
      jvm.close();
      throw t;
    }
  }

  /**
   * Starts an engine with REST on {@code httpPort}, and returns at once: its REST API answers
   * before it is ready.
   */
  static ChildEngine launch(String bootstrap, Path stateDir, int httpPort, String... settings)
      throws IOException {
    return new ChildEngine(
        launch(bootstrap, stateDir, "http.port=" + httpPort, settings),
        "http://localhost:" + httpPort);
  }

  /** A port free now, for an engine whose address a test must know before it is ready. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static ChildJvm launch(String bootstrap, Path stateDir, String port, String... settings)
      throws IOException {
    Files.createDirectories(stateDir);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of("..", "runlog").toAbsolutePath().normalize().toString(),
                "engine",
                "--bootstrap-servers",
                bootstrap,
                "-D",
                port,
                "-D",
                "state.dir=" + stateDir,
                "-D",
                "http.host=127.0.0.1")); // loopback: a runlog engine on every interface would need
    // API keys
    for (String setting : settings) {
      command.add("-D");
      command.add(setting);
    }
    return ChildJvm.start(command);
  }

  /** "host:port" of its REST API, as the engines advertise it to each other. */
  String hostPort() {
    return url.substring("http://".length());
  }

  /** SIGKILL: no shutdown hook, no commit, no farewell. */
  void kill() throws InterruptedException {
    jvm.kill();
  }

  @Override
  public void close() throws Exception {
    jvm.close();
  }
}
