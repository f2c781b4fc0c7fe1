package io.durascale.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JobMessage JOB = JobMessage.of("job-17", "instance-1", "block-0042", "montecarlo",
            Map.of("blockSize", "1000000", "seed", "42"), Instant.parse("2026-03-01T12:34:56.789Z"));

    @Test
    void roundTripsThroughBase64Json() {
        String body = JobCodec.encode(JOB);
        assertThat(body).matches("[A-Za-z0-9+/]+=*");
        assertThat(JobCodec.decode(body)).isEqualTo(JOB);
        ObjectNode json = (ObjectNode) readJson(body);
        assertThat(json.get("schemaVersion").intValue()).isEqualTo(1);
        assertThat(json.get("inputBlob").textValue()).isEqualTo("compute-input/instance-1/block-0042");
        assertThat(json.get("outputBlob").textValue()).isEqualTo("compute-output/instance-1/block-0042");
        assertThat(json.get("enqueuedAt").textValue()).isEqualTo("2026-03-01T12:34:56.789Z");
        assertThat(json.get("params").get("seed").textValue()).isEqualTo("42");
    }

    @Test
    void factoryDerivesBlobNamesAndOtherContainersCanBeChosen() {
        assertThat(JOB.schemaVersion()).isEqualTo(JobMessage.CURRENT_SCHEMA_VERSION);
        assertThat(JOB.input()).isEqualTo(new BlobNames.BlobRef("compute-input", new BlobNames.BlockPath("instance-1", "block-0042")));
        JobMessage moved = JOB.withContainers("in-x", "out-x");
        assertThat(moved.inputBlob()).isEqualTo("in-x/instance-1/block-0042");
        assertThat(moved.outputBlob()).isEqualTo("out-x/instance-1/block-0042");
        assertThat(JobCodec.decode(JobCodec.encode(moved))).isEqualTo(moved);
    }

    @Test
    void toleratesLineBreaksInTheBase64AndUnknownFields() {
        ObjectNode json = (ObjectNode) readJson(JobCodec.encode(JOB));
        json.put("addedLater", "ignored");
        String body = Base64.getMimeEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(body).contains("\r\n");
        assertThat(JobCodec.decode(body)).isEqualTo(JOB);
    }

    @Test
    void paramsAreOptional() {
        ObjectNode json = (ObjectNode) readJson(JobCodec.encode(JOB));
        json.remove("params");
        assertThat(JobCodec.decode(encode(json)).params()).isEmpty();
    }

    @Test
    void rejectsAnEmptyMessage() {
        assertRejected("", "the message is empty");
        assertRejected("   ", "the message is empty");
    }

    @Test
    void rejectsWhatIsNotBase64() {
        assertRejected("this is {not} base64!", "not Base64");
    }

    @Test
    void rejectsBase64ThatIsNotJson() {
        assertRejected(base64("hello world"), "Base64 but not JSON");
        assertRejected(base64("{\"schemaVersion\": 1,"), "Base64 but not JSON");
        assertRejected(base64("{\"a\":1} trailing"), "Base64 but not JSON");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertRejected(base64("[1,2,3]"), "JSON but not an object");
        assertRejected(base64("\"job\""), "JSON but not an object");
    }

    @Test
    void rejectsAnUnknownSchemaVersion() {
        ObjectNode json = (ObjectNode) readJson(JobCodec.encode(JOB));
        json.put("schemaVersion", 2);
        assertRejected(encode(json), "unknown schemaVersion 2 (this worker reads 1)");
        json.put("schemaVersion", "1");
        assertRejected(encode(json), "field schemaVersion must be an integer");
        json.remove("schemaVersion");
        assertRejected(encode(json), "missing field schemaVersion");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jobId", "instanceId", "blockId", "kernel", "inputBlob", "outputBlob", "enqueuedAt"})
    void rejectsAMissingField(String field) {
        ObjectNode json = (ObjectNode) readJson(JobCodec.encode(JOB));
        json.remove(field);
        assertRejected(encode(json), "missing field " + field);
        json.putNull(field);
        assertRejected(encode(json), "missing field " + field);
        json.put(field, 7);
        assertRejected(encode(json), "field " + field + " must be a string");
        json.put(field, " ");
        assertRejected(encode(json), "field " + field + " is empty");
    }

    @Test
    void rejectsMalformedFields() {
        ObjectNode json = (ObjectNode) readJson(JobCodec.encode(JOB));
        json.put("enqueuedAt", "yesterday");
        assertRejected(encode(json), "field enqueuedAt is not an ISO-8601 instant: 'yesterday'");

        json = (ObjectNode) readJson(JobCodec.encode(JOB));
        json.put("inputBlob", "compute-input/only-two");
        assertRejected(encode(json), "field inputBlob is malformed");

        json = (ObjectNode) readJson(JobCodec.encode(JOB));
        json.put("params", "blockSize=7");
        assertRejected(encode(json), "field params must be an object of strings");
        json.putObject("params").put("blockSize", 7);
        assertRejected(encode(json), "field params.blockSize must be a string");
    }

    @Test
    void rejectsDuplicateKeys() {
        String duplicated = "{\"schemaVersion\":1,\"schemaVersion\":1}";
        assertRejected(base64(duplicated), "not JSON");
    }

    private static void assertRejected(String body, String reason) {
        assertThatThrownBy(() -> JobCodec.decode(body)).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((InvalidJobException) e).reason()).isEqualTo(e.getMessage()));
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String body) {
        try {
            return JSON.readTree(Base64.getDecoder().decode(body));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String encode(ObjectNode json) {
        return base64(json.toString());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
