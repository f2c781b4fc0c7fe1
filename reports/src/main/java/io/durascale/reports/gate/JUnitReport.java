package io.durascale.reports.gate;

import io.durascale.reports.report.Figures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The verdicts as JUnit XML (the Ant/Surefire schema CI servers read): one testcase per metric, a
 * {@code <failure>} with the reason for a regression, {@code <skipped>} with why a metric is not gated.
 * Written with StAX, so names from a run cannot break the XML.
 */
public final class JUnitReport {

    private JUnitReport() {
    }

    public static void write(GateResult result, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "durascale capacity gate");
            xml.writeAttribute("tests", String.valueOf(result.verdicts().size()));
            xml.writeAttribute("failures", String.valueOf(result.count(Verdict.Status.FAIL)));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", String.valueOf(result.count(Verdict.Status.SKIP)));
            xml.writeAttribute("time", "0");
            xml.writeAttribute("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", ""));
            xml.writeCharacters("\n  ");
            xml.writeStartElement("properties");
            property(xml, "run", result.run());
            property(xml, "baseline", result.baseline());
            property(xml, "config", result.config().source());
            property(xml, "machine.run", result.runMachine());
            property(xml, "machine.baseline", result.baselineMachine());
            property(xml, "calibration.factor", String.format(Locale.ROOT, "%.4f", result.calibration().factor()));
            property(xml, "calibration", result.calibration().explanation());
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            for (Verdict v : result.verdicts()) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", "durascale.gate." + v.kind().name().toLowerCase(Locale.ROOT));
                xml.writeAttribute("name", v.id());
                xml.writeAttribute("time", "0");
                String detail = "run " + Figures.number(v.run()) + " " + v.unit()
                        + (Double.isFinite(v.normalised()) && v.normalised() != v.run()
                        ? " (normalised " + Figures.number(v.normalised()) + ")" : "")
                        + ", baseline " + Figures.number(v.baseline()) + " " + v.unit() + "; rule: " + v.rule() + "; " + v.reason();
                switch (v.status()) {
                    case FAIL -> {
                        xml.writeStartElement("failure");
                        xml.writeAttribute("type", "regression");
                        xml.writeAttribute("message", v.reason());
                        xml.writeCharacters(detail);
                        xml.writeEndElement();
                    }
                    case SKIP -> {
                        xml.writeEmptyElement("skipped");
                        xml.writeAttribute("message", v.reason());
                    }
                    case PASS -> {
                        xml.writeStartElement("system-out");
                        xml.writeCharacters(detail);
                        xml.writeEndElement();
                    }
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value == null ? "" : value);
    }
}
