package djlab.cli;

import static djlab.TestSupport.djlab;
import static djlab.TestSupport.withLocations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import djlab.TestSupport.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code djlab validate} on every spec shipped in {@code experiments/} (sweeps included: every run of a sweep is
 * checked), so that no shipped spec rots as the spec grows; and the architecture validate prints for ResNet-18.
 */
class ShippedSpecsTests {

    @TempDir
    Path results;

    static List<Path> shipped() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("experiments"))) {
            // A study's claims.yaml lists the report's published numbers; it is not a spec.
            return files.filter(p -> p.toString().matches(".*\\.(yaml|yml|json)"))
                    .filter(p -> !p.getFileName().toString().equals("claims.yaml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyShippedSpecValidates() throws IOException {
        List<Path> specs = shipped();
        assertTrue(specs.size() > 30, "expected the shipped specs under experiments/, found " + specs.size());
        return specs.stream().map(spec -> DynamicTest.dynamicTest(spec.toString(), () -> {
            CliResult result = djlab(withLocations(results, "validate", spec.toString()));
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.out().contains("total trainable parameters"), result::toString);
        }));
    }

    @Test
    void validatePrintsResNet18sLayersShapesAndParameterCount() {
        CliResult result = djlab(withLocations(results, "validate", "experiments/catalogue/resnet18.yaml"));

        assertEquals(0, result.exitCode(), result::toString);
        String out = result.out();
        assertTrue(out.contains("type: resnet") && out.contains("depth: 18"), out);
        assertTrue(out.matches("(?s).*conv2d 64@3x3 stride 1 pad 1 no bias +64x28x28 +576\\n.*"), out);
        assertTrue(out.matches("(?s).*residual \\[conv 128@3x3/2, bn, relu, conv 128@3x3, bn\\] \\+ relu +128x14x14 +230,144\\n.*"), out);
        assertTrue(out.matches("(?s).*global avgpool +512 features +0\\n.*"), out);
        assertTrue(out.contains("total trainable parameters: 11,172,810"), out);
    }
}
