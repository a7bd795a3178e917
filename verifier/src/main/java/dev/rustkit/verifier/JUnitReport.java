package dev.rustkit.verifier;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The JUnit XML CI systems read (the Ant/Surefire schema): a testsuite per property set, a testcase per step, a
 * {@code <failure>} with the tool's trimmed output for a failed step and an {@code <error>} for one that could not
 * run — both fail the build; nothing is reported as skipped.
 */
public final class JUnitReport {

    public static void write(List<Verifier.Report> reports, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempFile(parent, file.getFileName().toString(), ".part");
        try (OutputStream out = Files.newOutputStream(partial)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "rustkit verify");
            xml.writeAttribute("tests", Long.toString(reports.stream().mapToLong(r -> r.steps().size()).sum()));
            xml.writeAttribute("failures", Long.toString(count(reports, StepResult.Status.FAILED)));
            xml.writeAttribute("errors", Long.toString(count(reports, StepResult.Status.NOT_RUN)));
            for (Verifier.Report report : reports) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", report.name());
                xml.writeAttribute("tests", Integer.toString(report.steps().size()));
                xml.writeAttribute("failures", Long.toString(count(List.of(report), StepResult.Status.FAILED)));
                xml.writeAttribute("errors", Long.toString(count(List.of(report), StepResult.Status.NOT_RUN)));
                xml.writeAttribute("skipped", "0");
                xml.writeAttribute("time", seconds(report.steps().stream().map(StepResult::took)
                        .reduce(Duration.ZERO, Duration::plus)));
                for (StepResult step : report.steps()) {
                    xml.writeCharacters("\n    ");
                    xml.writeStartElement("testcase");
                    xml.writeAttribute("classname", report.name());
                    xml.writeAttribute("name", step.check().id() + ": " + step.check().title());
                    xml.writeAttribute("time", seconds(step.took()));
                    if (!step.passed()) {
                        xml.writeStartElement(step.status() == StepResult.Status.FAILED ? "failure" : "error");
                        xml.writeAttribute("message", xmlText(step.headline()));
                        xml.writeCharacters(xmlText(step.trimmedDetail()));
                        xml.writeEndElement();
                    }
                    xml.writeEndElement();
                }
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            Files.deleteIfExists(partial);
            throw new IOException("Cannot write " + file, e);
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Tool output may hold terminal escapes and other characters XML 1.0 cannot carry: shown as U+FFFD. */
    static String xmlText(String text) {
        return text.replaceAll("[^\\t\\n\\r\\x{20}-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]", "\uFFFD");
    }

    private static long count(List<Verifier.Report> reports, StepResult.Status status) {
        return reports.stream().flatMap(r -> r.steps().stream()).filter(s -> s.status() == status).count();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1000.0);
    }

    private JUnitReport() {}
}
