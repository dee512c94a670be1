package io.mediagate.component;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Use mediagate from your own Camel routes" shows the very routes the tests run: the YAML route file,
 * and the Java routes between their README-START and README-END markers.
 */
class EmbeddingReadmeTest {

    private static final String SECTION = "## Use mediagate from your own Camel routes";

    @Test
    void theReadmesYamlRouteIsTheOneTheTestsRun() throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources").resolve(EmbeddedRoutesTest.YAML_ROUTE));

        assertTrue(section().contains("```yaml\n" + yaml + "```\n"), "the README's YAML differs from " + EmbeddedRoutesTest.YAML_ROUTE);
    }

    @Test
    void theReadmesJavaRoutesAreTheOnesTheTestsRun() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/io/mediagate/component/AnalyzeImagesRoutes.java"));
        int start = indexOf(lines, "// README-START");
        int end = indexOf(lines, "// README-END");
        String indent = lines.get(start).substring(0, lines.get(start).indexOf("//"));
        StringBuilder snippet = new StringBuilder("```java\n");
        for (String line : lines.subList(start + 1, end)) {
            snippet.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
        }

        assertTrue(section().contains(snippet + "```\n"), "the README's Java differs from AnalyzeImagesRoutes:\n" + snippet);
    }

    @Test
    void theReadmesDependencyAndTheExampleNameThisBuildsArtifact() throws Exception {
        String version = EmbeddingApp.projectVersion();

        assertTrue(section().contains("<groupId>io.mediagate</groupId>\n  <artifactId>mediagate</artifactId>\n  <version>"
                + version + "</version>"), "the README's dependency is not io.mediagate:mediagate:" + version);
        // the root build passes its version to the example; standing alone, the example names it itself
        assertTrue(Files.readString(Path.of("examples/embedding/pom.xml"))
                .contains("<mediagate.version>" + version + "</mediagate.version>"), "examples/embedding/pom.xml");
    }

    private static String section() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf(SECTION);
        assertTrue(at >= 0, "README has no section " + SECTION);
        int next = readme.indexOf("\n## ", at + SECTION.length());
        return readme.substring(at, next < 0 ? readme.length() : next);
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("no " + marker + " in AnalyzeImagesRoutes");
    }
}
