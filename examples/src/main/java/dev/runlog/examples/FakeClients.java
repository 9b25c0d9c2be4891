package dev.runlog.examples;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-ins for the GitHub and Slack clients, so that the star job runs without accounts: GitHub
 * answers after {@code failuresFirst} failures, Slack keeps what it is sent.
 */
public final class FakeClients {
  private FakeClients() {}

  /** A GitHub that fails {@code failuresFirst} times, then knows everyone. */
  public static final class FakeGitHub implements GitHub {
    private final AtomicInteger calls = new AtomicInteger();
    private final int failuresFirst;

    public FakeGitHub() {
      this(0);
    }

    public FakeGitHub(int failuresFirst) {
      this.failuresFirst = failuresFirst;
    }

    @Override
    public Profile profile(String login) {
      if (calls.incrementAndGet() <= failuresFirst) {
        throw new IllegalStateException("GitHub answered 502");
      }
      return new Profile(login, login.substring(0, 1).toUpperCase() + login.substring(1), 42);
    }

    public int calls() {
      return calls.get();
    }
  }

  /** A Slack that keeps the messages posted to it. */
  public static final class FakeSlack implements Slack {
    private final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public void post(String text) {
      messages.add(text);
    }

    public List<String> messages() {
      return List.copyOf(messages);
    }
  }
}
