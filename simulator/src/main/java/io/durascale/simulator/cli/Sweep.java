package io.durascale.simulator.cli;

import io.durascale.run.Metrics;
import io.durascale.run.RunDirectory;
import io.durascale.simulator.model.Scenario;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import io.durascale.simulator.run.SimulationRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code --sweep key=v1,v2 --sweep other=a,b}: every combination of the values, each a run directory of its own
 * under the sweep's folder ({@code <key>-<value>_<key>-<value>}), and one line per point.
 */
final class Sweep {

    /** One swept parameter and its values, each checked. */
    record Axis(Parameter parameter, List<String> values) {
        static Axis parse(String text) {
            ProfileOptions.Assignment a = ProfileOptions.Assignment.parse(text, "--sweep");
            Parameter p = Parameter.of(a.key());
            List<String> values = new ArrayList<>();
            for (String v : a.value().split(",")) {
                if (v.isBlank()) {
                    continue;
                }
                p.parse(v.strip());
                values.add(v.strip());
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("--sweep " + text + " gives no values: write --sweep " + p.key() + "=1,2,4");
            }
            return new Axis(p, values);
        }
    }

    private final Profile base;
    private final List<Axis> axes = new ArrayList<>();
    private final Path out;

    Sweep(Profile base, List<String> sweeps, Path out) {
        this.base = base;
        for (String s : sweeps) {
            try {
                axes.add(Axis.parse(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().startsWith("--sweep") ? e.getMessage()
                        : "--sweep " + s + ": " + e.getMessage(), e);
            }
        }
        this.out = out;
    }

    int run(Function<Profile, Scenario> scenario) {
        List<List<String>> points = points();
        RunDirectory root = RunDirectory.create(out, "simulated-sweep");
        System.out.println("sweep (simulated): " + points.size() + " points of " + axes.stream()
                .map(a -> a.parameter().key() + "=" + String.join(",", a.values())).reduce((a, b) -> a + " x " + b).orElse(""));
        List<Path> dirs = new ArrayList<>();
        for (List<String> point : points) {
            Profile p = base;
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < axes.size(); i++) {
                Parameter param = axes.get(i).parameter();
                p = p.with(param, param.parse(point.get(i)), "--sweep " + param.key());
                name.append(i == 0 ? "" : "_").append(param.key()).append('-').append(point.get(i));
            }
            p = p.named(base.name() + ", " + name).check();
            RunDirectory run = RunDirectory.create(root.path().resolve(name.toString()), "simulated");
            SimulationRunner.Result r = SimulationRunner.run(p, scenario.apply(p), run);
            dirs.add(run.path());
            System.out.println("  " + name + ": " + summary(r.metrics()) + String.format(Locale.ROOT, " (%,d events, %.1f s)",
                    r.outcome().events(), r.wallMillis() / 1000.0));
        }
        System.out.println("  run directories (simulated): " + root.path());
        System.out.println("  compare them: java -jar reports/target/reports.jar report " + String.join(" ",
                dirs.stream().map(Path::toString).toList()));
        return 0;
    }

    private List<List<String>> points() {
        List<List<String>> points = new ArrayList<>();
        points.add(List.of());
        for (Axis axis : axes) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> point : points) {
                for (String v : axis.values()) {
                    List<String> extended = new ArrayList<>(point);
                    extended.add(v);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }

    private static String summary(Metrics m) {
        StringBuilder s = new StringBuilder();
        if (m.scaleUp() != null && m.scaleUp().firstEnqueueToQueueDrainedMs() != null) {
            s.append("drained ").append(Console.seconds(m.scaleUp().firstEnqueueToQueueDrainedMs()));
            s.append(", peak ").append(m.scaleUp().peakDesiredReplicas()).append(" replicas");
        }
        var e2e = m.latency().get("orchestrationEndToEnd");
        if (e2e != null) {
            s.append(String.format(Locale.ROOT, ", end to end p95 %.1f s", e2e.p95() / 1000));
        }
        return s.toString();
    }
}
