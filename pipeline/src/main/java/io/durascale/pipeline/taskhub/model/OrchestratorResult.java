package io.durascale.pipeline.taskhub.model;

import java.util.List;

/**
 * A worker's answer to an orchestration work item (DurableTask.Core's
 * {@code OrchestratorExecutionResult}).
 *
 * @param customStatus null when the worker sent none
 */
public record OrchestratorResult(String instanceId, List<OrchestratorAction> actions, String customStatus) {
    public OrchestratorResult {
        actions = List.copyOf(actions);
    }
}
