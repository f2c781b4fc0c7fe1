package io.durascale.simulator.profile;

import io.durascale.core.cli.Durations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration drawn at random, in milliseconds: fixed ({@code 5s}), {@code uniform(2s, 6s)},
 * {@code lognormal(5s, 9s)} (median and 90th percentile), {@code empirical(29.3s, 29.7s, 38.9s)} (each value equally
 * likely: measured samples), {@code sequence(...)} (measured values in their order, as a replay uses them) or
 * {@code quantiles(0:5ms, 0.5:52ms, 0.9:353ms, 1:1.4s)} (a measured percentile table, interpolated between its points). The text form is what profiles and {@code --set} carry.
 */
public sealed interface Distribution {

    /** One draw, in milliseconds, never negative. */
    double sample(SplittableRandom random);

    /** The mean, in milliseconds. */
    double mean();

    /** As a profile writes it. */
    String text();

    /** A fixed value. */
    record Fixed(double millis) implements Distribution {
        @Override
        public double sample(SplittableRandom random) {
            return millis;
        }

        @Override
        public double mean() {
            return millis;
        }

        @Override
        public String text() {
            return ms(millis);
        }
    }

    /** Uniform between two values. */
    record Uniform(double low, double high) implements Distribution {
        @Override
        public double sample(SplittableRandom random) {
            return low + (high - low) * random.nextDouble();
        }

        @Override
        public double mean() {
            return (low + high) / 2;
        }

        @Override
        public String text() {
            return "uniform(" + ms(low) + ", " + ms(high) + ")";
        }
    }

    /** Log-normal with the given median and 90th percentile (z = 1.2816): right-skewed, as start times are. */
    record LogNormal(double median, double p90) implements Distribution {
        private static final double Z90 = 1.2815515655446004;

        double sigma() {
            return Math.log(p90 / median) / Z90;
        }

        @Override
        public double sample(SplittableRandom random) {
            // Box-Muller: one standard normal from two uniforms.
            double u = 1 - random.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
            return median * Math.exp(sigma() * z);
        }

        @Override
        public double mean() {
            return median * Math.exp(sigma() * sigma() / 2);
        }

        @Override
        public String text() {
            return "lognormal(" + ms(median) + ", " + ms(p90) + ")";
        }
    }

    /** Measured samples, each equally likely. */
    record Empirical(double[] values) implements Distribution {
        public Empirical {
            values = values.clone();
            Arrays.sort(values);
        }

        @Override
        public double sample(SplittableRandom random) {
            return values[random.nextInt(values.length)];
        }

        @Override
        public double mean() {
            return Arrays.stream(values).average().orElse(0);
        }

        @Override
        public String text() {
            StringBuilder s = new StringBuilder("empirical(");
            for (int i = 0; i < values.length; i++) {
                s.append(i == 0 ? "" : ", ").append(ms(values[i]));
            }
            return s.append(')').toString();
        }
    }

    /**
     * Measured values to be used in their order — the first pod of a replayed step starts as the measured first pod
     * did, and so on — and drawn from at random once used up. {@link #sample} draws at random; a user in order
     * asks {@link #at}.
     */
    record Sequence(double[] values) implements Distribution {
        public Sequence {
            if (values.length == 0) {
                throw new IllegalArgumentException("sequence(...) needs at least one value");
            }
            values = values.clone();
        }

        /** The {@code index}-th value, or a random one beyond them. */
        public double at(int index, SplittableRandom random) {
            return index < values.length ? values[index] : sample(random);
        }

        @Override
        public double sample(SplittableRandom random) {
            return values[random.nextInt(values.length)];
        }

        @Override
        public double mean() {
            return Arrays.stream(values).average().orElse(0);
        }

        @Override
        public String text() {
            StringBuilder s = new StringBuilder("sequence(");
            for (int i = 0; i < values.length; i++) {
                s.append(i == 0 ? "" : ", ").append(ms(values[i]));
            }
            return s.append(')').toString();
        }
    }

    /** A percentile table (quantile 0..1 → value), sampled by interpolating between its points. */
    record Quantiles(double[] quantiles, double[] values) implements Distribution {
        public Quantiles {
            if (quantiles.length != values.length || quantiles.length < 2) {
                throw new IllegalArgumentException("a quantile table needs at least two points");
            }
            quantiles = quantiles.clone();
            values = values.clone();
            for (int i = 1; i < quantiles.length; i++) {
                if (quantiles[i] <= quantiles[i - 1] || values[i] < values[i - 1]) {
                    throw new IllegalArgumentException("quantiles and their values must both increase");
                }
            }
            if (quantiles[0] != 0 || quantiles[quantiles.length - 1] != 1) {
                throw new IllegalArgumentException("a quantile table runs from 0 to 1");
            }
        }

