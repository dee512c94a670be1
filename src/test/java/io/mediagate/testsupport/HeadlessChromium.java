package io.mediagate.testsupport;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A headless Chromium driven by Selenium, one per test class ({@code @RegisterExtension} on a static field, declared
 * before the gateway's so that a missing browser skips the class before the gateway starts). It uses the Debian
 * packages {@code chromium} and {@code chromium-driver} (.ci/run installs them); Selenium Manager is never asked to
 * download anything. Without them the class is skipped, except in CI ({@code CI=true}), where that is a failure.
 */
public final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVERS = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

    private ChromeDriver driver;

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> browser = firstExisting(BROWSERS);
        Optional<String> chromedriver = firstExisting(DRIVERS);
        if (browser.isEmpty() || chromedriver.isEmpty()) {
            String missing = "no headless browser: install the Debian packages chromium and chromium-driver"
                    + " (.ci/run does) — looked for " + BROWSERS + " and " + DRIVERS;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(missing);
            }
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get());
        // --no-sandbox: CI runs as root, where Chromium's own sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1600", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver.get())).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (driver != null) {
            driver.quit();
        }
    }

    private static Optional<String> firstExisting(List<String> paths) {
        return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }
}
