package io.durascale.simulator.model;

import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens to the pipeline, in time: the stacks it runs (one, or one per partition-sweep step, each started at its
 * time) and the orchestrations that arrive, each with its blocks. A burst or a steady rate comes from the profile;
 * a replay comes from a measured run's timeline.
 *
 * @param simulation what the scenario reproduces: a burst, a steady rate, or a replay of a measured simulation
 * @param startEpochMillis when the simulated run starts (a replay keeps the measured run's times)
 * @param idleAfterFirstStep after the first step's orchestrations, whether it idles until zero replicas (then the
 *     scale-to-zero markers are written); for a single step, the run ends there
 * @param tailMillis how long the last stack keeps running after its last orchestration (a replay keeps the measured
 *     run's: its load test finishing and stopping the stack)
 */
public record Scenario(String simulation, long startEpochMillis, List<Stack> stacks, List<Arrival> arrivals,
                       boolean idleAfterFirstStep, long tailMillis) {

    public Scenario(String simulation, long startEpochMillis, List<Stack> stacks, List<Arrival> arrivals,
                    boolean idleAfterFirstStep) {
        this(simulation, startEpochMillis, stacks, arrivals, idleAfterFirstStep, 0);
    }

    public Scenario {
        stacks = List.copyOf(stacks);
        arrivals = List.copyOf(arrivals);
        if (stacks.isEmpty()) {
            throw new IllegalArgumentException("a scenario starts at least one stack");
        }
    }

    /**
     * One stack: when it starts and what differs from the profile.
     *
     * @param at the first stack: ms after the run's start
     * @param afterPrevious a later stack: ms after the previous step is over (its last orchestration seen finished,
     *     or for a first step that idles, its workers back at zero), as the load test starts the next step only then
     * @param label the step's label as metrics.json names it ({@code run}, {@code 4-partitions})
     * @param minReplicas null: the profile's; a sweep step runs a fixed number of warm workers
     * @param verify null: the profile's bridgeVerify
     * @param podReadyDelay null: the profile's; a replay gives each step its own pods' measured starts, in order
     */
    public record Stack(long at, long afterPrevious, String label, String hub, int partitions, Integer minReplicas,
                        Integer maxReplicas, Boolean verify, io.durascale.simulator.profile.Distribution podReadyDelay) {
    }

    /** One orchestration: when it is started (ms after its stack started), on which stack, with how many blocks. */
    public record Arrival(long at, int stack, int blocks) {
    }

    /** {@code batches} of {@code blocks}: all at once with rate 0, else {@code rate} per second. */
    public static Scenario fromProfile(Profile profile, long startEpochMillis) {
        int batches = profile.integer(Parameter.BATCHES);
        int blocks = profile.integer(Parameter.BLOCKS);
        double rate = profile.number(Parameter.RATE);
        List<Arrival> arrivals = new ArrayList<>(batches);
        for (int i = 0; i < batches; i++) {
            arrivals.add(new Arrival(rate <= 0 ? 0 : Math.round(i * 1000.0 / rate), 0, blocks));
        }
        String what = rate <= 0 ? "burst of " + batches + " x " + blocks
                : "steady " + rate + " batches/s of " + blocks + " for " + batches + " batches";
        return new Scenario(what, startEpochMillis, List.of(new Stack(0, 0, "run", "DurascaleHub",
                profile.integer(Parameter.PARTITIONS), null, null, null, null)), arrivals,
                profile.flag(Parameter.IDLE_UNTIL_ZERO));
    }
}
