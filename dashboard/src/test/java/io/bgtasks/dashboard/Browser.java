package io.bgtasks.dashboard;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real headless Chromium driven by chromedriver (Debian's {@code chromium} and {@code chromium-driver}, which
 * .ci/run installs). {@code CHROME_BIN} and {@code CHROMEDRIVER} point elsewhere when needed.
 */
final class Browser {
    private Browser() {
    }

    static ChromeDriver start() {
        String chrome = System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium");
        String driver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!Files.isExecutable(Path.of(chrome)) || !Files.isExecutable(Path.of(driver))) {
            throw new IllegalStateException("the dashboard's browser tests need Chromium and chromedriver: "
                + "apt-get install chromium chromium-driver (or set CHROME_BIN and CHROMEDRIVER)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chrome);
        // headless in a container: no sandbox (we run as root), no GPU, a fixed window
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
            .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
