package io.durascale.benchmarks.cluster;

import io.durascale.run.jmh.JmhResult;
import io.durascale.benchmarks.sizing.MachineFacts;
import java.util.List;

/**
 * What one node pool's benchmark Job produced.
 *
 * @param sku the VM size of the pool's nodes (from --pool POOL=SKU or the nodes' instance-type label)
 * @param vcpus the node's CPU capacity, the thread count of the full-node measurement
 * @param node the node the pod ran on
 * @param jmhJson JMH's JSON array as the pod wrote it, unchanged
 * @param results the same, parsed
 */
public record PoolResult(String pool, String sku, int vcpus, String jobName, String node, MachineFacts facts,
                         String jmhJson, List<JmhResult> results) {

    public PoolResult {
        results = List.copyOf(results);
    }
}
