package kz.qaqpa.channel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.ContentCoding;

/**
 * What a gzip- or deflate-encoded body inflates to, in one array of its size, held in the request's {@link BodyHold}
 * before it is made, so that the heap holds what the budget counts (http59). The body is inflated twice from its
 * compressed bytes: once to count (into one small buffer, nothing kept), then into the array. Before, it was read
 * with {@code readNBytes} through the hold: its 8 KB buffers were counted as they came, the final array they were
 * copied into was not (twice the inflated message for a moment, half of it outside the budget). Counting that array
 * as well would need three messages of the budget (the compressed body, the buffers, the array), more than
 * attack55's smallest share of two; the second inflation costs CPU instead (milliseconds for a message of MB).
 */
final class InflatedMessage {
    /** What one read of the counting pass inflates into: as much as one read of the channel takes. */
    private static final int COUNTING_BYTES = RequestBodyReader.READ_CHUNK;

    private InflatedMessage() {
    }

    /**
     * The message {@code compressed} inflates to by {@code coding}: SCE010 past {@code limit}, before any array of its
     * size is made; SCE911 when {@code hold} (null: no budget, a request not from the channels' port) has no room for
     * it beside the body; SCE001 or an IOException for data that does not inflate.
     */
    static byte[] of(byte[] compressed, String coding, BodyHold hold, int limit) throws IOException {
        long size = sizeWithin(compressed, coding, limit);
        if (size > limit) {
            throw new ShepException(FaultCode.MESSAGE_TOO_LARGE, "message larger than " + limit + " bytes");
        }
        if (hold != null) {
            hold.holdMore(size);
        }
        byte[] message = new byte[(int) size];
        try (InputStream inflating = ContentCoding.decoded(new ByteArrayInputStream(compressed), coding)) {
            int read = inflating.readNBytes(message, 0, message.length);
            if (read != message.length || inflating.read() >= 0) { // the same bytes inflate the same way
                throw new IllegalStateException("a body inflated to " + size + " bytes, then to another size");
            }
        }
        return message;
    }

    /** The bytes {@code compressed} inflates to, counted up to one past {@code limit}. */
    private static long sizeWithin(byte[] compressed, String coding, int limit) throws IOException {
        byte[] counting = new byte[COUNTING_BYTES];
        long size = 0;
        try (InputStream inflating = ContentCoding.decoded(new ByteArrayInputStream(compressed), coding)) {
            for (int read; size <= limit && (read = inflating.read(counting)) >= 0; ) {
                size += read;
            }
        }
        return size;
    }
}
