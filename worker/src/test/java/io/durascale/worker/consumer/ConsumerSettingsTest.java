package io.durascale.worker.consumer;

import io.durascale.core.cli.Durations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {

    @Test
    void defaultsMatchAzureFunctionsConventions() {
        ConsumerSettings settings = QueueConsumer.builder().settings();
        assertThat(settings.queue()).isEqualTo("compute-jobs");
        assertThat(settings.poisonQueue()).isEqualTo("compute-jobs-poison");
        assertThat(settings.maxDequeueCount()).isEqualTo(5);
        assertThat(settings.visibilityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.renewalAge()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.concurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(settings.exitWhenIdle()).isZero();
        assertThat(settings.workerId()).endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void everyInvalidSettingIsNamedWithItsRange() {
        assertRejected(b -> b.concurrency(0), "concurrency must be 1 to 256 jobs at once, got 0");
        assertRejected(b -> b.visibilityTimeout(Duration.ZERO), "visibility timeout must be between 1s and");
        assertRejected(b -> b.visibilityTimeout(Duration.ofMillis(1500)), "visibility timeout must be whole seconds");
        assertRejected(b -> b.visibilityTimeout(Duration.ofDays(8)), "visibility timeout must be between 1s and");
        assertRejected(b -> b.maxDequeueCount(0), "max dequeue count must be 1 to 1000, got 0");
        assertRejected(b -> b.drainGrace(Duration.ofSeconds(-1)), "drain grace must be between 0s and 1h");
        assertRejected(b -> b.queue("Bad_Queue"), "queue name 'Bad_Queue' may only have lower-case letters");
        assertRejected(b -> b.workerId("x".repeat(200)), "worker id must have 1 to 128 characters");
        assertRejected(b -> b.maxPollInterval(Duration.ZERO), "max poll interval must be between 10ms and 1m");
    }

    @Test
    void buildNeedsStorage() {
        assertThatThrownBy(() -> QueueConsumer.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("account(...)");
    }

    @Test
    void durationsReadTheWaysPeopleWriteThem() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse(" 1H ")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
        for (String bad : new String[] {"", "banana", "-5s", "5 s", "PT-5S", "1w"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).hasMessageContaining("is not a duration");
        }
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    }

    private static void assertRejected(UnaryOperator<QueueConsumerBuilder> change, String message) {
        assertThatThrownBy(() -> change.apply(QueueConsumer.builder()).settings())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
