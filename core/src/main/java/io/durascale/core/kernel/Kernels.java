package io.durascale.core.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/** The kernels on the class path, found once with {@link ServiceLoader}. */
public final class Kernels {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private Kernels() {
    }

    /**
     * The kernel registered under {@code name}.
     *
     * @throws UnknownKernelException listing the known names
     */
    public static ComputeKernel byName(String name) {
        ComputeKernel kernel = Registry.BY_NAME.get(name);
        if (kernel == null) {
            throw new UnknownKernelException(name, names());
        }
        return kernel;
    }

    /** Every registered kernel, by name. */
    public static List<ComputeKernel> all() {
        return List.copyOf(Registry.BY_NAME.values());
    }

    /** Every registered name, sorted. */
    public static List<String> names() {
        return List.copyOf(Registry.BY_NAME.keySet());
    }

    /** Checks a caller's block size against the kernel's bounds, with a message naming both. */
    public static int checkBlockSize(ComputeKernel kernel, int blockSize) {
        if (blockSize < 1 || blockSize > kernel.maxBlockSize()) {
            throw new IllegalArgumentException("block size " + blockSize + " is outside 1.." + kernel.maxBlockSize()
                    + " for kernel " + kernel.name());
        }
        return blockSize;
    }

    static Map<String, ComputeKernel> load(ClassLoader loader) {
        List<ComputeKernel> found = new ArrayList<>();
        ServiceLoader.load(ComputeKernel.class, loader).forEach(found::add);
        found.sort(Comparator.comparing(ComputeKernel::name));
        Map<String, ComputeKernel> byName = new LinkedHashMap<>();
        for (ComputeKernel kernel : found) {
            String name = kernel.name();
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalStateException("kernel " + kernel.getClass().getName() + " has the name '" + name
                        + "'; kernel names are lower-case letters, digits and dashes");
            }
            ComputeKernel clash = byName.putIfAbsent(name, kernel);
            if (clash != null) {
                throw new IllegalStateException("two kernels are named '" + name + "': " + clash.getClass().getName()
                        + " and " + kernel.getClass().getName());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    private static final class Registry {
        static final Map<String, ComputeKernel> BY_NAME = load(loader());

        private static ClassLoader loader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null ? context : Kernels.class.getClassLoader();
        }
    }
}
