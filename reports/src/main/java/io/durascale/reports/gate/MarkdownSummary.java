package io.durascale.reports.gate;

import io.durascale.reports.report.Figures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The verdicts as GitHub-flavoured Markdown, for {@code $GITHUB_STEP_SUMMARY} or a pull-request comment. */
public final class MarkdownSummary {

    private MarkdownSummary() {
    }

    public static String render(GateResult r) {
        StringBuilder md = new StringBuilder();
        long failed = r.count(Verdict.Status.FAIL);
        md.append("## Capacity gate: ").append(r.passed() ? "✅ passed" : "❌ " + failed + " regression" + (failed == 1 ? "" : "s"))
                .append("\n\n");
        md.append("Run `").append(code(r.run())).append("`: ")
                .append(r.count(Verdict.Status.PASS)).append(" passed, ").append(failed).append(" failed, ")
                .append(r.count(Verdict.Status.SKIP)).append(" not gated.\n\n");
        md.append("- **Code benchmarks, allocation, counted operations** (comparable on any machine): against ")
                .append(cell(r.baseline())).append(".\n");
        md.append("- **Times, latencies, rates** (comparable only on the same machine): ")
                .append(cell(r.machineBaseline() == null ? "not gated (no baseline of this machine)" : r.machineBaseline()))
                .append(".\n\n");
        md.append("**Machines:** run on ").append(cell(r.runMachine() == null ? "an unknown machine (no run.json)" : r.runMachine()))
                .append("; baseline from ").append(cell(r.baselineMachine() == null ? "an unknown machine" : r.baselineMachine()))
                .append(".\n\n");
        md.append("**Machine speed:** ").append(cell(r.calibration().explanation()))
                .append(String.format(Locale.ROOT, " (factor applied: %.3f).", r.calibration().factor())).append("\n\n");
        List<Verdict> failures = r.verdicts().stream().filter(Verdict::failed).toList();
        if (!failures.isEmpty()) {
            md.append("### Regressions\n\n");
            table(md, failures);
        }
        List<Verdict> passed = r.verdicts().stream().filter(v -> v.status() == Verdict.Status.PASS).toList();
        if (!passed.isEmpty()) {
            md.append("### Passed\n\n");
            table(md, passed);
        }
        List<Verdict> skipped = r.verdicts().stream().filter(v -> v.status() == Verdict.Status.SKIP).toList();
        if (!skipped.isEmpty()) {
            md.append("<details><summary>Not gated (").append(skipped.size()).append(")</summary>\n\n");
            md.append("| metric | why |\n|---|---|\n");
            skipped.forEach(v -> md.append("| ").append(cell(v.id())).append(" | ").append(cell(v.reason())).append(" |\n"));
            md.append("\n</details>\n\n");
        }
        GateConfig c = r.config();
        md.append(String.format(Locale.ROOT, "<sub>Rules (%s): JMH scores fail when %s and "
                        + "the change exceeds %s; allocation may grow %s + %s B; counted operations %s; times may exceed "
                        + "the highest of this machine's earlier runs by max(%s, %s of their median) and must stay %s; "
                        + "rates may fall below the lowest of them by %s of their median. Direction comes from the unit."
                        + "</sub>\n",
                cell(c.source()), c.requireCiSeparation() ? "the run's 99.9% confidence interval leaves out the baseline's score" : "(intervals not required)",
                Figures.percent(c.jmhMinEffect()), Figures.percent(c.allocationTolerance()),
                Figures.number(c.allocationSlackBytes()), Figures.percent(c.countsMaxIncrease()),
                Figures.millis(c.timesMinIncreaseMs()), Figures.percent(c.timesMaxIncrease()), thresholds(c),
                Figures.percent(c.ratesMaxDecrease())));
        return md.toString();
    }

    public static void write(GateResult result, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(result));
    }

    private static void table(StringBuilder md, List<Verdict> verdicts) {
        md.append("| metric | baseline | run | normalised | change | verdict |\n|---|---:|---:|---:|---:|---|\n");
        for (Verdict v : verdicts) {
            md.append("| ").append(cell(v.id()))
                    .append(" | ").append(Figures.number(v.baseline())).append(' ').append(cell(v.unit()))
                    .append(" | ").append(Figures.number(v.run()))
                    .append(" | ").append(Double.isFinite(v.normalised()) && v.normalised() != v.run()
                            ? Figures.number(v.normalised()) : "")
                    .append(" | ").append(delta(v))
                    .append(" | ").append(cell(v.reason())).append(" |\n");
        }
        md.append('\n');
    }

    private static String thresholds(GateConfig c) {
        if (c.thresholdsMs().isEmpty()) {
            return "no absolute threshold";
        }
        List<String> parts = new java.util.ArrayList<>();
        c.thresholdsMs().forEach((k, v) -> parts.add(cell(k) + " ≤ " + Figures.millis(v)));
        return String.join(", ", parts);
    }

    /** The raw relative difference (after normalisation); the verdict says whether that way is better. */
    private static String delta(Verdict v) {
        double value = Double.isFinite(v.normalised()) ? v.normalised() : v.run();
        if (!Double.isFinite(value) || !Double.isFinite(v.baseline()) || v.baseline() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%+.1f%%", (value - v.baseline()) / v.baseline() * 100);
    }

    /** A table cell: pipes and line breaks would end it; angle brackets would be read as HTML. */
    private static String cell(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\r", " ").replace("\n", " ");
    }

    private static String code(String text) {
        return text.replace("`", "'");
    }
}
