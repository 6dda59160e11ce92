package com.headshotpro.webhooks.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md stays true: every class it names in code spans ({@code `DeliveryStore`},
 * {@code `delivery.WebhookClient`}, {@code `Outbox.append`}) exists, in the feature it is placed in, with
 * the method or field it is said to have (a bare name may also be a library's type the code imports);
 * every migration it names exists. (The feature graph is
 * checked against the code by ModularityTests.)
 */
class ArchitectureDocumentTests {

    static final Path SOURCES = Path.of("src/main/java/com/headshotpro/webhooks");
    static final Path TEST_SOURCES = Path.of("src/test/java/com/headshotpro/webhooks");

    /** An optional feature path (lower case), a type (capitalized, not all capitals: SQL), an optional member. */
    static final Pattern TYPE_REFERENCE =
            Pattern.compile("`((?:[a-z][a-z0-9]*\\.)*)([A-Z][A-Z0-9]*[a-z][A-Za-z0-9]*)(?:\\.([a-z][A-Za-z0-9]*))?`");

    static final Pattern MIGRATION_REFERENCE = Pattern.compile("`(V\\d+__\\w+\\.sql)`");

    @Test
    void everyTypeAndMemberItNamesExistsWhereItSays() throws IOException {
        String doc = Files.readString(Path.of("ARCHITECTURE.md"));
        Map<String, List<Path>> types = sourcesByTypeName();
        List<String> wrong = new ArrayList<>();
        Matcher reference = TYPE_REFERENCE.matcher(doc);
        int checked = 0;
        while (reference.find()) {
            checked++;
            String feature = reference.group(1).replace('.', '/');
            String type = reference.group(2);
            String member = reference.group(3);
            List<Path> candidates = types.getOrDefault(type, List.of()).stream()
                    .filter(p ->
                            feature.isEmpty() || p.getParent().endsWith(feature.substring(0, feature.length() - 1)))
                    .toList();
            if (candidates.isEmpty() && feature.isEmpty() && member == null && imported(type)) {
                continue; // a library's type the code uses, named in prose
            }
            if (candidates.isEmpty()) {
                wrong.add(reference.group() + ": no such type" + (feature.isEmpty() ? "" : " in that feature"));
            } else if (member != null
                    && candidates.stream().noneMatch(p -> read(p).matches("(?s).*\\b" + member + "\\b\\s*[(=;].*"))) {
                wrong.add(reference.group() + ": " + type + " has no " + member);
            }
        }
        assertThat(checked).as("types named in ARCHITECTURE.md").isGreaterThan(10);
        assertThat(wrong)
                .as("what ARCHITECTURE.md names that the code does not have")
                .isEmpty();
    }

    @Test
    void everyMigrationItNamesExists() throws IOException {
        Matcher migration = MIGRATION_REFERENCE.matcher(Files.readString(Path.of("ARCHITECTURE.md")));
        while (migration.find()) {
            assertThat(Path.of("src/main/resources/db/migration", migration.group(1)))
                    .as(migration.group())
                    .exists();
        }
    }

    /** Every top-level type of the main and test sources by its simple name (the file's name). */
    private static Map<String, List<Path>> sourcesByTypeName() throws IOException {
        try (Stream<Path> main = Files.walk(SOURCES);
                Stream<Path> test = Files.walk(TEST_SOURCES)) {
            return Stream.concat(main, test)
                    .filter(p -> p.toString().endsWith(".java"))
                    .collect(Collectors.groupingBy(
                            p -> p.getFileName().toString().replace(".java", "")));
        }
    }

    /** Whether some main source imports a type of that simple name. */
    private static boolean imported(String type) throws IOException {
        Pattern importLine = Pattern.compile("(?m)^import [\\w.]+\\." + type + ";$");
        try (Stream<Path> main = Files.walk(SOURCES)) {
            return main.filter(p -> p.toString().endsWith(".java"))
                    .anyMatch(p -> importLine.matcher(read(p)).find());
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
