package io.durascale.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PoisonEnvelopeTest {

    @Test
    void roundTripsAndKeepsTheOriginalBodyUntouched() throws Exception {
        String original = "not base64 \u0000 \"quoted\" \n ünïcödé";
        PoisonEnvelope envelope = new PoisonEnvelope("malformed message: the message is not Base64", original, 3,
                "msg-1", Instant.parse("2026-05-05T05:05:05Z"), "worker-1");
        String body = envelope.encode();
        assertThat(PoisonEnvelope.decode(body)).isEqualTo(envelope);
        var json = new ObjectMapper().readTree(Base64.getDecoder().decode(body));
        assertThat(json.fieldNames()).toIterable().containsExactly("reason", "originalMessage", "dequeueCount", "messageId",
                "poisonedAt", "workerId");
        assertThat(json.get("originalMessage").textValue()).isEqualTo(original);
    }

    @Test
    void queueNamesFollowTheFunctionsConvention() {
        assertThat(JobQueues.DEFAULT_QUEUE).isEqualTo("compute-jobs");
        assertThat(JobQueues.poisonQueue("compute-jobs")).isEqualTo("compute-jobs-poison");
        assertThatThrownBy(() -> JobQueues.poisonQueue("Compute_Jobs")).hasMessageContaining("lower-case letters");
        assertThatThrownBy(() -> JobQueues.poisonQueue("a--b")).hasMessageContaining("single dashes");
        assertThatThrownBy(() -> JobQueues.poisonQueue("ab")).hasMessageContaining("3 to 56 characters");
        assertThatThrownBy(() -> JobQueues.poisonQueue("x".repeat(57))).hasMessageContaining("3 to 56 characters");
        assertThatThrownBy(() -> JobQueues.poisonQueue("jobs-poison")).hasMessageContaining("itself a poison queue");
    }

    @Test
    void decodeRejectsWhatIsNotAnEnvelope() {
        assertThatThrownBy(() -> PoisonEnvelope.decode("!!")).hasMessageContaining("not a poison envelope");
        String missing = Base64.getEncoder().encodeToString("{\"reason\":\"x\"}".getBytes());
        assertThatThrownBy(() -> PoisonEnvelope.decode(missing)).hasMessageContaining("missing field originalMessage");
    }
}
