package com.headshotpro.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Each top-level package is a feature that declares, in its package-info, the features it may use; the
 * declared arrows are the ones ARCHITECTURE.md draws, and any other arrow fails the build.
 */
class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(WebhooksApplication.class);

    @Test
    void featuresUseOnlyTheFeaturesTheyDeclareThroughTheirApiAndWithoutCycles() {
        MODULES.verify();
    }

    @Test
    void theDeclaredArrowsAreTheOnesArchitectureMdDraws() throws IOException {
        assertThat(declaredArrows()).isEqualTo(documentedArrows());
    }

    @Test
    void everyDeclaredArrowIsUsed() {
        Map<String, Set<String>> used = new TreeMap<>();
        MODULES.forEach(module -> used.put(
                module.getIdentifier().toString(),
                module.getDirectDependencies(MODULES)
                        .uniqueModules()
                        .map(m -> m.getIdentifier().toString())
                        .collect(Collectors.toCollection(TreeSet::new))));
        assertThat(used).isEqualTo(declaredArrows());
    }

    /** The test of the test: the same declarations plus one class in signing that uses delivery. */
    @Test
    void anArrowOutsideTheDeclaredOnesFailsTheCheck() {
        ImportOption mainAndTheViolation = location ->
                !location.contains("/test-classes/") || location.contains("/signing/ArrowOutsideTheDeclaredOnes");
        ApplicationModules withViolation = ApplicationModules.of(WebhooksApplication.class, mainAndTheViolation);

        assertThat(withViolation.detectViolations().getMessages())
                .anySatisfy(message -> assertThat(message)
                        .contains("ArrowOutsideTheDeclaredOnes")
                        .contains("delivery"));
    }

    private static Map<String, Set<String>> declaredArrows() {
        Map<String, Set<String>> declared = new TreeMap<>();
        MODULES.forEach(module -> {
            String name = module.getIdentifier().toString();
            ApplicationModule annotation =
                    packageInfo(module.getBasePackage().getName()).getAnnotation(ApplicationModule.class);
            assertThat(annotation).as("@ApplicationModule on %s", name).isNotNull();
            // "delivery :: api" is an arrow to delivery, through the named interface it marks
            declared.put(
                    name,
                    Stream.of(annotation.allowedDependencies())
                            .map(arrow -> arrow.split("::")[0].strip())
                            .collect(Collectors.toCollection(TreeSet::new)));
        });
        return declared;
    }

    /** ARCHITECTURE.md's Mermaid graph: one {@code a --> b} line per arrow, a bare name for a leaf. */
    private static Map<String, Set<String>> documentedArrows() throws IOException {
        String doc = Files.readString(Path.of("ARCHITECTURE.md"));
        Matcher graph = Pattern.compile("```mermaid\\s+graph [A-Z]{2}\\n(.*?)```", Pattern.DOTALL)
                .matcher(doc);
        assertThat(graph.find()).as("a mermaid graph in ARCHITECTURE.md").isTrue();
        Map<String, Set<String>> documented = new TreeMap<>();
        for (String line : graph.group(1).strip().split("\n")) {
            String[] arrow = line.strip().split("\\s*-->\\s*");
            documented.computeIfAbsent(arrow[0], k -> new TreeSet<>());
            if (arrow.length == 2) {
                documented.get(arrow[0]).add(arrow[1]);
                documented.computeIfAbsent(arrow[1], k -> new TreeSet<>());
            }
        }
        return documented;
    }

    private static Class<?> packageInfo(String packageName) {
        try {
            return Class.forName(packageName + ".package-info");
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no package-info.java in " + packageName, e);
        }
    }
}
