package dev.shoplens.aws;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The module boundaries the layout promises, checked on the sources, so a change that breaks one fails. */
class ArchitectureRulesTest {
    private static final Path ROOT = LocalAws.repositoryRoot();

    @Test
    void onlyTheEngineModuleNamesTheModelEngine() throws IOException {
        List<Path> sources = javaSources();
        assertThat(sources).as("the scan must see the engine's own sources")
                .anyMatch(p -> p.toString().contains("engine-djl") && mentions(p, "ai.djl"));
        assertThat(sources.stream().filter(p -> !ROOT.relativize(p).startsWith("functions/engine-djl"))
                .filter(p -> mentions(p, "ai.djl"))).isEmpty();
        assertThat(Files.readString(ROOT.resolve("functions/core/pom.xml"))).doesNotContain("ai.djl");
    }

    @Test
    void onlyTheImagingModuleNamesOpenCv() throws IOException {
        List<Path> sources = javaSources();
        assertThat(sources).anyMatch(p -> p.toString().contains("imaging-opencv") && mentions(p, "org.opencv"));
        assertThat(sources.stream().filter(p -> !ROOT.relativize(p).startsWith("functions/imaging-opencv"))
                .filter(p -> mentions(p, "org.opencv") || mentions(p, "nu.pattern"))).isEmpty();
        assertThat(Files.readString(ROOT.resolve("functions/core/pom.xml"))).doesNotContain("opencv");
    }

    @Test
    void theUploadsFunctionNeedsNoExclusions() throws IOException {
        String pom = Files.readString(ROOT.resolve("functions/uploads/pom.xml"));
        assertThat(pom).contains("<artifactId>shoplens-aws</artifactId>").doesNotContain("<exclusion")
                .doesNotContain("engine-djl");
        assertThat(Files.readString(ROOT.resolve("functions/aws/pom.xml")))
                .as("the adapters carry no engine but for their tests")
                .containsPattern("<artifactId>shoplens-engine-djl</artifactId>\\s*<scope>test</scope>");
    }

    @Test
    void everyHandlerIsAThinRoutingTable() throws IOException {
        List<Path> handlers = javaSources().stream().filter(p -> p.getFileName().toString().endsWith("Handler.java"))
                .filter(p -> ROOT.relativize(p).startsWith("functions")).toList();
        assertThat(handlers).hasSizeGreaterThanOrEqualTo(4);
        for (Path handler : handlers) {
            assertThat(Files.readAllLines(handler)).as("%s: parse the event, call a service, shape the answer",
                    ROOT.relativize(handler)).hasSizeLessThanOrEqualTo(60);
        }
    }

    private static List<Path> javaSources() throws IOException {
        try (Stream<Path> files = Stream.of("functions", "local", "local-aws").map(ROOT::resolve)
                .flatMap(ArchitectureRulesTest::walk)) {
            return files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .toList();
        }
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    private static boolean mentions(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
