package dev.runlog.engine.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runlog.connectors.integration.ConnectionCipher;
import dev.runlog.connectors.integration.Integration;
import dev.runlog.connectors.integration.IntegrationContext;
import dev.runlog.engine.RunlogEngine;
import dev.runlog.engine.it.Api;
import dev.runlog.engine.it.TestCluster;
import dev.runlog.engine.rest.ApiKeys;
import dev.runlog.engine.rest.RestSettings;
import dev.runlog.sdk.Auth;
import dev.runlog.sdk.Job;
import dev.runlog.sdk.RunlogClient;
import dev.runlog.sdk.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's Chromium (headless, driven by the system chromedriver; nothing is
 * downloaded), against a real engine and worker on the embedded broker. Skipped where {@code
 * /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing.
 */
class DashboardBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String PREFIX = "dashboard";

  /** Markup in user data: the page must show it as text. */
  private static final String ITEM = "<b>book</b>";

  record Order(String item, boolean hold) {}

  /** A Slack stand-in: its calls are tasks labelled slack, needing no credentials. */
  private static final Integration<IntegrationContext> SLACK_STAND_IN =
      Integration.of("slack", ctx -> ctx);

  record Price(String item, int cents) {}

  @Test
  void followsAJobToItsRunsShowsTasksAndOutputsAndCancelsALiveRun() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Job<Order> orders =
        Job.define(
            "orders",
            "order.placed",
            Order.class,
            (order, io, ctx) -> {
              String reserved =
                  io.runTask("reserve", String.class, () -> "reserved " + order.item());
              Price price = io.runTask("price", Price.class, () -> new Price(order.item(), 1250));
              String shipped =
                  io.runTask(
                      "ship",
                      String.class,
                      () -> {
                        if (order.hold()) {
                          holding.countDown();
                          release.await(); // until the test releases it, or the run is canceled
                        }
                        return "shipped " + order.item();
                      });
              return Map.of("reserved", reserved, "cents", price.cents(), "shipped", shipped);
            });
    // its Slack stand-in needs no credentials, but the run waits for the connection all the same
    Job<Order> notify =
        Job.define(
                "notify",
                "order.notify",
                Order.class,
                (order, io, ctx) ->
                    io.integration("slack", SLACK_STAND_IN)
                        .task("post", "postMessage", String.class, () -> "posted " + order.item()))
            .integration("slack", SLACK_STAND_IN, Auth.managed());
    Path profile = Files.createTempDirectory("runlog-chromium");
    try (TestCluster cluster = new TestCluster();
        RunlogEngine engine =
            cluster.engine(
                PREFIX,
                config ->
                    config.withRest(
                        RestSettings.loopback()
                            .withConnectionsKey(
                                ConnectionCipher.fromBase64(ConnectionCipher.newKey()))));
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), PREFIX, Map.of());
        Worker worker =
            Worker.start(cluster.worker(PREFIX, "dashboard-worker"), List.of(orders, notify))) {
      Api api = new Api(engine.url());
      WebDriver browser = null;
      try {
        api.awaitJob("orders");
        api.awaitJob("notify");
        Api.Answer unknown = api.get("/api/no-such-thing");
        assertEquals(
            404, unknown.status(), "the dashboard's files must not shadow the API's JSON 404");
        assertTrue(
            unknown.body().path("error").asText().startsWith("no such endpoint"),
            unknown.body().toString());
        String finished =
            api.awaitRunOfEvent(client.send("order.placed", new Order(ITEM, false)), "SUCCESS")
                .path("id")
                .asText();
        String live =
            api.awaitRunOfEvent(client.send("order.placed", new Order("lamp", true)), "EXECUTING")
                .path("id")
                .asText();
        assertTrue(holding.await(60, TimeUnit.SECONDS), "the held task never started");

        browser = chromium(profile);
        WebDriverWait wait = new WebDriverWait(browser, Api.DEADLINE);
        browser.get(engine.url() + "/");
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("a.job-link[data-job-id='orders']")));
        wait.until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector("a.job-link[data-job-id='orders']")))
            .click();
        wait.until(ExpectedConditions.textToBe(By.id("job-id"), "orders"));
        openRunFromJobPage(browser, wait, finished);

        showsAFinishedRun(browser, wait);
        screenshot(browser, Path.of(System.getProperty("basedir", "."), "target", "dashboard.png"));

        cancelsALiveRun(browser, wait, live);
        assertEquals("CANCELED", api.get("/api/runs/" + live).body().path("status").asText());
        continuesACanceledRun(browser, wait, live);
        assertEquals(1, api.get("/api/runs/" + live).body().path("continuations").asInt());
        showsAnEventNoJobListenedTo(browser, wait, api);
        findsARunByAPayloadFieldAcrossJobs(browser, wait, live);
        listsUnmatchedAndDuplicateEventsAndFollowsNewOnes(browser, wait, api);
        sendsATestEventFromTheJobPage(browser, wait, api);
        pausesASourceOnTheSourcesPage(browser, wait, api);
        storesTheConnectionAWaitingRunNeeds(browser, wait, api, client);
        assertEquals(List.of(), javascriptErrors(browser));
      } finally {
        if (browser != null) {
          browser.quit();
        }
        release.countDown(); // before the worker closes, whatever happened to the cancel
      }
    } finally {
      delete(profile);
    }
  }

  /**
   * An engine with API keys: the dashboard asks for one, refuses a wrong one, works with a read key
   * (kept in the tab's sessionStorage, sent on every call), says what a read key may not do, and
   * forgets the key at log out.
   */
  @Test
  void asksForAKeyAndSaysWhatAReadKeyMayNotDo() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
    String admin = ApiKeys.newKey();
    String read = ApiKeys.newKey();
    RestSettings keys =
        RestSettings.loopback()
            .withKeys(ApiKeys.parse("admin=" + admin + ",read=" + read), Optional.of(read));
    Job<Order> orders =
        Job.define(
            "keyed",
            "keyed.placed",
            Order.class,
            (order, io, ctx) ->
                io.runTask("reserve", String.class, () -> "reserved " + order.item()));
    Path profile = Files.createTempDirectory("runlog-chromium");
    try (TestCluster cluster = new TestCluster();
        RunlogEngine engine = cluster.engine("keyed", "engine-keyed", 2, keys);
        RunlogClient client = RunlogClient.connect(cluster.bootstrapServers(), "keyed", Map.of());
        Worker worker = Worker.start(cluster.worker("keyed", "keyed-worker"), List.of(orders))) {
      Api api = new Api(engine.url(), java.net.http.HttpClient.newHttpClient(), admin);
      api.awaitJob("keyed");
      String runId =
          api.awaitRunOfEvent(client.send("keyed.placed", new Order("lamp", false)), "SUCCESS")
              .path("id")
              .asText();
      WebDriver browser = chromium(profile);
      try {
        WebDriverWait wait = new WebDriverWait(browser, Api.DEADLINE);
        browser.get(engine.url() + "/#/runs/" + runId);
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-message"), "needs an API key"));
        assertFalse(browser.findElement(By.id("logout")).isDisplayed());

        logIn(wait, read + "x");
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-message"), "did not accept that key"));
        logIn(wait, read);
        wait.until(
            ExpectedConditions.textToBe(
                By.id("run-status"), "SUCCESS")); // the page asked for, after the login
        assertEquals(
            read,
            ((JavascriptExecutor) browser)
                .executeScript("return sessionStorage.getItem('runlog.apiKey')"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("replay"))).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("action-message"), "this API key may not do that"));
        assertTrue(
            browser.findElement(By.id("action-message")).getText().contains("admin"),
            browser.findElement(By.id("action-message")).getText());

        wait.until(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-message"), "needs an API key"));
        assertEquals(
            null,
            ((JavascriptExecutor) browser)
                .executeScript("return sessionStorage.getItem('runlog.apiKey')"));
        logIn(wait, admin);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("replay"))).click();
        wait.until(
            ExpectedConditions.not(
                ExpectedConditions.textToBe(By.id("run-id"), runId))); // the replay's own page
        assertEquals(List.of(), javascriptErrors(browser));
      } finally {
        browser.quit();
      }
    } finally {
      delete(profile);
    }
  }

  private static void logIn(WebDriverWait wait, String key) {
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("api-key")));
    input.clear();
    input.sendKeys(key, Keys.ENTER);
  }

  /**
   * An event no job listens to is accepted, recorded, and shown as having started no run; a bad run
   * id says so at once.
   */
  private static void showsAnEventNoJobListenedTo(WebDriver browser, WebDriverWait wait, Api api) {
    assertEquals(
        202,
        api.post("/api/events", "{\"name\": \"nobody.listens\", \"id\": \"evt-lonely\"}").status());
    api.await("/api/events/evt-lonely", a -> a.status() == 200);
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("goto-run-id")));
    input.sendKeys("evt-lonely", Keys.ENTER);
    wait.until(ExpectedConditions.textToBe(By.id("event-name"), "nobody.listens"));
    assertTrue(
        browser.findElement(By.id("event-jobs")).getText().startsWith("none"),
        browser.findElement(By.id("event-jobs")).getText());
    go(browser, "#/runs/run_00000000000000000000000000000000");
    wait.until(
        ExpectedConditions.textToBe(
            By.id("run-message"), "No such run: run_00000000000000000000000000000000."));
  }

  /** The runs page across jobs finds the held run by its payload's item. */
  private static void findsARunByAPayloadFieldAcrossJobs(
      WebDriver browser, WebDriverWait wait, String runId) throws IOException {
    wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-runs"))).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#runs a.run-link")));
    browser.findElement(By.id("runs-field")).sendKeys("item");
    browser.findElement(By.id("runs-value")).sendKeys("lamp", Keys.ENTER);
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#runs a.run-link[data-run-id='" + runId + "']")));
    wait.until(d -> d.findElements(By.cssSelector("#runs tr[data-run-id]")).size() == 1);
    screenshot(browser, Path.of(System.getProperty("basedir", "."), "target", "runs.png"));
  }

  /**
   * The events page marks an event no job listened to and one sent twice, whose second delivery its
   * run shows as ignored; an event sent while the page is open appears by server push.
   */
  private static void listsUnmatchedAndDuplicateEventsAndFollowsNewOnes(
      WebDriver browser, WebDriverWait wait, Api api) throws IOException {
    String twice =
        "{\"name\": \"order.placed\", \"id\": \"evt-twice\", \"payload\": {\"item\": \"pen\", \"hold\": false}}";
    assertEquals(202, api.post("/api/events", twice).status());
    String runId = api.awaitRunOfEvent("evt-twice", "SUCCESS").path("id").asText();
    assertEquals(202, api.post("/api/events", twice).status());
    api.await("/api/events/evt-twice", a -> a.body().path("deliveries").asInt() == 2);
    wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-events"))).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("tr[data-event-id='evt-lonely'] .mark.unmatched")));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("tr[data-event-id='evt-twice'] .mark.duplicate")));
    screenshot(browser, Path.of(System.getProperty("basedir", "."), "target", "events.png"));
    assertEquals(
        202,
        api.post("/api/events", "{\"name\": \"nobody.listens\", \"id\": \"evt-pushed\"}").status());
    wait.until( // no reload: the page follows /api/changes
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("tr[data-event-id='evt-pushed'] .mark.unmatched")));

    go(browser, "#/runs/" + runId);
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector(
                "#events tr[data-event-type='RunCreated'][data-ignored='true'] .mark.ignored")));
  }

  /**
   * The job page's test form: a payload the job's schema refuses is refused with the reason, a good
   * one starts a run, linked from the form.
   */
  private static void sendsATestEventFromTheJobPage(WebDriver browser, WebDriverWait wait, Api api)
      throws IOException {
    go(browser, "#/jobs/orders");
    WebElement payload = wait.until(ExpectedConditions.elementToBeClickable(By.id("test-payload")));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("test-send")));
    assertTrue( // derived from the record Order by the SDK
        api.get("/api/jobs").body().path("jobs").findValues("payloadSchema").stream()
            .anyMatch(schema -> schema.path("properties").has("item")));
    payload.clear();
    payload.sendKeys("{\"item\": 5, \"hold\": \"no\"}");
    browser.findElement(By.id("test-send")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("test-message"), "Not sent"));
    assertTrue(
        browser.findElement(By.id("test-message")).getText().contains("schema"),
        browser.findElement(By.id("test-message")).getText());
    payload.clear();
    payload.sendKeys("{\"item\": \"form\", \"hold\": false}");
    browser.findElement(By.id("test-event-id")).sendKeys("evt-form");
    browser.findElement(By.id("test-send")).click();
    WebElement run = wait.until(ExpectedConditions.elementToBeClickable(By.id("test-run")));
    screenshot(browser, Path.of(System.getProperty("basedir", "."), "target", "test-event.png"));
    String runId = run.getDomAttribute("data-run-id");
    run.click();
    wait.until(ExpectedConditions.textToBe(By.id("run-id"), runId));
    wait.until(ExpectedConditions.textToBe(By.id("run-status"), "SUCCESS"));
  }

  /**
   * The sources page lists a source defined over the API, and its button pauses it; a schedule
   * shows its next tick.
   */
  private static void pausesASourceOnTheSourcesPage(
      WebDriver browser, WebDriverWait wait, Api api) {
    assertEquals(
        201,
        api.put(
                "/api/sources/shop-orders",
                "{\"kind\": \"kafka\", \"spec\": {\"topics\": [\"shop.orders\"]}}")
            .status());
    assertEquals(
        201,
        api.post(
                "/api/schedules",
                "{\"id\": \"hourly\", \"intervalSeconds\": 3600, \"event\": \"nobody.listens\"}")
            .status());
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // rows re-rendered
    wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-sources"))).click();
    By toggle = By.cssSelector("button.source-toggle[data-source-id='shop-orders']");
    wait.until(ExpectedConditions.textToBe(toggle, "Pause"));
    browser.findElement(toggle).click();
    wait.until(
        ExpectedConditions.attributeToBe(
            By.cssSelector("tr[data-source-id='shop-orders']"), "data-state", "PAUSED"));
    wait.until(ExpectedConditions.textToBe(toggle, "Resume"));
    assertTrue(api.get("/api/sources/shop-orders").body().path("paused").asBoolean());
    // the schedule's next tick, from the instance that runs its timer
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("tr[data-schedule-id='hourly'] td.next-tick time")));
  }

  /**
   * A run waiting on a connection links to it; the connections page stores it from a form that
   * never shows the secret again; the run then completes, its task labelled with the integration.
   */
  private static void storesTheConnectionAWaitingRunNeeds(
      WebDriver browser, WebDriverWait wait, Api api, RunlogClient client) throws IOException {
    String runId =
        api.awaitRunOfEvent(
                client.send("order.notify", new Order("card", false)), "WAITING_ON_CONNECTIONS")
            .path("id")
            .asText();
    go(browser, "#/runs/" + runId);
    wait.until(ExpectedConditions.textToBe(By.id("run-status"), "WAITING_ON_CONNECTIONS"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("run-waiting-on"), "(missing)"));
    wait.until( // the time it has waited so far, on the task timeline
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#tasks tr.span-row[data-span='queued'] .bar.queued")));
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("#run-waiting-on a[data-connection='slack']")))
        .click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#missing-connections tr[data-key='slack']")));
    assertEquals(
        "slack", browser.findElement(By.id("connection-integration")).getDomProperty("value"));
    String token = "xoxb-dashboard-" + ApiKeys.newKey();
    browser.findElement(By.id("connection-token")).sendKeys(token);
    browser.findElement(By.id("connection-submit")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("connection-form-message"), "Stored slack (bearer)"));
    assertEquals("", browser.findElement(By.id("connection-token")).getDomProperty("value"));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#connections tr[data-key='slack']")));
    assertFalse(browser.getPageSource().contains(token), "the page shows the secret");
    screenshot(browser, Path.of(System.getProperty("basedir", "."), "target", "connections.png"));

    go(browser, "#/runs/" + runId);
    wait.until(ExpectedConditions.textToBe(By.id("run-status"), "SUCCESS"));
    WebElement label =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(
                    "#tasks tr[data-task-key='post'] .task-integration[data-kind='slack']")));
    assertTrue(label.getText().contains("slack · postMessage"), label.getText());
    screenshot(
        browser, Path.of(System.getProperty("basedir", "."), "target", "integration-task.png"));
  }

  /** Follows the run's row on the job page. */
  private static void openRunFromJobPage(WebDriver browser, WebDriverWait wait, String runId) {
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("a.run-link[data-run-id='" + runId + "']")))
        .click();
    wait.until(ExpectedConditions.textToBe(By.id("run-id"), runId));
  }

  private static void showsAFinishedRun(WebDriver browser, WebDriverWait wait) {
    wait.until(ExpectedConditions.textToBe(By.id("run-status"), "SUCCESS"));
    wait.until(d -> taskKeys(d).size() == 3);
    assertEquals(List.of("reserve", "price", "ship"), taskKeys(browser));
    assertEquals("\"reserved " + ITEM + "\"", taskOutput(browser, "reserve"));
    assertTrue(
        taskOutput(browser, "price").contains("\"cents\": 1250"), taskOutput(browser, "price"));
    assertEquals("\"shipped " + ITEM + "\"", taskOutput(browser, "ship"));
    assertTrue(
        browser
            .findElement(By.cssSelector("#run-output pre"))
            .getText()
            .contains("\"shipped\": \"shipped " + ITEM + "\""));
    assertTrue(
        browser
            .findElement(By.cssSelector("#run-payload pre"))
            .getText()
            .contains("\"item\": \"" + ITEM + "\""));
    assertTrue(
        browser.findElements(By.cssSelector("#view b")).isEmpty(),
        "user data was rendered as HTML");
    assertEquals("orders", browser.findElement(By.cssSelector("#run-job a")).getText());
    assertFalse(browser.findElement(By.id("cancel")).isEnabled(), "a finished run offers Cancel");
  }

  private static void cancelsALiveRun(WebDriver browser, WebDriverWait wait, String runId) {
    go(browser, "#/runs/" + runId);
    wait.until(ExpectedConditions.textToBe(By.id("run-id"), runId));
    wait.until(ExpectedConditions.textToBe(By.id("run-status"), "EXECUTING"));
    wait.until(d -> taskKeys(d).containsAll(List.of("reserve", "price")));
    wait.until(ExpectedConditions.elementToBeClickable(By.id("cancel"))).click();
    wait.until(
        ExpectedConditions.textToBe(By.id("run-status"), "CANCELED")); // by the page's own polling
    assertFalse(
        browser.findElement(By.id("cancel")).isEnabled(), "a canceled run still offers Cancel");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("run-cancel-reason"), "none given"));
  }

  /** The canceled run resumes as the same run: back to its held task, which runs again. */
  private static void continuesACanceledRun(WebDriver browser, WebDriverWait wait, String runId) {
    wait.until(ExpectedConditions.elementToBeClickable(By.id("continue"))).click();
    wait.until(
        ExpectedConditions.textToBe(By.id("run-status"), "EXECUTING")); // by the page's own polling
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("continue")));
  }

  private static List<String> taskKeys(WebDriver browser) {
    return browser.findElements(By.cssSelector("#tasks tr[data-task-key]")).stream()
        .map(e -> e.getDomAttribute("data-task-key"))
        .toList();
  }

  private static String taskOutput(WebDriver browser, String key) {
    return browser
        .findElement(By.cssSelector("#tasks tr[data-task-key='" + key + "'] .task-output"))
        .getText();
  }

  /** Navigates within the page, as a click on a link would. */
  private static void go(WebDriver browser, String hash) {
    ((JavascriptExecutor) browser).executeScript("location.hash = arguments[0]", hash);
  }

  /**
   * Errors the page's scripts logged, leaving out failed requests (the API answers 404 for what it
   * lacks).
   */
  private static List<String> javascriptErrors(WebDriver browser) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !m.contains("Failed to load resource"))
        .toList();
  }

  /** The whole page, not only the window. */
  private static void screenshot(WebDriver browser, Path file) throws IOException {
    Number height =
        (Number)
            ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(1280, Math.min(2400, height.intValue() + 40)));
    Files.createDirectories(file.getParent());
    Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private static WebDriver chromium(Path profile) {
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(
        CHROMIUM.toFile()); // with the driver path above, Selenium Manager has nothing to look up
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--hide-scrollbars",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    return new ChromeDriver(service, options);
  }

  private static void delete(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
