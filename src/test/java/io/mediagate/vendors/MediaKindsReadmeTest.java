package io.mediagate.vendors;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.media.oss.OssStores;
import io.mediagate.vendors.baidu.BaiduVendor;
import io.mediagate.vendors.bailian.BailianVendor;
import io.mediagate.vendors.ice.IceVendor;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import io.mediagate.vendors.pai.PaiVendor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's table "Media each operation takes" against the operations themselves: a row per group of a vendor's operations, each
 * cell derived from what the operation declares and the routes act on ({@link VendorOperation#takesMediaUrls},
 * {@link VendorOperation#takesBatches}, {@link VendorOperation#ossPaths}, the local file types of its spec). A new
 * operation, or a changed capability, fails this test until the README says so.
 */
class MediaKindsReadmeTest {

    static final String HEADER = "| folder | `url` | `urls` | `oss` | local file | queue `base64` |";

    @Test
    void the_readme_table_lists_exactly_what_each_operation_takes() throws Exception {
        VendorRegistry registry = new VendorRegistry(List.of(
                new OpenSearchVendor(Settings.of(Map.of()), "http://127.0.0.1:9/opensearch", "key"),
                new PaiVendor(Settings.of(Map.of()), "http://127.0.0.1:9/pai", "app:token", OssStores.none(), null),
                new BaiduVendor(Settings.of(Map.of()), "http://127.0.0.1:9/baidu", "ak:sk"),
                new IceVendor(Settings.of(Map.of()), "http://127.0.0.1:9/ice", new AlibabaCredentials("id", "secret", null), OssStores.none()),
                new BailianVendor(Settings.of(Map.of()), "http://127.0.0.1:9/bailian", new AlibabaCredentials("id", "secret", null),
                        "llm-sandbox", OssStores.none())));
        List<String> expected = new ArrayList<>();
        for (Vendor vendor : registry.vendors()) {
            // operations of a vendor that take the same media share a row, in the vendor's order
            Map<String, List<String>> byCells = new java.util.LinkedHashMap<>();
            for (VendorOperation operation : vendor.operations()) {
                byCells.computeIfAbsent(cells(operation), c -> new ArrayList<>()).add(operation.spec().name());
            }
            byCells.forEach((cells, names) -> expected.add("| `" + vendor.name() + "/` " + String.join(", ", names) + " | " + cells + " |"));
        }
        assertEquals(String.join("\n", expected), String.join("\n", readmeRows()),
                "README.md's table \"Media each operation takes\" must match the code; expected rows:\n" + String.join("\n", expected));
    }

    private static String cells(VendorOperation operation) {
        boolean local = operation.spec().acceptsLocalFiles();
        String url = operation.takesMediaUrls() ? "✓" : "✓ downloaded, staged in OSS";
        String urls = operation.takesBatches() ? "✓ several, one batch call" : "one entry";
        String oss = switch (operation.ossPaths()) {
            case PASSED -> "✓";
            case PRESIGNED -> "✓ presigned";
            case REFUSED -> "—";
        };
        return url + " | " + urls + " | " + oss + " | " + (local ? "✓" : "—") + " | " + (local ? "✓" : "—");
    }

    private static List<String> readmeRows() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int header = lines.indexOf(HEADER);
        assertTrue(header >= 0, "README.md has the table with the header " + HEADER);
        List<String> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            rows.add(lines.get(i).trim());
        }
        return rows;
    }
}
