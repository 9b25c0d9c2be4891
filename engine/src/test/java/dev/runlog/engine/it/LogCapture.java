package dev.runlog.engine.it;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything this JVM prints to stdout and stderr (the engine's, the worker's and the
 * broker's log lines: slf4j-simple writes to {@code System.err} as it is at each line) while it is
 * open, still printing it, so that a test can search it.
 */
public final class LogCapture implements AutoCloseable {
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private LogCapture() {
    System.setOut(new PrintStream(new Tee(out, copy), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err, copy), true, StandardCharsets.UTF_8));
  }

  public static LogCapture start() {
    return new LogCapture();
  }

  /** True when {@code bytes} were printed since the start. */
  public boolean contains(byte[] bytes) {
    byte[] all;
    synchronized (copy) {
      all = copy.toByteArray();
    }
    return RawTopics.indexOf(all, bytes) >= 0;
  }

  @Override
  public void close() {
    System.out.flush();
    System.err.flush();
    System.setOut(out);
    System.setErr(err);
  }

  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final ByteArrayOutputStream second;

    Tee(OutputStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        first.write(b, off, len);
      } catch (java.io.IOException e) {
        // the console is gone: the copy still counts
      }
      synchronized (second) {
        second.write(b, off, len);
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
    }
  }
}
