package com.headshotpro.webhooks.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The receivers' code in the README's "Verifying signatures" is the code of the programs in docs/verify,
 * which ReceiverSnippetsIntegrationTests runs against a real delivery, and defines every constant it
 * uses: what a reader copies is what runs.
 */
class ReadmeSnippetsTests {

    @ParameterizedTest
    @CsvSource({"Java, java, Verify.java", "Node, js, verify.js", "Python, python, verify.py"})
    void eachSnippetIsPartOfTheProgramThatTheTestsRun(String language, String fence, String program)
            throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Verifying signatures"));
        Matcher snippet = Pattern.compile("\n" + language + ":\n\n```" + fence + "\n(.*?)```", Pattern.DOTALL)
                .matcher(section);
        assertThat(snippet.find()).as(language + " snippet in the README").isTrue();
        String code = snippet.group(1);
        assertThat(Files.readString(Path.of("docs/verify", program))).contains(code);
        Matcher constant =
                Pattern.compile("(?<![.\\w])[A-Z][A-Z0-9]*_[A-Z0-9_]+\\b").matcher(code);
        while (constant.find()) {
            assertThat(code)
                    .as(language + " snippet defines the " + constant.group() + " it uses")
                    .containsPattern("(static final long |const |^|\n)" + constant.group() + " = ");
        }
    }
}
