package dev.runlog.examples;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-ins for the clients the examples call, so that they run without accounts: GitHub answers
 * after {@code failuresFirst} failures; the warehouse, the image service and the CDN keep what they
 * are asked to do. (Slack is a real integration, {@code io.slack}: tests and {@code runlog dev}
 * point it at a local stand-in.)
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

  /** A warehouse that ships everything, with tracking number {@code track-<order id>}. */
  public static final class FakeWarehouse implements Warehouse {
    private final List<String> shipped = new CopyOnWriteArrayList<>();
    private final List<String> released = new CopyOnWriteArrayList<>();

    @Override
    public String ship(String orderId) {
      shipped.add(orderId);
      return "track-" + orderId;
    }

    @Override
    public void release(String orderId) {
      released.add(orderId);
    }

    public List<String> shipped() {
      return List.copyOf(shipped);
    }

    public List<String> released() {
      return List.copyOf(released);
    }
  }

  /** An image service whose resized image of {@code url} is {@code url?w=<width>}. */
  public static final class FakeImages implements Images {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public String resize(String url, int width) {
      calls.incrementAndGet();
      return url + "?w=" + width;
    }

    public int calls() {
      return calls.get();
    }
  }

  /** A CDN that keeps what it published, as "photo id: image url". */
  public static final class FakeCdn implements Cdn {
    private final List<String> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String photoId, String imageUrl) {
      published.add(photoId + ": " + imageUrl);
    }

    public List<String> published() {
      return List.copyOf(published);
    }
  }
}
