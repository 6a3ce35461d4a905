package io.bgtasks.dashboard;

import io.bgtasks.BackgroundWork;
import io.bgtasks.Schedules;
import io.bgtasks.TaskHandle;
import io.bgtasks.TaskSubmitter;
import io.bgtasks.deadletter.DeadLetters;
import io.bgtasks.status.TaskState;
import io.bgtasks.status.TaskStatusQuery;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real headless Chromium against an application on a real Redis: the backend's figures, the
 * throughput chart, a task's batch by id, the schedules, and the dead letters with requeue and delete, behind HTTP
 * Basic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));

    private DashboardRedis redis;
    private EmbeddedServer server;
    private ChromeDriver browser;

    @BeforeAll
    void start() {
        redis = DashboardRedis.start();
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "micronaut.server.port", "-1",
            "bgtasks.backend", "redis", "bgtasks.redis.uri", redis.uri(),
            "bgtasks.redis.prefix", "{dash-" + UUID.randomUUID().toString().substring(0, 8) + "}",
            "bgtasks.dashboard.enabled", "true",
            "bgtasks.auth.username", "ops", "bgtasks.auth.password", "s3cret"));
        browser = Browser.start();
        // the page's own requests carry the credentials as a browser that was asked for them would
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", AUTH)));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private <T> T bean(Class<T> type) {
        return server.getApplicationContext().getBean(type);
    }

    private String url() {
        return "http://" + server.getHost() + ":" + server.getPort() + "/bgtasks/dashboard";
    }

    @Test
    void withoutTheCredentialsTheDashboardAndItsApiAnswer401() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("", "/api/overview", "/api/dead-letters")) {
            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(401, none.statusCode(), path);
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), path);
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(url() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:guess".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode(), path);
        }
        HttpResponse<String> right = http.send(HttpRequest.newBuilder(URI.create(url())).header("Authorization", AUTH).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, right.statusCode());
        assertTrue(right.body().contains("<h1>bgtasks"), right.body());
    }

    @Test
    void anOperatorSeesTheBackendTheTasksTheSchedulesAndHandlesDeadLetters() throws Exception {
        TaskSubmitter submitter = bean(TaskSubmitter.class);
        String fixable = "fixable-" + UUID.randomUUID();
        String hopeless = "hopeless-" + UUID.randomUUID();
        submitter.submitAll(List.of("a", "b", "c", "d", "e"), (label, t) -> t.addTask(DashboardTasks::ok, label));
        List<TaskHandle> twoSteps = submitter.submit(t -> {
            t.addTask(DashboardTasks::ok, "first");
            t.addTask(DashboardTasks::ok, "second");
        });
        List<TaskHandle> requeued = submitter.submit(t -> t.addTask(DashboardTasks::broken, fixable));
        submitter.submit(t -> t.addTask(DashboardTasks::broken, hopeless));
        bean(Schedules.class).register("nightly-report", "0 0 3 * * *", ZoneId.of("Europe/Berlin"),
            t -> t.addTask(DashboardTasks::ok, "report"));
        assertTrue(bean(BackgroundWork.class).awaitIdle(WAIT));
        assertEquals(2, bean(DeadLetters.class).count());

        browser.get(url());
        // the page redraws a part when its data changes: an element read may be replaced meanwhile, so read again
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "UP"));
        assertEquals("on redis", browser.findElement(By.id("backend")).getText());
        wait.until(d -> Integer.parseInt(d.findElement(By.id("chart-total")).getDomAttribute("data-total")) >= 9);
        wait.until(d -> d.findElements(By.cssSelector("#chart rect.bad")).stream()
            .anyMatch(r -> Double.parseDouble(r.getDomAttribute("height")) > 0)); // the failures are in the chart
        wait.until(d -> !d.findElements(By.cssSelector("#figures td[data-figure]")).isEmpty());

        wait.until(d -> {
            String row = d.findElement(By.cssSelector("#schedules tr[data-schedule='nightly-report']")).getText();
            return row.contains("0 0 3 * * *") && row.contains("Europe/Berlin");
        });

        // a task's batch, step by step
        browser.findElement(By.id("task-id")).sendKeys(twoSteps.get(1).id());
        browser.findElement(By.cssSelector("#lookup button")).click();
        wait.until(d -> d.findElements(By.cssSelector("#batch tbody tr")).size() == 2
            && d.findElements(By.cssSelector("#batch tbody tr")).stream()
                .allMatch(row -> row.getText().contains("SUCCEEDED") && row.getText().contains("DashboardTasks#ok")));
        browser.findElement(By.id("task-id")).clear();
        browser.findElement(By.id("task-id")).sendKeys(UUID.randomUUID() + ".0");
        browser.findElement(By.cssSelector("#lookup button")).click();
        wait.until(ExpectedConditions.textMatches(By.cssSelector("#task .error"), java.util.regex.Pattern.compile("no task with id")));

        // dead letters: requeue the one whose cause is fixed, delete the other
        wait.until(ExpectedConditions.textToBe(By.id("dead-total"), "2 dead letter(s)"));
        // what the operator saw from the top of the page, kept with the build's output (docs/images/dashboard.png)
        browser.executeScript("window.scrollTo(0, 0)");
        java.nio.file.Files.write(java.nio.file.Path.of("target", "dashboard.png"),
            browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        String fixedBatch = requeued.get(0).batchId();
        wait.until(d -> d.findElement(By.cssSelector("#dead tr[data-batch='" + fixedBatch + "']")).getText()
            .contains("broken on purpose: " + fixable));
        DashboardTasks.FIXED.add(fixable);
        click(wait, "#dead tr[data-batch='" + fixedBatch + "'] button.requeue");
        wait.until(ExpectedConditions.textToBe(By.id("dead-total"), "1 dead letter(s)"));
        // and sees it succeed in the task's own view, looked up again until it says so
        String requeuedTask = requeued.get(0).id();
        wait.until(d -> {
            d.findElement(By.id("task-id")).clear();
            d.findElement(By.id("task-id")).sendKeys(requeuedTask);
            d.findElement(By.cssSelector("#lookup button")).click();
            return d.findElements(By.cssSelector("#batch tbody tr")).stream()
                .anyMatch(row -> row.getText().contains("SUCCEEDED") && row.getText().contains("DashboardTasks#broken"));
        });
        assertEquals(TaskState.SUCCEEDED, bean(TaskStatusQuery.class).find(requeuedTask).orElseThrow().state());
        click(wait, "#dead button.delete");
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textToBe(By.id("dead-total"), "0 dead letter(s)"));
        assertEquals(0, bean(DeadLetters.class).count());
    }

    @Test
    void anOperatorPagesThroughRecentAndFailedTasksAndOpensOne() throws Exception {
        // a prefix of its own, so that the listing holds only this test's batches
        try (EmbeddedServer own = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "micronaut.server.port", "-1",
            "bgtasks.backend", "redis", "bgtasks.redis.uri", redis.uri(),
            "bgtasks.redis.prefix", "{dash-" + UUID.randomUUID().toString().substring(0, 8) + "}",
            "bgtasks.dashboard.enabled", "true",
            "bgtasks.auth.username", "ops", "bgtasks.auth.password", "s3cret"))) {
            TaskSubmitter submitter = own.getApplicationContext().getBean(TaskSubmitter.class);
            List<String> ok = new java.util.ArrayList<>();
            List<String> failed = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ok.add(submitter.submit(t -> t.addTask(DashboardTasks::ok, "paged")).get(0).batchId());
            }
            for (int i = 0; i < 25; i++) {
                failed.add(submitter.submit(t -> t.addTask(DashboardTasks::broken, "paged-" + UUID.randomUUID())).get(0).batchId());
            }
            assertTrue(own.getApplicationContext().getBean(BackgroundWork.class).awaitIdle(WAIT));
            TaskStatusQuery statuses = own.getApplicationContext().getBean(TaskStatusQuery.class);
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
            // the last acknowledgements are written by the worker's next fetch
            wait.until(d -> ok.stream().allMatch(id -> statuses.find(id + ".0").map(s -> s.state() == TaskState.SUCCEEDED).orElse(false)));

            browser.get("http://" + own.getHost() + ":" + own.getPort() + "/bgtasks/dashboard");
            // all 55, 20 a page: three pages, then "Older" is disabled; every batch shown once
            List<String> all = pageThrough(wait, 3);
            assertEquals(55, all.size(), all.toString());
            assertEquals(new java.util.HashSet<>(all).size(), all.size(), "no batch twice: " + all);
            assertEquals(new java.util.HashSet<>(concat(ok, failed)), new java.util.HashSet<>(all));
            // "Newer" goes back to the page before
            browser.findElement(By.id("recent-newer")).click();
            wait.until(d -> rows(d).equals(all.subList(20, 40)));

            // failed only: 25 on two pages, each row says why
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("recent-outcome"))).selectByValue("failed");
            wait.until(d -> rows(d).size() == 20 && d.findElements(By.cssSelector("#recent-table tbody tr")).stream()
                .allMatch(r -> "FAILED".equals(r.getDomAttribute("data-outcome")) && r.getText().contains("broken on purpose")));
            List<String> failedSeen = pageThrough(wait, 2);
            assertEquals(new java.util.HashSet<>(failed), new java.util.HashSet<>(failedSeen), failedSeen.toString());
            assertEquals(25, failedSeen.size());

            // a click on a task shows its detail
            String batch = failedSeen.getLast();
            click(wait, "#recent-table tr[data-batch='" + batch + "'] a.task-link");
            wait.until(d -> {
                String row = d.findElement(By.cssSelector("#batch tr[data-task='" + batch + ".0']")).getText();
                return row.contains("FAILED") && row.contains("DashboardTasks#broken") && row.contains("broken on purpose");
            });
        }
    }

    /** Reads the shown page of recent tasks, then clicks "Older" while it is enabled; returns every row seen. */
    private List<String> pageThrough(WebDriverWait wait, int pages) {
        List<String> seen = new java.util.ArrayList<>();
        // back to the newest page
        while (browser.findElement(By.id("recent-newer")).isEnabled()) {
            browser.findElement(By.id("recent-newer")).click();
        }
        wait.until(d -> !rows(d).isEmpty());
        for (int page = 1; ; page++) {
            List<String> shown = rows(browser);
            seen.addAll(shown);
            if (!browser.findElement(By.id("recent-older")).isEnabled()) {
                assertEquals(pages, page, "pages: " + seen);
                return seen;
            }
            browser.findElement(By.id("recent-older")).click();
            wait.until(d -> !rows(d).isEmpty() && !rows(d).equals(shown));
        }
    }

    private static List<String> rows(org.openqa.selenium.WebDriver d) {
        return d.findElements(By.cssSelector("#recent-table tbody tr")).stream().map(r -> r.getDomAttribute("data-batch")).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Clicks what the selector finds, again if the page's refresh replaced it meanwhile. */
    private static void click(WebDriverWait wait, String selector) {
        wait.until(d -> {
            d.findElement(By.cssSelector(selector)).click();
            return true;
        });
    }
}
