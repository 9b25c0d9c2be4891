package dev.runlog.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The image's layers unpacked into a root file system and entered with chroot, as a container
 * runtime runs the image, without Docker: {@code /proc} mounted, {@code /dev/null}, {@code
 * /dev/zero}, {@code /dev/random} and {@code /dev/urandom} made, the image's user and working
 * directory, only the image's environment. {@code unshare --root --wd --setuid --setgid}
 * (util-linux) does the chroot, as {@code chroot(8)} cannot set the working directory. No namespace
 * is made: the network is the host's, so {@code localhost} is this machine. Needs root, a {@code
 * mount} and a chroot that work: where they do not, the test using it is skipped, saying why.
 */
final class ImageRoot implements AutoCloseable {
  private final ImageTar image;
  private final Path rootfs;
  private final String uid;
  private final String gid;
  private boolean procMounted;

  private ImageRoot(ImageTar image, Path rootfs, String uid, String gid) {
    this.image = image;
    this.rootfs = rootfs;
    this.uid = uid;
    this.gid = gid;
  }

  /**
   * Unpacks {@code image} into {@code rootfs} and prepares it; skips the calling test where chroot
   * cannot run here.
   */
  static ImageRoot create(ImageTar image, Path rootfs) throws IOException, InterruptedException {
    assumeTrue(
        "0".equals(output(List.of("id", "-u")).strip()),
        "skipped: running the image with chroot needs root, and this test runs as uid "
            + output(List.of("id", "-u")).strip());
    image.unpack(rootfs);
    assumeTrue(
        output(List.of("unshare", "--help")).contains("--wd"),
        "skipped: this unshare cannot set a root and a working directory");
    String user = image.config().path("config").path("User").asText("0");
    assertTrue(
        user.matches("\\d+(:\\d+)?"),
        "the image names its user by number (a runtime need not read its /etc/passwd): " + user);
    String[] ids = user.split(":");
    ImageRoot root =
        new ImageRoot(image, rootfs, ids[0], ids.length > 1 ? ids[1] : groupOf(rootfs, ids[0]));
    try {
      root.prepare();
      return root;
    } catch (Throwable t) {
      root.close();
      throw t;
    }
  }

  private void prepare() throws IOException, InterruptedException {
    Files.createDirectories(rootfs.resolve("proc"));
    Files.createDirectories(rootfs.resolve("dev"));
    Result mount = exec(List.of("mount", "-t", "proc", "proc", rootfs.resolve("proc").toString()));
    assumeTrue(
        mount.code() == 0, "skipped: cannot mount /proc for the chroot here: " + mount.output());
    procMounted = true;
    for (String[] node :
        new String[][] {{"null", "3"}, {"zero", "5"}, {"random", "8"}, {"urandom", "9"}}) {
      Result mknod =
          exec(
              List.of(
                  "mknod",
                  "-m",
                  "666",
                  rootfs.resolve("dev").resolve(node[0]).toString(),
                  "c",
                  "1",
                  node[1]));
      assumeTrue(
          mknod.code() == 0,
          "skipped: cannot make /dev/" + node[0] + " for the chroot here: " + mknod.output());
    }
    // a program that is not there: unshare says it cannot execute it once inside, or why it cannot
    // get inside
    Result chroot = exec(command(List.of("/runlog-no-such-program")));
    assumeTrue(
        !chroot.output().contains("cannot change root directory"),
        "skipped: chroot does not work here: " + chroot.output());
    assertTrue(
        chroot.output().contains("failed to execute /runlog-no-such-program"),
        "inside the image's files, in its working directory, as its user: " + chroot.output());
  }

  /**
   * The command that runs {@code args} inside: its root the image's files, as the image's user, in
   * its working directory.
   */
  List<String> command(List<String> args) {
    String workdir = image.config().path("config").path("WorkingDir").asText("/");
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--root=" + rootfs,
                "--wd=" + (workdir.isEmpty() ? "/" : workdir),
                "--setgid",
                gid,
                "--setuid",
                uid));
    command.addAll(args);
    return command;
  }

  /**
   * A process running {@code args} inside with the image's environment and {@code extraEnv},
   * nothing of this JVM's.
   */
  ProcessBuilder process(List<String> args, Map<String, String> extraEnv) {
    ProcessBuilder builder = new ProcessBuilder(command(args));
    builder.environment().clear();
    builder.environment().putAll(image.env());
    builder.environment().putAll(extraEnv);
    return builder;
  }

  Path path(String inside) {
    return rootfs.resolve(inside.replaceFirst("^/+", ""));
  }

  /** Unmounts {@code /proc}, so that deleting the root file system deletes only its own files. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (procMounted) {
      Result umount = exec(List.of("umount", rootfs.resolve("proc").toString()));
      if (umount.code() != 0) {
        exec(List.of("umount", "-l", rootfs.resolve("proc").toString()));
      }
      procMounted = false;
    }
  }

  record Result(int code, String output) {}

  static Result exec(List<String> command) throws IOException, InterruptedException {
    return exec(new ProcessBuilder(command));
  }

  /**
   * Runs {@code builder} to its end (at most 120 s) and returns its exit code and its output,
   * stderr included.
   */
  static Result exec(ProcessBuilder builder) throws IOException, InterruptedException {
    Process process = builder.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(builder.command() + " did not end within 120 s: " + output);
    }
    return new Result(process.exitValue(), output);
  }

  private static String output(List<String> command) throws IOException, InterruptedException {
    return exec(command).output();
  }

  /**
   * The group of {@code uid} in the image's /etc/passwd (a runtime would use the same), or 0 when
   * it has none.
   */
  private static String groupOf(Path rootfs, String uid) throws IOException {
    Path passwd = rootfs.resolve("etc/passwd");
    if (Files.isRegularFile(passwd)) {
      for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
        String[] fields = line.split(":");
        if (fields.length > 3 && (fields[2].equals(uid) || fields[0].equals(uid))) {
          return fields[3];
        }
      }
    }
    return "0";
  }
}
