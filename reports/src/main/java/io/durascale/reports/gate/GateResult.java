package io.durascale.reports.gate;

import java.util.List;

/**
 * The verdicts of one gate run, with what they were compared against and how.
 *
 * @param baseline the committed baseline's description (code benchmarks, allocation, counts)
 * @param machineBaseline what the times, latencies and rates were compared with (this machine's earlier runs), or why
 *                        they were not gated
 */
public record GateResult(String run, String baseline, GateConfig config, Calibration calibration, List<Verdict> verdicts,
                         String runMachine, String baselineMachine, String machineBaseline) {

    public GateResult(String run, String baseline, GateConfig config, Calibration calibration, List<Verdict> verdicts,
                      String runMachine, String baselineMachine) {
        this(run, baseline, config, calibration, verdicts, runMachine, baselineMachine, null);
    }

    /** The same result, saying what the same-machine figures were compared with. */
    public GateResult withMachineBaseline(String description) {
        return new GateResult(run, baseline, config, calibration, verdicts, runMachine, baselineMachine, description);
    }

    public boolean passed() {
        return verdicts.stream().noneMatch(Verdict::failed);
    }

    public long count(Verdict.Status status) {
        return verdicts.stream().filter(v -> v.status() == status).count();
    }
}
