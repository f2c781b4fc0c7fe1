package io.durascale.benchmarks.cluster;

import java.util.regex.Pattern;

/**
 * A node pool to benchmark, as given on the command line: {@code POOL} or {@code POOL=SKU}. Without
 * a SKU, the pool's nodes' {@code node.kubernetes.io/instance-type} label names it.
 */
public record PoolTarget(String pool, String sku) {

    private static final Pattern POOL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /**
     * @throws IllegalArgumentException when the pool name is not a label value AKS would use
     */
    public static PoolTarget parse(String text) {
        String value = text == null ? "" : text.trim();
        int equals = value.indexOf('=');
        String pool = equals < 0 ? value : value.substring(0, equals).trim();
        String sku = equals < 0 ? null : value.substring(equals + 1).trim();
        if (!POOL.matcher(pool).matches()) {
            throw new IllegalArgumentException("--pool '" + text + "': a node pool name is lower-case letters, digits "
                    + "and dashes (its agentpool label), optionally followed by =SKU, e.g. --pool compute=Standard_F8s_v2");
        }
        if (sku != null && sku.isEmpty()) {
            throw new IllegalArgumentException("--pool '" + text + "' has '=' but no SKU after it, e.g. compute=Standard_F8s_v2");
        }
        return new PoolTarget(pool, sku);
    }
}
