package kz.qaqpa.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * A request body's bytes as they come, every array they take held in the request's {@link BodyHold} before it is
 * made, so that what the budget counts is what the heap holds (review56, http58). A body of a known length is read
 * into one array of that length, which is the message itself ({@link #whole}); a chunked body, whose length is known
 * only at its end, into pieces of {@link #PIECE_BYTES}, then once into one array of its size, held beside the pieces
 * for that moment. Before, the gate copied every body into a second array, which the budget did not count, and a
 * chunked body grew by doubling (up to twice its bytes, with the array it grew from).
 */
final class BodyBytes {
    /** A chunked body's piece: as much as one read takes. */
    static final int PIECE_BYTES = RequestBodyReader.READ_CHUNK;
    private static final byte[] EMPTY = new byte[0];
    private final BodyHold hold;
    /** The most the pieces may take together: the message limit, so a whole body and its pieces fit twice that. */
    private final int limit;
    private final List<byte[]> pieces = new ArrayList<>();
    /** Bytes of the arrays made so far (all of them held). */
    private long made;
    private int size;

    private BodyBytes(BodyHold hold, int limit) {
        this.hold = hold;
        this.limit = limit;
    }

    /** A body of {@code length} bytes, already held: one array of that length. */
    static BodyBytes ofLength(BodyHold hold, int length) {
        BodyBytes body = new BodyBytes(hold, length);
        body.pieces.add(new byte[length]);
        body.made = length;
        return body;
    }

    /** A body whose length is known at its end (chunked), of at most {@code limit} bytes. */
    static BodyBytes ofUnknownLength(BodyHold hold, int limit) {
        return new BodyBytes(hold, limit);
    }

    int size() {
        return size;
    }

    /**
     * Adds {@code length} bytes of {@code from} (the caller keeps the body within the limit): false, nothing added,
     * when the budget has no room for the piece they need.
     */
    boolean add(byte[] from, int offset, int length) {
        int added = 0;
        while (added < length) {
            if (size == made && !newPiece()) {
                return false;
            }
            byte[] last = pieces.get(pieces.size() - 1);
            int at = (int) (last.length - (made - size));
            int n = Math.min(length - added, last.length - at);
            System.arraycopy(from, offset + added, last, at, n);
            added += n;
            size += n;
        }
        return true;
    }

    private boolean newPiece() {
        int length = (int) Math.min(PIECE_BYTES, limit - made);
        if (length <= 0 || !hold.holdUpTo(made + length)) {
            return false;
        }
        pieces.add(new byte[length]);
        made += length;
        return true;
    }

    /**
     * The body in one array of its size, or null when the budget has no room for it beside the pieces (SCE911). The
     * pieces' bytes go back to the budget once it is made: the request then holds the array alone.
     */
    byte[] whole() {
        if (pieces.size() == 1 && made == size) {
            return pieces.get(0);
        }
        if (size == 0) {
            return EMPTY;
        }
        if (!hold.holdUpTo(made + size)) {
            return null;
        }
        byte[] whole = new byte[size];
        int at = 0;
        for (byte[] piece : pieces) {
            int n = Math.min(piece.length, size - at);
            System.arraycopy(piece, 0, whole, at, n);
            at += n;
        }
        pieces.clear();
        pieces.add(whole);
        hold.giveBack(made);
        made = size;
        return whole;
    }
}
