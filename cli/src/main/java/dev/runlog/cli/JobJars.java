package dev.runlog.cli;

import dev.runlog.sdk.Job;
import dev.runlog.sdk.JobProvider;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The jobs a user's jar provides: its {@link JobProvider}s, listed in its {@code
 * META-INF/services/dev.runlog.sdk.JobProvider}. The jar is loaded in a class loader of its own
 * whose parent has runlog's SDK, so its jobs and runlog's worker share the SDK's types; only the
 * providers the jar itself defines count (not the example jobs on runlog's own class path).
 */
final class JobJars {
  private JobJars() {}

  /**
   * Loads {@code classpath}: jars and directories separated by {@link File#pathSeparator}; an entry
   * {@code dir/*} takes every jar in {@code dir}. The class loader stays open for the process's
   * life.
   */
  static List<Job<?>> load(String classpath) {
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.addAll(urls(entry.strip()));
      }
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("--jobs names no jar");
    }
    @SuppressWarnings("resource") // loads the jobs' classes for as long as the worker runs
    URLClassLoader loader =
        new URLClassLoader("runlog-jobs", urls.toArray(URL[]::new), JobJars.class.getClassLoader());
    List<Job<?>> jobs = new ArrayList<>();
    ServiceLoader.load(JobProvider.class, loader).stream()
        .filter(provider -> provider.type().getClassLoader() == loader)
        .forEach(provider -> jobs.addAll(provider.get().jobs()));
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException(
          "no jobs in "
              + classpath
              + ": list your JobProvider class in "
              + "META-INF/services/"
              + JobProvider.class.getName()
              + " inside the jar, and make its jobs() non-empty");
    }
    return jobs;
  }

  private static List<URL> urls(String entry) {
    if (entry.endsWith(File.separator + "*")) {
      Path dir = Path.of(entry.substring(0, entry.length() - 2));
      try (Stream<Path> files = Files.list(dir)) {
        return files.filter(f -> f.toString().endsWith(".jar")).sorted().map(JobJars::url).toList();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage(), e);
      }
    }
    Path path = Path.of(entry);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("no such jar or directory: " + path.toAbsolutePath());
    }
    return List.of(url(path));
  }

  private static URL url(Path path) {
    try {
      return path.toAbsolutePath().toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a usable path: " + path, e);
    }
  }
}
