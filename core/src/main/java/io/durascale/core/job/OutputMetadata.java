package io.durascale.core.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata on every output blob, written in the same request as its content, so whoever sees
 * the blob (a BlobCreated consumer, a report) learns which job made it, where, and how long it took.
 * Azure metadata names are C# identifiers and come back lower-cased, hence the lower-case keys.
 */
public final class OutputMetadata {

    public static final String INSTANCE_ID = "instanceid";
    public static final String BLOCK_ID = "blockid";
    public static final String JOB_ID = "jobid";
    public static final String KERNEL = "kernel";
    public static final String COMPUTE_MS = "computems";
    public static final String WORKER_ID = "workerid";
    /** Hex SHA-256 of the output bytes. */
    public static final String SHA256 = "sha256";
    /** ISO-8601 time the job was enqueued (from the job message). */
    public static final String ENQUEUED_AT = "enqueuedat";
    /** ISO-8601 time the worker finished computing, just before the upload. */
    public static final String COMPLETED_AT = "completedat";

    private static final String[] KEYS = {INSTANCE_ID, BLOCK_ID, JOB_ID, KERNEL, COMPUTE_MS, WORKER_ID, SHA256, ENQUEUED_AT,
        COMPLETED_AT};

    private OutputMetadata() {
    }

    /** A completed block as its output blob's metadata describes it. */
    public record CompletedBlock(String instanceId, String blockId, String jobId, String kernel, long computeMillis,
                                 String workerId, String sha256, Instant enqueuedAt, Instant completedAt) {

        public CompletedBlock {
            Objects.requireNonNull(instanceId, INSTANCE_ID);
            Objects.requireNonNull(blockId, BLOCK_ID);
            Objects.requireNonNull(jobId, JOB_ID);
            Objects.requireNonNull(kernel, KERNEL);
            Objects.requireNonNull(workerId, WORKER_ID);
            Objects.requireNonNull(sha256, SHA256);
            Objects.requireNonNull(enqueuedAt, ENQUEUED_AT);
            Objects.requireNonNull(completedAt, COMPLETED_AT);
        }

        /** The metadata map to put on the blob; values are ASCII (HTTP headers), non-ASCII ids are percent-encoded. */
        public Map<String, String> toMap() {
            Map<String, String> map = new LinkedHashMap<>();
            map.put(INSTANCE_ID, headerSafe(instanceId));
            map.put(BLOCK_ID, headerSafe(blockId));
            map.put(JOB_ID, headerSafe(jobId));
            map.put(KERNEL, headerSafe(kernel));
            map.put(COMPUTE_MS, Long.toString(computeMillis));
            map.put(WORKER_ID, headerSafe(workerId));
            map.put(SHA256, sha256);
            map.put(ENQUEUED_AT, enqueuedAt.toString());
            map.put(COMPLETED_AT, completedAt.toString());
            return map;
        }
    }

    /** The metadata for a job's output. */
    public static CompletedBlock of(JobMessage job, byte[] output, long computeMillis, String workerId, Instant completedAt) {
        return new CompletedBlock(job.instanceId(), job.blockId(), job.jobId(), job.kernel(), computeMillis, workerId,
                sha256(output), job.enqueuedAt(), completedAt);
    }

    /**
     * Reads an output blob's metadata (keys in any case).
     *
     * @throws IllegalArgumentException naming the missing or malformed key
     */
    public static CompletedBlock parse(Map<String, String> metadata) {
        Map<String, String> lower = new LinkedHashMap<>();
        metadata.forEach((key, value) -> lower.put(key.toLowerCase(java.util.Locale.ROOT), value));
        for (String key : KEYS) {
            if (lower.get(key) == null) {
                throw new IllegalArgumentException("output metadata has no '" + key + "'");
            }
        }
        long computeMillis;
        try {
            computeMillis = Long.parseLong(lower.get(COMPUTE_MS));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("output metadata '" + COMPUTE_MS + "' is not a number: " + lower.get(COMPUTE_MS));
        }
        return new CompletedBlock(fromHeader(lower.get(INSTANCE_ID)), fromHeader(lower.get(BLOCK_ID)),
                fromHeader(lower.get(JOB_ID)), fromHeader(lower.get(KERNEL)), computeMillis,
                fromHeader(lower.get(WORKER_ID)), lower.get(SHA256), instant(lower, ENQUEUED_AT),
                instant(lower, COMPLETED_AT));
    }

    /** Hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Instant instant(Map<String, String> metadata, String key) {
        try {
            return Instant.parse(metadata.get(key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("output metadata '" + key + "' is not an ISO-8601 instant: " + metadata.get(key));
        }
    }

    /** Percent-encodes '%' and anything outside printable ASCII, so any id survives an HTTP header. */
    static String headerSafe(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String fromHeader(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
