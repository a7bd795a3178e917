package dev.rustkit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitReportTest {

    @Test
    void aSuitePerPropertySetACasePerStepFailuresAndErrorsApartAndToolOutputThatXmlCannotCarryReplaced(
            @TempDir Path directory) throws Exception {
        List<Verifier.Report> reports = List.of(
                new Verifier.Report("actix-scratch", Map.of("allocator", "jemalloc"), directory, List.of(
                        new StepResult(Check.TALLY, StepResult.Status.PASSED, Duration.ofMillis(1500), "ok"),
                        new StepResult(Check.CLIPPY, StepResult.Status.FAILED, Duration.ofSeconds(42),
                                "error: unneeded `return` statement\n\u001b[1m--> src/main.rs:3\u001b[0m"),
                        new StepResult(Check.RUN, StepResult.Status.NOT_RUN, Duration.ZERO, "cannot run: needs root"))),
                new Verifier.Report("actix-scratch", Map.of("allocator", "system"), directory, List.of(
                        new StepResult(Check.TALLY, StepResult.Status.PASSED, Duration.ofMillis(10), "ok"))));
        Path file = directory.resolve("reports/junit.xml");

        JUnitReport.write(reports, file);

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element root = xml.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("4");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("errors")).isEqualTo("1");
        NodeList suites = root.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element first = (Element) suites.item(0);
        assertThat(first.getAttribute("name")).isEqualTo("actix-scratch allocator=jemalloc");
        assertThat(first.getAttribute("time")).isEqualTo("43.500");
        NodeList cases = first.getElementsByTagName("testcase");
        assertThat(((Element) cases.item(0)).getElementsByTagName("failure").getLength()).isZero();
        Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("error: unneeded `return` statement");
        assertThat(failure.getTextContent()).contains("\uFFFD[1m--> src/main.rs:3");
        assertThat(((Element) cases.item(1)).getAttribute("name")).startsWith("clippy: ");
        Element error = (Element) ((Element) cases.item(2)).getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).isEqualTo("cannot run: needs root");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no partial file left beside the report").containsExactly(file);
        }
    }

    @Test
    void aLongToolOutputKeepsItsFirstLineAndItsEnd() {
        StringBuilder output = new StringBuilder("error: could not compile\n");
        for (int i = 1; i <= 500; i++) {
            output.append("line ").append(i).append('\n');
        }
        StepResult result = new StepResult(Check.TEST, StepResult.Status.FAILED, Duration.ZERO, output.toString());
        String trimmed = result.trimmedDetail();
        assertThat(trimmed.lines()).hasSize(StepResult.KEPT_LINES + 1);
        assertThat(trimmed).startsWith("error: could not compile\n… 441 lines cut …\n").endsWith("line 500")
                .doesNotContain("line 441\n").contains("line 442\n");
        assertThat(result.headline()).isEqualTo("error: could not compile");
    }
}
