package io.durascale.reports.gate;

import java.util.List;

/** The verdicts of one gate run, with what they were compared against and how. */
public record GateResult(String run, String baseline, GateConfig config, Calibration calibration, List<Verdict> verdicts,
                         String runMachine, String baselineMachine) {

    public boolean passed() {
        return verdicts.stream().noneMatch(Verdict::failed);
    }

    public long count(Verdict.Status status) {
        return verdicts.stream().filter(v -> v.status() == status).count();
    }
}
