package io.durascale.pipeline.local.keda;

/**
 * One entry of a ScaledObject's {@code spec.triggers}: its {@code type} and its metadata, parsed and
 * checked by the trigger's own record. The local KEDA builds one {@link Scaler} per trigger.
 */
public sealed interface Trigger permits AzureQueueTrigger, ExternalTrigger {

    /** The trigger's {@code type}, e.g. {@code azure-queue}. */
    String type();
}
