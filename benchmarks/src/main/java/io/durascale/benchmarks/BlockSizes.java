package io.durascale.benchmarks;

import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code blockSize} parameter of the kernel benchmarks: a number (the kernel's own unit), or
 * {@code small}, {@code default} or {@code large} — about a quarter of, equal to, and four times
 * the work of the kernel's default block. Each kernel counts its block in its own unit (paths,
 * grid side, matrix order), so one {@code @Param} list of numbers cannot mean the same for all
 * three; the names can. The sizing resolves them with the same rule.
 */
public final class BlockSizes {

    public static final String SMALL = "small";
    public static final String DEFAULT = "default";
    public static final String LARGE = "large";

    /**
     * How a kernel's work grows with its block size: paths are linear, a grid side squared, a
     * matrix order cubed; so a quarter of the work is the default divided by 4^(1/exponent).
     */
    private static final Map<String, Integer> WORK_EXPONENT = Map.of("montecarlo", 1, "stencil", 2, "matmul", 3);

    private BlockSizes() {
    }

    /**
     * The block size a parameter value stands for.
     *
     * @throws IllegalArgumentException naming the accepted values (or listing the kernels, for an unknown one)
     */
    public static int resolve(String kernelName, String value) {
        ComputeKernel kernel = Kernels.byName(kernelName);
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case DEFAULT:
                return kernel.defaultBlockSize();
            case SMALL:
            case LARGE:
                Integer exponent = WORK_EXPONENT.get(kernel.name());
                if (exponent == null) {
                    throw new IllegalArgumentException("block size '" + v + "' is defined for " + WORK_EXPONENT.keySet()
                            + " only; give kernel " + kernel.name() + " a number or 'default'");
                }
                double factor = Math.pow(4, 1.0 / exponent);
                double scaled = v.equals(SMALL) ? kernel.defaultBlockSize() / factor : kernel.defaultBlockSize() * factor;
                // Round as a person would write it: grid sides and matrix orders to 16, paths to 1,000.
                int unit = exponent == 1 ? 1_000 : 16;
                return Kernels.checkBlockSize(kernel, (int) Math.max(unit, Math.round(scaled / unit) * unit));
            default:
                int size;
                try {
                    size = Integer.parseInt(v.replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("block size '" + value + "' for kernel " + kernel.name()
                            + " is neither a number nor one of " + SMALL + ", " + DEFAULT + ", " + LARGE);
                }
                return Kernels.checkBlockSize(kernel, size);
        }
    }
}
