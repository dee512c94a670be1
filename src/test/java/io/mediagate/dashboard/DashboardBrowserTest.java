package io.mediagate.dashboard;

import io.mediagate.sandbox.FaultPlan;
import io.mediagate.testsupport.HeadlessChromium;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser (headless Chromium) during a sandbox run: the counts move as files go through, and a
 * failed input re-driven from the page goes through once its cause is gone. Leaves target/dashboard.png.
 */
class DashboardBrowserTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of("mediagate.sandbox.task-duration", "1s",
            // the failed job's first poll soon after its task ends, not at the default 5 s: what the page shows is the same
            "mediagate.opensearch.image-analyze.poll.first-delay", "1200ms", "mediagate.ingest.min-age", "300ms",
            // shown on the page (the tests' files go to OpenSearch, which neither holds)
            "mediagate.bailian.window", "01:00-05:00", "mediagate.bailian.window.time-zone", "UTC",
            "mediagate.baidu.budget.daily", "500"));

    private WebDriver page() {
        WebDriver driver = chromium.driver();
        String url = "http://127.0.0.1:" + gateway.managementPort() + "/observe/dashboard";
        if (!driver.getCurrentUrl().startsWith(url)) {
            driver.get(url);
        }
        return driver;
    }

    private static String cell(WebDriver driver, String operation, String column) {
        try {
            List<WebElement> cells = driver.findElements(By.cssSelector("td[data-op='" + operation + "'][data-col='" + column + "']"));
            return cells.isEmpty() ? "" : cells.get(0).getText();
        } catch (StaleElementReferenceException redrawn) {
            // the page redrew its table between finding the cell and reading it: read the new one next time
            return "";
        }
    }

    private static void awaitCell(WebDriver driver, String operation, String column, String expected) {
        new WebDriverWait(driver, LIMIT).withMessage(() -> operation + " " + column + " shows " + expected
                        + " (shows '" + cell(driver, operation, column) + "')")
                .until(d -> expected.equals(cell(d, operation, column)));
    }

    @Test
    void the_counts_move_as_files_go_through() throws Exception {
        WebDriver driver = page();
        new WebDriverWait(driver, LIMIT).until(d -> d.findElement(By.id("state")).getText().startsWith("updated"));
        assertEquals("", cell(driver, "opensearch/object-detect", "delivered"), "nothing delivered before the drop");

        for (int i = 1; i <= 3; i++) {
            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "cat" + i + ".png", TestMedia.image("png", 60 + i, 40));
        }

        awaitCell(driver, "opensearch/object-detect", "delivered", "3");
        // one call per file (a synchronous operation), counted by the same meters as /observe/metrics
        awaitCell(driver, "opensearch/object-detect", "calls", "3");
        assertEquals("0", cell(driver, "opensearch/object-detect", "failed"));
        // the intake window and the daily budget, as they stand
        String schedules = driver.findElement(By.id("windows")).getText();
        assertTrue(schedules.contains("bailian: takes work 01:00-05:00 (UTC)"), schedules);
        assertTrue(schedules.contains("baidu: 0 of 500 calls today"), schedules);
        // the page's charts are drawn (uPlot loaded from the gateway, not from the internet)
        assertFalse(driver.findElements(By.cssSelector("#throughput-chart canvas")).isEmpty(), "the throughput chart");
        assertFalse(driver.findElements(By.cssSelector("#calls-chart canvas")).isEmpty(), "the vendor-call chart");
    }

    @Test
    void a_failed_input_re_driven_from_the_page_goes_through_once_the_vendor_recovered() throws Exception {
        // the vendor fails every image-analysis task (an outage on its side): the job ends in failed/ as a vendor error
        gateway.sandbox().control().setFault(new FaultPlan("opensearch", "ops-image-analyze-vlm-001", null, null,
                "FAILED", null, null, null));
        TestMedia.drop(gateway.inbox("opensearch/image-analyze"), "chart.png", TestMedia.image("png", 80, 60));
        RunningGateway.awaitFile(gateway.failed("opensearch/image-analyze/chart.png"));

        WebDriver driver = page();
        String record = "opensearch/image-analyze/chart.png.error.json";
        By row = By.cssSelector("#failures tr[data-record='" + record + "']");
        new WebDriverWait(driver, LIMIT).withMessage("the failure listed, as the vendor's").ignoring(StaleElementReferenceException.class)
                .until(d -> !d.findElements(row).isEmpty() && d.findElement(row).getText().contains("vendor"));
        awaitCell(driver, "opensearch/image-analyze", "failed", "1");

        // the vendor is back: re-drive from the page
        gateway.sandbox().control().clearFaults();
        new WebDriverWait(driver, LIMIT).ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement box = d.findElement(By.cssSelector("#failures tr[data-record='" + record + "'] input[type=checkbox]"));
            if (!box.isSelected()) {
                box.click();
            }
            return box.isSelected();
        });
        driver.findElement(By.id("redrive")).click();

        new WebDriverWait(driver, LIMIT).withMessage("the re-drive answered")
                .until(d -> d.findElement(By.id("redrive-result")).getText().startsWith("1 back in the inbox"));
        awaitCell(driver, "opensearch/image-analyze", "delivered", "1");
        awaitCell(driver, "opensearch/image-analyze", "failed", "0");
        new WebDriverWait(driver, LIMIT).withMessage("the failure no longer listed").until(d -> d.findElements(row).isEmpty());
        assertTrue(Files.exists(gateway.outbox("opensearch/image-analyze/chart.png.json")));
        try (Stream<Path> kept = Files.list(gateway.failed("opensearch/image-analyze"))) {
            assertEquals(1, kept.filter(f -> f.getFileName().toString().matches("chart\\.png\\.redriven-.*\\.json")).count(),
                    "the error record kept as history");
        }

        Path screenshot = Path.of("target", "dashboard.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(chromium.driver().getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
    }
}
