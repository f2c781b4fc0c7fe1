package io.durascale.core.kernel;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * CPU-bound: prices a European call option by Monte Carlo under geometric Brownian motion, with
 * antithetic variates, and reports the price with its standard error. The block size is the number
 * of simulated paths. {@link #verify} checks the estimate against the Black–Scholes closed form.
 *
 * <p>Input ({@code MCI1}, 60 bytes, little-endian): spot, strike, rate, volatility, maturity in
 * years (doubles), paths (int), path seed (long). Output ({@code MCO1}, 28 bytes): price, standard
 * error (doubles), antithetic pairs simulated (long).
 */
public final class MonteCarloKernel implements ComputeKernel {

    public static final String NAME = "montecarlo";
    static final int INPUT_TAG = BlockFormat.tag("MCI1");
    static final int OUTPUT_TAG = BlockFormat.tag("MCO1");
    static final int INPUT_BYTES = 4 + 5 * Double.BYTES + Integer.BYTES + Long.BYTES;
    static final int OUTPUT_BYTES = 4 + 2 * Double.BYTES + Long.BYTES;
    /** 4.5 rather than 4 standard errors: at 4 about one block in 16,000 fails by chance alone. */
    static final double TOLERANCE_IN_STANDARD_ERRORS = 4.5;
    static final int MIN_PAIRS = 500;

    /**
     * Made on first use, not when the kernels are listed: commons-math is compiled for Java 5, so its classes take
     * the JVM's old verifier and cannot go in a start-up cache, and a worker lists every kernel before it is ready.
     */
    private static final class StandardNormal {
        static final NormalDistribution DISTRIBUTION = new NormalDistribution(null, 0, 1);
    }

    /** The option and simulation parameters an input carries. */
    record Option(double spot, double strike, double rate, double volatility, double maturity, int paths, long seed) {

        /** At least {@value #MIN_PAIRS} antithetic pairs: below that the payoff's skew makes the error estimate unreliable. */
        long pairs() {
            return Math.max(MIN_PAIRS, (paths + 1L) / 2);
        }
    }

    /** What compute reports. */
    record Estimate(double price, double standardError, long pairs) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Monte Carlo price of a European call (GBM, antithetic variates), checked against Black-Scholes; "
                + "block size = simulated paths";
    }

    @Override
    public int defaultBlockSize() {
        return 1_000_000;
    }

    @Override
    public int maxBlockSize() {
        return 200_000_000;
    }

    @Override
    public byte[] generateInput(long seed, int blockSize) {
        Kernels.checkBlockSize(this, blockSize);
        // Near-the-money options only, so that even small blocks have paths in the money and a meaningful error.
        SplittableRandom random = new SplittableRandom(seed);
        double spot = 80 + 40 * random.nextDouble();
        double strike = spot * (0.9 + 0.2 * random.nextDouble());
        double rate = 0.05 * random.nextDouble();
        double volatility = 0.15 + 0.30 * random.nextDouble();
        double maturity = 0.5 + 1.5 * random.nextDouble();
        return encode(new Option(spot, strike, rate, volatility, maturity, blockSize, random.nextLong()));
    }

    @Override
    public byte[] compute(byte[] input) {
        Option option = decodeInput(input);
        Estimate estimate = simulate(option);
        ByteBuffer out = BlockFormat.allocate(OUTPUT_TAG, OUTPUT_BYTES - 4);
        out.putDouble(estimate.price()).putDouble(estimate.standardError()).putLong(estimate.pairs());
        return BlockFormat.array(out);
    }

    @Override
    public Verification verify(byte[] input, byte[] output) {
        Option option;
        Estimate estimate;
        try {
            option = decodeInput(input);
            estimate = decodeOutput(output);
        } catch (IllegalArgumentException e) {
            return Verification.failed(e.getMessage());
        }
        if (estimate.pairs() != option.pairs()) {
            return Verification.failed("output simulated " + estimate.pairs() + " pairs, the input asks for " + option.pairs());
        }
        if (!Double.isFinite(estimate.price()) || !Double.isFinite(estimate.standardError()) || estimate.standardError() < 0) {
            return Verification.failed("output is not a finite price with a non-negative error: " + estimate);
        }
        double exact = blackScholesCall(option);
        // The antithetic pair average has at most the payoff's variance, itself below E[payoff^2]; a larger
        // error means the output was damaged (an inflated error would let any price through).
        double errorCeiling = 3 * discount(option) * Math.sqrt(secondMomentOfPayoff(option) / estimate.pairs());
        if (estimate.standardError() > errorCeiling) {
            return Verification.failed(String.format("standard error %.6g exceeds its ceiling %.6g", estimate.standardError(),
                    errorCeiling));
        }
        double deviation = Math.abs(estimate.price() - exact);
        double allowed = TOLERANCE_IN_STANDARD_ERRORS * estimate.standardError() + 1e-12 * option.spot();
        String detail = String.format("price %.6f vs Black-Scholes %.6f: %.2f standard errors (allowed %.1f)",
                estimate.price(), exact, deviation / Math.max(estimate.standardError(), Double.MIN_NORMAL),
                TOLERANCE_IN_STANDARD_ERRORS);
        return deviation <= allowed ? Verification.ok(detail) : Verification.failed(detail);
    }

    /**
     * StrictMath rather than Math: about 20 % slower, but the output is the same to the bit on every
     * JVM and CPU, so a redelivered block computed on another pod writes an identical output.
     */
    static Estimate simulate(Option option) {
        double drift = (option.rate() - 0.5 * option.volatility() * option.volatility()) * option.maturity();
        double vol = option.volatility() * StrictMath.sqrt(option.maturity());
        double forward = option.spot() * StrictMath.exp(drift);
        double strike = option.strike();
        long pairs = option.pairs();
        SplittableRandom random = new SplittableRandom(option.seed());
        double sum = 0;
        double sumOfSquares = 0;
        long done = 0;
        while (done < pairs) {
            // Marsaglia's polar method: two independent normals per accepted point, no trigonometry.
            double u;
            double v;
            double s;
            do {
                u = 2 * random.nextDouble() - 1;
                v = 2 * random.nextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double scale = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            double y = antitheticPayoff(forward, strike, StrictMath.exp(vol * u * scale));
            sum += y;
            sumOfSquares += y * y;
            done++;
            if (done < pairs) {
                y = antitheticPayoff(forward, strike, StrictMath.exp(vol * v * scale));
                sum += y;
                sumOfSquares += y * y;
                done++;
            }
        }
        double mean = sum / pairs;
        double variance = Math.max(0, (sumOfSquares - sum * mean) / (pairs - 1));
        double discount = discount(option);
        return new Estimate(discount * mean, discount * StrictMath.sqrt(variance / pairs), pairs);
    }

    /** The mean payoff of the paths ending at {@code forward * growth} and {@code forward / growth}. */
    private static double antitheticPayoff(double forward, double strike, double growth) {
        double up = forward * growth - strike;
        double down = forward / growth - strike;
        return 0.5 * ((up > 0 ? up : 0) + (down > 0 ? down : 0));
    }

    static double blackScholesCall(Option o) {
        double sqrtT = Math.sqrt(o.maturity());
        double d1 = (Math.log(o.spot() / o.strike()) + (o.rate() + 0.5 * o.volatility() * o.volatility()) * o.maturity())
                / (o.volatility() * sqrtT);
        double d2 = d1 - o.volatility() * sqrtT;
        return o.spot() * phi(d1) - o.strike() * discount(o) * phi(d2);
    }

    /** E[max(S_T - K, 0)^2] under the risk-neutral measure, in closed form. */
    static double secondMomentOfPayoff(Option o) {
        double sigmaSqrtT = o.volatility() * Math.sqrt(o.maturity());
        double d1 = (Math.log(o.spot() / o.strike()) + (o.rate() + 0.5 * o.volatility() * o.volatility()) * o.maturity())
                / sigmaSqrtT;
        double d2 = d1 - sigmaSqrtT;
        double growth = Math.exp(o.rate() * o.maturity());
        double secondMoment = o.spot() * o.spot() * Math.exp((2 * o.rate() + o.volatility() * o.volatility()) * o.maturity());
        return secondMoment * phi(d1 + sigmaSqrtT) - 2 * o.strike() * o.spot() * growth * phi(d1)
                + o.strike() * o.strike() * phi(d2);
    }

    private static double discount(Option o) {
        return StrictMath.exp(-o.rate() * o.maturity());
    }

    private static double phi(double x) {
        return StandardNormal.DISTRIBUTION.cumulativeProbability(x);
    }

    static byte[] encode(Option o) {
        ByteBuffer in = BlockFormat.allocate(INPUT_TAG, INPUT_BYTES - 4);
        in.putDouble(o.spot()).putDouble(o.strike()).putDouble(o.rate()).putDouble(o.volatility()).putDouble(o.maturity())
                .putInt(o.paths()).putLong(o.seed());
        return BlockFormat.array(in);
    }

    static Option decodeInput(byte[] input) {
        ByteBuffer in = BlockFormat.open(input, INPUT_TAG, "montecarlo input", INPUT_BYTES);
        BlockFormat.expectRemaining(in, INPUT_BYTES - 4, "a montecarlo input");
        Option option = new Option(in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble(),
                in.getInt(), in.getLong());
        boolean valid = option.spot() > 0 && option.strike() > 0 && Double.isFinite(option.rate())
                && option.volatility() > 0 && option.maturity() > 0 && option.paths() >= 1
                && Double.isFinite(option.spot() + option.strike() + option.volatility() + option.maturity());
        if (!valid) {
            throw new IllegalArgumentException("montecarlo input has out-of-range parameters: " + option);
        }
        return option;
    }

    static Estimate decodeOutput(byte[] output) {
        ByteBuffer out = BlockFormat.open(output, OUTPUT_TAG, "montecarlo output", OUTPUT_BYTES);
        BlockFormat.expectRemaining(out, OUTPUT_BYTES - 4, "a montecarlo output");
        return new Estimate(out.getDouble(), out.getDouble(), out.getLong());
    }
}
