package io.durascale.core.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The byte layout the reference kernels share: a 4-byte tag naming the kernel and the kind of
 * block ({@code MCI1} = Monte Carlo input, version 1), then little-endian fields. Bulk arrays go
 * through a {@link java.nio.DoubleBuffer} view, which copies without per-element boxing.
 */
final class BlockFormat {

    private BlockFormat() {
    }

    static int tag(String fourChars) {
        if (fourChars.length() != 4) {
            throw new IllegalArgumentException("a tag has 4 characters: " + fourChars);
        }
        return fourChars.charAt(0) << 24 | fourChars.charAt(1) << 16 | fourChars.charAt(2) << 8 | fourChars.charAt(3);
    }

    /** A buffer of {@code 4 + payloadBytes} bytes with the tag written. */
    static ByteBuffer allocate(int tag, int payloadBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES + payloadBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(tag);
        return buffer;
    }

    /**
     * Opens a block, checking its tag and that it has at least {@code minBytes}.
     *
     * @throws IllegalArgumentException naming what the bytes were expected to be
     */
    static ByteBuffer open(byte[] bytes, int tag, String what, int minBytes) {
        if (bytes == null || bytes.length < Math.max(Integer.BYTES, minBytes)) {
            throw new IllegalArgumentException(what + " needs at least " + Math.max(Integer.BYTES, minBytes)
                    + " bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int found = buffer.getInt();
        if (found != tag) {
            throw new IllegalArgumentException("not a " + what + " (tag " + Integer.toHexString(found) + ", expected "
                    + Integer.toHexString(tag) + ")");
        }
        return buffer;
    }

    static void expectRemaining(ByteBuffer buffer, long bytes, String what) {
        if (buffer.remaining() != bytes) {
            throw new IllegalArgumentException(what + " should have " + bytes + " more bytes, has " + buffer.remaining());
        }
    }

    static void putDoubles(ByteBuffer buffer, double[] values) {
        buffer.asDoubleBuffer().put(values);
        buffer.position(buffer.position() + values.length * Double.BYTES);
    }

    static double[] getDoubles(ByteBuffer buffer, int count) {
        double[] values = new double[count];
        buffer.asDoubleBuffer().get(values);
        buffer.position(buffer.position() + count * Double.BYTES);
        return values;
    }

    static byte[] array(ByteBuffer buffer) {
        if (buffer.hasRemaining()) {
            throw new IllegalStateException("block layout left " + buffer.remaining() + " bytes unwritten");
        }
        return buffer.array();
    }
}