        @Override
        public double sample(SplittableRandom random) {
            return at(random.nextDouble());
        }

        double at(double q) {
            int i = Arrays.binarySearch(quantiles, q);
            if (i >= 0) {
                return values[i];
            }
            int hi = -i - 1;
            int lo = hi - 1;
            double f = (q - quantiles[lo]) / (quantiles[hi] - quantiles[lo]);
            return values[lo] + f * (values[hi] - values[lo]);
        }

        @Override
        public double mean() {
            double sum = 0;
            for (int i = 1; i < quantiles.length; i++) {
                sum += (quantiles[i] - quantiles[i - 1]) * (values[i] + values[i - 1]) / 2;
            }
            return sum;
        }

        @Override
        public String text() {
            StringBuilder s = new StringBuilder("quantiles(");
            for (int i = 0; i < quantiles.length; i++) {
                s.append(i == 0 ? "" : ", ").append(trim(quantiles[i])).append(':').append(ms(values[i]));
            }
            return s.append(')').toString();
        }
    }

    Pattern CALL = Pattern.compile("([a-z]+)\\((.*)\\)");
    Pattern DECIMAL = Pattern.compile("(\\d+\\.\\d+|\\d+)(ms|s|m|h)");

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    static Distribution parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher call = CALL.matcher(t);
        if (!call.matches()) {
            return new Fixed(duration(t));
        }
        String[] args = call.group(2).split(",");
        List<Double> values = new ArrayList<>();
        return switch (call.group(1)) {
            case "uniform" -> {
                need(args, 2, "uniform(low, high)");
                double low = duration(args[0]);
                double high = duration(args[1]);
                if (high < low) {
                    throw new IllegalArgumentException("uniform(low, high) needs low <= high");
                }
                yield new Uniform(low, high);
            }
            case "lognormal" -> {
                need(args, 2, "lognormal(median, p90)");
                double median = duration(args[0]);
                double p90 = duration(args[1]);
                if (median <= 0 || p90 < median) {
                    throw new IllegalArgumentException("lognormal(median, p90) needs 0 < median <= p90");
                }
                yield p90 == median ? new Fixed(median) : new LogNormal(median, p90);
            }
            case "empirical" -> {
                for (String a : args) {
                    values.add(duration(a));
                }
                yield new Empirical(values.stream().mapToDouble(Double::doubleValue).toArray());
            }
            case "sequence" -> {
                for (String a : args) {
                    values.add(duration(a));
                }
                yield new Sequence(values.stream().mapToDouble(Double::doubleValue).toArray());
            }
            case "quantiles" -> {
                double[] q = new double[args.length];
                double[] v = new double[args.length];
                for (int i = 0; i < args.length; i++) {
                    String[] point = args[i].split(":");
                    if (point.length != 2) {
                        throw new IllegalArgumentException("quantiles(q:value, ...) points look like 0.5:52ms, got '"
                                + args[i].strip() + "'");
                    }
                    q[i] = number(point[0]);
                    v[i] = duration(point[1]);
                }
                yield new Quantiles(q, v);
            }
            default -> throw new IllegalArgumentException("'" + call.group(1) + "' is not a distribution: use a duration "
                    + "(5s), uniform(a, b), lognormal(median, p90), empirical(v1, v2, ...), sequence(v1, v2, ...) or "
                    + "quantiles(0:a, ..., 1:z)");
        };
    }

    private static void need(String[] args, int n, String form) {
        if (args.length != n) {
            throw new IllegalArgumentException("write " + form);
        }
    }

    /** A duration in milliseconds: Durations' forms (30s, 500ms, 2m, a bare number of seconds), or with decimals (29.66s). */
    static double duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
            double amount = Double.parseDouble(decimal.group(1));
            return switch (decimal.group(2)) {
                case "ms" -> amount;
                case "s" -> amount * 1_000;
                case "m" -> amount * 60_000;
                default -> amount * 3_600_000;
            };
        }
        try {
            return Durations.parse(t).toNanos() / 1e6;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a duration (write 5s, 250ms, 1.5s or 2m)");
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a number");
        }
    }

    /** Milliseconds as a duration a person reads: 250ms, 1.5s, 29.66s. */
    static String ms(double millis) {
        if (millis < 1000) {
            return trim(Math.round(millis * 10) / 10.0) + "ms";
        }
        return trim(Math.round(millis / 10.0) / 100.0) + "s";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
