package io.durascale.pipeline.local.keda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.durascale.pipeline.local.hpa.ScalingBehavior;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A KEDA ScaledObject read from a manifest — a YAML stream as {@code helm template} prints it, with
 * any number of documents — so the local stack runs exactly what a chart deploys. Fields take KEDA's
 * defaults when absent, the HPA behavior takes the API server's ({@code SetDefaults_HorizontalPodAutoscalerBehavior}),
 * and everything goes through the same checks as a spec built in Java ({@link ScaledObjectSpec},
 * {@link AzureQueueTrigger}, {@link ExternalTrigger}, {@link ScalingBehavior}). What the local KEDA does not emulate (idle
 * replicas, fallback, scaling modifiers, pause annotations, other trigger types or metric types) is
 * refused rather than ignored. Every error is one line naming the file and the field.
 *
 * @param name the ScaledObject's {@code metadata.name}
 * @param scaleTargetName the Deployment it scales ({@code spec.scaleTargetRef.name})
 * @param spec what the local KEDA runs
 */
public record ScaledObjectManifest(String name, String scaleTargetName, ScaledObjectSpec spec) {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String KEDA_API = "keda.sh/";
    private static final String PAUSE_ANNOTATIONS = "autoscaling.keda.sh/paused";

    /**
     * @throws IllegalArgumentException one line, naming the file and what is wrong in it
     */
    public static ScaledObjectManifest read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file (give a manifest, e.g. from helm template)");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read it: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * @param source the name errors give the manifest (its file)
     * @throws IllegalArgumentException one line, naming the source and what is wrong in it
     */
    public static ScaledObjectManifest parse(String yaml, String source) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> values = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (values.hasNextValue()) {
                JsonNode document = values.nextValue();
                if (document != null && document.isObject()) {
                    documents.add(document);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": not a YAML manifest: " + firstLine(e));
        }
        List<JsonNode> scaledObjects = documents.stream()
                .filter(d -> "ScaledObject".equals(d.path("kind").asText()) && d.path("apiVersion").asText().startsWith(KEDA_API))
                .toList();
        if (scaledObjects.isEmpty()) {
            String kinds = documents.stream().map(d -> d.path("kind").asText("?")).distinct().sorted()
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException(source + ": no KEDA ScaledObject in it" + (kinds.isEmpty() ? "" : " (found "
                    + kinds + ")"));
        }
        if (scaledObjects.size() > 1) {
            throw new IllegalArgumentException(source + ": " + scaledObjects.size() + " ScaledObjects ("
                    + scaledObjects.stream().map(ScaledObjectManifest::nameOf).collect(Collectors.joining(", "))
                    + "): the local stack scales one deployment; give a manifest with one");
        }
        JsonNode scaledObject = scaledObjects.get(0);
        try {
            return of(ManifestNode.root(scaledObject));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": ScaledObject " + nameOf(scaledObject) + ": " + e.getMessage(), e);
        }
    }

    private static ScaledObjectManifest of(ManifestNode root) {
        root.field("metadata").field("annotations").stringMap().keySet().stream()
                .filter(key -> key.startsWith(PAUSE_ANNOTATIONS)).findFirst()
                .ifPresent(key -> root.field("metadata").field("annotations").field(key)
                        .notEmulated("the local KEDA does not pause"));
        ManifestNode spec = root.field("spec");
        if (!spec.isPresent()) {
            throw spec.invalid("is required");
        }
        ManifestNode target = spec.field("scaleTargetRef");
        String targetName = target.field("name").text();
        String kind = target.field("kind").optionalText().orElse("Deployment");
        if (!kind.equals("Deployment")) {
            throw target.field("kind").invalid("must be Deployment (the local stack emulates one), got " + kind);
        }
        spec.field("idleReplicaCount").notEmulated("the local KEDA scales to 0 or minReplicaCount");
        spec.field("fallback").notEmulated("a failing scaler leaves the replicas as they are");
        ManifestNode advanced = spec.field("advanced");
        advanced.field("scalingModifiers").notEmulated("the local KEDA scales on its one trigger's metric");
        ManifestNode behavior = advanced.field("horizontalPodAutoscalerConfig").field("behavior");

        List<Trigger> triggers = new ArrayList<>();
        List<ManifestNode> triggerNodes = spec.field("triggers").elements();
        for (int i = 0; i < triggerNodes.size(); i++) {
            triggers.add(trigger(triggerNodes.get(i)));
        }
        Optional<ScalingBehavior> hpaBehavior = behavior.isPresent() ? Optional.of(behavior(behavior)) : Optional.empty();
        // KEDA's defaults (scaledobject_types.go): polling 30 s, cooldown 300 s, no initial cooldown, 0..100.
        Duration polling = seconds(spec.field("pollingInterval"), 30);
        Duration cooldown = seconds(spec.field("cooldownPeriod"), 300);
        Duration initialCooldown = seconds(spec.field("initialCooldownPeriod"), 0);
        int min = spec.field("minReplicaCount").integer(0);
        int max = spec.field("maxReplicaCount").integer(100);
        try {
            return new ScaledObjectManifest(nameOf(root), targetName,
                    new ScaledObjectSpec(polling, cooldown, initialCooldown, min, max, hpaBehavior, triggers));
        } catch (IllegalArgumentException e) {
            // The spec's messages start with the field's name (or, in KEDA's words, its capitalised name).
            String message = e.getMessage();
            throw new IllegalArgumentException(Character.isLowerCase(message.charAt(0)) ? "spec." + message
                    : "spec: " + message, e);
        }
    }

    private static Trigger trigger(ManifestNode trigger) {
        String type = trigger.field("type").text();
        if (!type.equals(AzureQueueTrigger.TYPE) && !type.equals(ExternalTrigger.TYPE)) {
            throw trigger.field("type").invalid("'" + type + "' is not emulated: the local KEDA has the "
                    + AzureQueueTrigger.TYPE + " and " + ExternalTrigger.TYPE + " triggers");
        }
        String metricType = trigger.field("metricType").optionalText().orElse("AverageValue");
        if (!metricType.equals("AverageValue")) {
            trigger.field("metricType").notEmulated("the local HPA divides the metric by its AverageValue target");
        }
        if (trigger.field("useCachedMetrics").bool(false)) {
            trigger.field("useCachedMetrics").notEmulated("the local HPA reads the scaler on every sync");
        }
        ManifestNode metadata = trigger.field("metadata");
        TriggerMetadata values = TriggerMetadata.of(metadata.stringMap(), metadata.path());
        if (type.equals(ExternalTrigger.TYPE)) {
            // KEDA gives an external scaler its metadata only; its authenticationRef parameters are TLS material.
            trigger.field("authenticationRef").notEmulated("the local KEDA dials the scaler in plain text");
            return ExternalTrigger.parse(values);
        }
        return AzureQueueTrigger.parse(values, trigger.field("authenticationRef").field("name").optionalText());
    }

    /** The behavior with the API server's defaults for what it leaves out ({@code copyHPAScalingRules}). */
    private static ScalingBehavior behavior(ManifestNode behavior) {
        ScalingBehavior.Rules up = rules(behavior.field("scaleUp"), ScalingBehavior.defaultScaleUp());
        ScalingBehavior.Rules down = rules(behavior.field("scaleDown"), ScalingBehavior.defaultScaleDown());
        try {
            return new ScalingBehavior(up, down);
        } catch (IllegalArgumentException e) {
            // Its messages start at "behavior.", under the HPA config.
            String config = behavior.path().substring(0, behavior.path().length() - ".behavior".length());
            throw new IllegalArgumentException(config + "." + e.getMessage(), e);
        }
    }

    private static ScalingBehavior.Rules rules(ManifestNode rules, ScalingBehavior.Rules defaults) {
        if (!rules.isPresent()) {
            return defaults;
        }
        rules.field("tolerance").notEmulated("the controller's --horizontal-pod-autoscaler-tolerance applies");
        ManifestNode window = rules.field("stabilizationWindowSeconds");
        ManifestNode select = rules.field("selectPolicy");
        List<ScalingBehavior.Policy> policies = new ArrayList<>();
        for (ManifestNode policy : rules.field("policies").elements()) {
            policies.add(new ScalingBehavior.Policy(policyType(policy.field("type")), policy.field("value").requiredInteger(),
                    Duration.ofSeconds(policy.field("periodSeconds").requiredInteger())));
        }
        return new ScalingBehavior.Rules(
                window.isPresent() ? Optional.of(Duration.ofSeconds(window.integer(0))) : defaults.stabilizationWindow(),
                select.isPresent() ? selectPolicy(select) : defaults.selectPolicy(),
                rules.field("policies").isPresent() ? policies : defaults.policies());
    }

    private static ScalingBehavior.PolicyType policyType(ManifestNode node) {
        String value = node.text();
        for (ScalingBehavior.PolicyType type : ScalingBehavior.PolicyType.values()) {
            if (type.kubernetesName().equals(value)) {
                return type;
            }
        }
        throw node.invalid("must be Pods or Percent, got '" + value + "'");
    }

    private static ScalingBehavior.SelectPolicy selectPolicy(ManifestNode node) {
        String value = node.text();
        for (ScalingBehavior.SelectPolicy policy : ScalingBehavior.SelectPolicy.values()) {
            if (policy.kubernetesName().equals(value)) {
                return policy;
            }
        }
        throw node.invalid("must be Max, Min or Disabled, got '" + value + "'");
    }

    private static Duration seconds(ManifestNode node, int defaultSeconds) {
        return Duration.ofSeconds(node.integer(defaultSeconds));
    }

    private static String nameOf(JsonNode object) {
        return object.path("metadata").path("name").asText("(unnamed)");
    }

    private static String nameOf(ManifestNode root) {
        return root.field("metadata").field("name").optionalText().orElse("(unnamed)");
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
