package io.durascale.pipeline.local.keda;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An {@code external} trigger ({@code externalScalerMetadata} in KEDA's {@code pkg/scalers/external_scaler.go}): the
 * address of a scaler that speaks KEDA's external-scaler gRPC protocol, and the metadata KEDA hands it with every
 * call. Parsed by {@link #parse} and checked here, in the constructor.
 *
 * @param scalerAddress {@code host:port} of the scaler ({@code scalerAddress}, required)
 * @param metadata the trigger's whole metadata, {@code scalerAddress} included, as KEDA sends it
 *     ({@code ScaledObjectRef.scalerMetadata}); {@code *FromEnv} values are variable names until a call resolves them
 */
public record ExternalTrigger(String scalerAddress, Map<String, String> metadata) implements Trigger {

    public static final String TYPE = "external";
    public static final String SCALER_ADDRESS = "scalerAddress";

    public ExternalTrigger {
        Objects.requireNonNull(scalerAddress, SCALER_ADDRESS);
        int colon = scalerAddress.lastIndexOf(':');
        if (colon <= 0 || colon == scalerAddress.length() - 1 || !scalerAddress.substring(colon + 1).matches("\\d{1,5}")
                || Integer.parseInt(scalerAddress.substring(colon + 1)) > 65535) {
            throw new IllegalArgumentException(SCALER_ADDRESS + " must be host:port (e.g. durascale-scaler:6000), got '"
                    + scalerAddress + "'");
        }
        TreeMap<String, String> sorted = new TreeMap<>(Objects.requireNonNull(metadata, "metadata"));
        sorted.put(SCALER_ADDRESS, scalerAddress);
        metadata = Collections.unmodifiableMap(sorted);
    }

    /** A trigger for the scaler at {@code scalerAddress} with these settings. */
    public static ExternalTrigger of(String scalerAddress, Map<String, String> settings) {
        return new ExternalTrigger(scalerAddress, settings);
    }

    /**
     * Reads the trigger's metadata as KEDA does.
     *
     * @throws IllegalArgumentException naming the parameter, with the metadata's path
     */
    public static ExternalTrigger parse(TriggerMetadata metadata) {
        String address = metadata.required(SCALER_ADDRESS);
        if (metadata.optional("enableTLS").map(value -> value.equalsIgnoreCase("true")).orElse(false)) {
            throw metadata.invalid("enableTLS is not emulated: the local KEDA dials the scaler in plain text on this machine");
        }
        try {
            return new ExternalTrigger(address, metadata.values());
        } catch (IllegalArgumentException e) {
            throw metadata.invalid(e.getMessage());
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The trigger for run.json and the timeline: its type, the scaler's address and the metadata as written. */
    @JsonValue
    public Description describe() {
        return new Description(TYPE, scalerAddress, metadata);
    }

    /** {@link #describe()}'s JSON. */
    public record Description(String type, String scalerAddress, Map<String, String> metadata) {
    }
}
