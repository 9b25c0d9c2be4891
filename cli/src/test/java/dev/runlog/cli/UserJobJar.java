package dev.runlog.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A user's jar of jobs, made as a user makes it: Java source compiled against the SDK alone, with
 * its provider listed in {@code META-INF/services}. Its classes are on no class path of the tests,
 * so {@code --jobs} must load them.
 */
public final class UserJobJar {
  /** The job's id, its event, and what its one task answers. */
  public static final String JOB_ID = "user-greeter";

  public static final String EVENT = "user.greet";

  private static final String SOURCE =
      """
      package com.example.jobs;

      import dev.runlog.sdk.Job;
      import dev.runlog.sdk.JobProvider;
      import java.util.List;

      public final class GreeterJobs implements JobProvider {
        public record Greet(String name) {}

        public record Greeting(String greeting) {}

        @Override
        public List<Job<?>> jobs() {
          return List.of(Job.named("%s").on("%s", Greet.class).call((greet, io) ->
              io.runTask("greet", Greeting.class, () -> new Greeting("Hi, " + greet.name() + "!"))));
        }
      }
      """
          .formatted(JOB_ID, EVENT);

  private UserJobJar() {}

  /**
   * Writes {@code dir/user-jobs.jar}; {@code withProvider} false leaves out the services file (a
   * common mistake).
   */
  public static Path build(Path dir, boolean withProvider) throws IOException {
    Path src =
        Files.createDirectories(dir.resolve("src/com/example/jobs")).resolve("GreeterJobs.java");
    Files.writeString(src, SOURCE);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    // under Maven the JVM's own class path is one manifest-only jar: surefire names the real one
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    int status =
        javac.run(null, null, null, "-d", classes.toString(), "-cp", classpath, src.toString());
    if (status != 0) {
      throw new IllegalStateException("javac failed on the user's job source: " + status);
    }
    Path jar = dir.resolve("user-jobs.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        add(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
      if (withProvider) {
        add(
            out,
            "META-INF/services/dev.runlog.sdk.JobProvider",
            "com.example.jobs.GreeterJobs\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  private static void add(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  /** The event a test sends to start the job, as JSON for {@code POST /api/events}. */
  public static String event(String id, String name) {
    return "{\"name\": \""
        + EVENT
        + "\", \"id\": \""
        + id
        + "\", \"payload\": {\"name\": \""
        + name
        + "\"}}";
  }
}
