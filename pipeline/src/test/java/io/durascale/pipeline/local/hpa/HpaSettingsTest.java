package io.durascale.pipeline.local.hpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.run.RunJson;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HPA controller's flags and an HPA's behavior: Kubernetes' defaults, its limits, and their JSON. */
class HpaSettingsTest {

    private static final Duration P15 = Duration.ofSeconds(15);

    @Test
    void theDefaultsAreKubernetesOwn() {
        HpaControllerFlags flags = HpaControllerFlags.kubernetesDefaults();
        assertThat(flags.syncPeriod()).isEqualTo(Duration.ofSeconds(15));
        assertThat(flags.tolerance()).isEqualTo(0.1);
        assertThat(flags.downscaleStabilization()).isEqualTo(Duration.ofMinutes(5));

        ScalingBehavior behavior = ScalingBehavior.kubernetesDefault();
        assertThat(behavior.scaleUp().stabilizationWindow()).contains(Duration.ZERO);
        assertThat(behavior.scaleUp().selectPolicy()).isEqualTo(ScalingBehavior.SelectPolicy.MAX);
        assertThat(behavior.scaleUp().policies()).containsExactlyInAnyOrder(
                new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT, 100, P15),
                new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PODS, 4, P15));
        assertThat(behavior.scaleDown().stabilizationWindow()).as("left to --horizontal-pod-autoscaler-downscale-stabilization")
                .isEmpty();
        assertThat(behavior.scaleDown().policies()).containsExactly(
                new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PERCENT, 100, P15));
    }

    static Stream<Arguments> outOfRange() {
        ScalingBehavior defaults = ScalingBehavior.kubernetesDefault();
        return Stream.of(
                Arguments.of((Supplier<?>) () -> HpaControllerFlags.kubernetesDefaults().withSyncPeriod(Duration.ZERO),
                        "syncPeriod must be above 0, got 0s"),
                Arguments.of((Supplier<?>) () -> HpaControllerFlags.kubernetesDefaults().withTolerance(1.5),
                        "tolerance must be at least 0 and below 1 (Kubernetes' default is 0.1), got 1.5"),
                Arguments.of((Supplier<?>) () -> HpaControllerFlags.kubernetesDefaults()
                        .withDownscaleStabilization(Duration.ofSeconds(-1)), "downscaleStabilization must be 0 or more, got -1s"),
                Arguments.of((Supplier<?>) () -> defaults.withScaleUp(new ScalingBehavior.Rules(Duration.ZERO,
                                ScalingBehavior.SelectPolicy.MAX, List.of(new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PODS,
                                4, Duration.ZERO)))),
                        "behavior.scaleUp.policies[0].period must be above 0 and at most 1800 s, got 0s"),
                Arguments.of((Supplier<?>) () -> defaults.withScaleUp(new ScalingBehavior.Rules(Duration.ZERO,
                                ScalingBehavior.SelectPolicy.MAX, List.of(new ScalingBehavior.Policy(ScalingBehavior.PolicyType.PODS,
                                0, P15)))),
                        "behavior.scaleUp.policies[0].value must be at least 1, got 0"),
                Arguments.of((Supplier<?>) () -> defaults.withScaleDown(defaults.scaleDown()
                                .withStabilizationWindow(Duration.ofHours(2))),
                        "behavior.scaleDown.stabilizationWindow must be 0 to 3600 s, got 2h"),
                Arguments.of((Supplier<?>) () -> defaults.withScaleDown(new ScalingBehavior.Rules(Duration.ZERO,
                                ScalingBehavior.SelectPolicy.MAX, List.of())),
                        "behavior.scaleDown needs at least one policy (or selectPolicy Disabled)"));
    }

    @ParameterizedTest
    @MethodSource("outOfRange")
    void everyValueOutOfRangeIsOneSentenceNamingIt(Supplier<?> build, String message) {
        assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aDisabledDirectionNeedsNoPolicy() {
        ScalingBehavior behavior = ScalingBehavior.kubernetesDefault().withScaleDown(
                new ScalingBehavior.Rules(Optional.empty(), ScalingBehavior.SelectPolicy.DISABLED, List.of()));
        assertThat(behavior.scaleDown().policies()).isEmpty();
    }

    @Test
    void theJsonSpellsThemAsAManifestDoesWithDurationsAsText() {
        JsonNode flags = RunJson.MAPPER.valueToTree(HpaControllerFlags.demo());
        assertThat(flags.toString()).isEqualTo("{\"syncPeriod\":\"5s\",\"tolerance\":0.1,\"downscaleStabilization\":\"20s\"}");
        JsonNode behavior = RunJson.MAPPER.valueToTree(ScalingBehavior.kubernetesDefault());
        assertThat(behavior.toString()).isEqualTo("{\"scaleUp\":{\"stabilizationWindow\":\"0s\",\"selectPolicy\":\"Max\","
                + "\"policies\":[{\"type\":\"Pods\",\"value\":4,\"period\":\"15s\"},"
                + "{\"type\":\"Percent\",\"value\":100,\"period\":\"15s\"}]},"
                + "\"scaleDown\":{\"selectPolicy\":\"Max\",\"policies\":[{\"type\":\"Percent\",\"value\":100,\"period\":\"15s\"}]}}");
    }
}
