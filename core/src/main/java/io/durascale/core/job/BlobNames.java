package io.durascale.core.job;

import java.util.Objects;

/**
 * Where a block's data lives: {@code compute-input/{instanceId}/{blockId}} and
 * {@code compute-output/{instanceId}/{blockId}}. A blob reference in a job message is
 * {@code container/instanceId/blockId}, so a message names its blobs completely.
 */
public final class BlobNames {

    public static final String INPUT_CONTAINER = "compute-input";
    public static final String OUTPUT_CONTAINER = "compute-output";

    private static final String EVENT_SUBJECT_PREFIX = "/blobServices/default/containers/";

    private BlobNames() {
    }

    /** The path of a block inside a container. */
    public record BlockPath(String instanceId, String blockId) {

        public BlockPath {
            checkSegment("instanceId", instanceId);
            checkSegment("blockId", blockId);
        }

        @Override
        public String toString() {
            return instanceId + "/" + blockId;
        }
    }

    /** A blob: its container and the block path inside it. */
    public record BlobRef(String container, BlockPath block) {

        public BlobRef {
            checkSegment("container", container);
            Objects.requireNonNull(block, "block");
        }

        /** The blob name inside the container: {@code instanceId/blockId}. */
        public String blobName() {
            return block.toString();
        }

        @Override
        public String toString() {
            return container + "/" + block;
        }
    }

    /** {@code "{instanceId}/{blockId}"}. */
    public static String blockPath(String instanceId, String blockId) {
        return new BlockPath(instanceId, blockId).toString();
    }

    /** {@code compute-input/{instanceId}/{blockId}}, as a job message carries it. */
    public static String inputBlob(String instanceId, String blockId) {
        return INPUT_CONTAINER + "/" + blockPath(instanceId, blockId);
    }

    /** {@code compute-output/{instanceId}/{blockId}}, as a job message carries it. */
    public static String outputBlob(String instanceId, String blockId) {
        return OUTPUT_CONTAINER + "/" + blockPath(instanceId, blockId);
    }

    /**
     * Parses {@code instanceId/blockId} (a blob name inside a container).
     *
     * @throws IllegalArgumentException saying which part is missing or malformed
     */
    public static BlockPath parseBlockPath(String path) {
        if (path == null) {
            throw new IllegalArgumentException("a block path is 'instanceId/blockId', got nothing");
        }
        String[] parts = path.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("a block path is 'instanceId/blockId', got '" + path + "'");
        }
        return new BlockPath(parts[0], parts[1]);
    }

    /**
     * Parses {@code container/instanceId/blockId}, the form a job message uses.
     *
     * @throws IllegalArgumentException saying which part is missing or malformed
     */
    public static BlobRef parseBlob(String reference) {
        if (reference == null) {
            throw new IllegalArgumentException("a blob reference is 'container/instanceId/blockId', got nothing");
        }
        String[] parts = reference.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a blob reference is 'container/instanceId/blockId', got '" + reference + "'");
        }
        return new BlobRef(parts[0], new BlockPath(parts[1], parts[2]));
    }

    /**
     * Parses the subject of an Event Grid {@code Microsoft.Storage.BlobCreated} event:
     * {@code /blobServices/default/containers/{container}/blobs/{instanceId}/{blockId}}.
     */
    public static BlobRef parseEventSubject(String subject) {
        if (subject == null || !subject.startsWith(EVENT_SUBJECT_PREFIX)) {
            throw new IllegalArgumentException("a BlobCreated subject starts with '" + EVENT_SUBJECT_PREFIX + "', got '"
                    + subject + "'");
        }
        String rest = subject.substring(EVENT_SUBJECT_PREFIX.length());
        int blobs = rest.indexOf("/blobs/");
        if (blobs <= 0) {
            throw new IllegalArgumentException("a BlobCreated subject names '/blobs/' after the container, got '" + subject + "'");
        }
        return new BlobRef(rest.substring(0, blobs), parseBlockPath(rest.substring(blobs + "/blobs/".length())));
    }

    private static void checkSegment(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (value.length() > 255) {
            throw new IllegalArgumentException(what + " is longer than 255 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " '" + value.replaceAll("\\p{Cntrl}", "?")
                        + "' contains '/', '\\' or a control character");
            }
        }
        if (value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException(what + " may not be '.' or '..'");
        }
    }
}
