package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No vendor waits behind another: a backlog for a slow quota (Baidu, 2 calls/s) holds no stage consumer while its
 * jobs wait for their slots, so files for a fast quota dropped after it are done long before the backlog is.
 */
class SlowQuotaBacklogTest {

    private static final int SLOW_FILES = 24;
    private static final int FAST_FILES = 10;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of(
                "mediagate.baidu.models.flowers.url", "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/flowers",
                "mediagate.baidu.rate.api", "2"));

    @Test
    void filesForAFastQuotaAreNotHeldUpByASlowQuotasBacklog() throws Exception {
        for (int i = 0; i < SLOW_FILES; i++) {
            TestMedia.dropByRename(gateway.inbox("baidu/image-classify/flowers"), "rose-" + i + ".png", TestMedia.image("png", 40 + i, 30));
        }
        await("the slow backlog taken in", Duration.ofSeconds(30), () -> count(gateway.inbox("baidu/image-classify/flowers"), ".png") == 0);
        for (int i = 0; i < FAST_FILES; i++) {
            TestMedia.dropByRename(gateway.inbox("opensearch/object-detect"), "cat-" + i + ".png", TestMedia.image("png", 40 + i, 30));
        }

        await("every fast file delivered", Duration.ofSeconds(60), () -> count(gateway.outbox("opensearch/object-detect")) == FAST_FILES);
        long slowDone = count(gateway.outbox("baidu/image-classify/flowers"));
        assertTrue(slowDone <= SLOW_FILES / 2, "the fast files waited for the slow backlog: " + slowDone + " of "
                + SLOW_FILES + " Baidu files were already done when the last OpenSearch one was");

        await("the whole slow backlog delivered", Duration.ofSeconds(60), () -> count(gateway.outbox("baidu/image-classify/flowers")) == SLOW_FILES);
    }

    private static long count(Path folder) {
        return count(folder, ".json");
    }

    private static long count(Path folder, String suffix) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
