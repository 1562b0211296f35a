package kz.qaqpa.channel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.http.ContentCoding;

/**
 * The sender a message names, read from its bytes without parsing them, on the I/O thread, to choose its line for a
 * worker thread ({@link WorkerShares}): the text of the first {@code senderId} start tag (any prefix) after the start
 * of the SOAP Body, in the first {@value #SCANNED} bytes. Not an authentication, only a line: the sender is
 * authenticated later on a worker, and must then be the one its line is for. Null when none is read (a UTF-16
 * body, a tag further in, a name that is not a plain token): such a request waits in the unnamed line. Comments
 * and CDATA sections are not skipped: a name in one is read, and then is not the authenticated sender's. Linear in
 * the bytes scanned (it runs on the I/O thread before any check).
 */
final class ClaimedSender {
    /** ШЭП's sender element comes early in the Body; a bounded scan keeps the I/O thread's cost bounded. */
    static final int SCANNED = 64 * 1024;
    /**
     * Compressed bytes read for the name of an encoded body: deflate data holding {@value #SCANNED} bytes takes little
     * more than that even stored, so a body that hides its name further in waits in the unnamed line.
     */
    static final int ENCODED_SCANNED = 2 * SCANNED;
    /** Longer than any sender id the configuration takes. */
    private static final int MAX_NAME = 64;
    private static final byte[] BODY = "Body".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENDER_ID = "senderId".getBytes(StandardCharsets.US_ASCII);

    private ClaimedSender() {
    }

    /**
     * The name in the first {@value #SCANNED} bytes {@code bytes[0..length)} inflate to, for a body sent with the
     * Content-Encoding {@code coding} (attack55: a gzip or deflate sender waited in the unnamed line, quota49's line
     * unknown before its body was inflated on a worker). At most {@link #ENCODED_SCANNED} compressed bytes are read,
     * so the I/O thread's cost stays bounded; null when those do not inflate to a name.
     */
    static String in(byte[] bytes, int length, String coding) {
        if (ContentCoding.sentAsItIs(coding)) {
            return in(bytes, length);
        }
        byte[] inflated = new byte[SCANNED];
        int read = 0;
        try (InputStream in = ContentCoding.decoded(
                new ByteArrayInputStream(bytes, 0, Math.min(length, ENCODED_SCANNED)), coding)) {
            for (int n; read < SCANNED && (n = in.read(inflated, read, SCANNED - read)) > 0; ) {
                read += n;
            }
        } catch (IOException | ShepException e) {
            // what came before the cut or the fault is read; the worker's inflating tells the client what is wrong
        }
        return in(inflated, read);
    }

    /** The name in {@code bytes[0..length)}, or null. */
    static String in(byte[] bytes, int length) {
        int end = Math.min(length, SCANNED);
        int body = startTag(bytes, BODY, 0, end);
        if (body < 0) {
            return null;
        }
        int tag = startTag(bytes, SENDER_ID, body, end);
        return tag < 0 ? null : name(bytes, tag, end);
    }

    /**
     * The index just after the '>' of the first start tag named {@code local} (with or without a prefix) in
     * {@code bytes[from..end)}, or -1.
     */
    private static int startTag(byte[] bytes, byte[] local, int from, int end) {
        for (int i = from; i + local.length < end; i++) {
            if (bytes[i] == '<' && bytes[i + 1] != '/' && bytes[i + 1] != '!' && bytes[i + 1] != '?') {
                int nameStart = i + 1;
                int nameEnd = nameStart;
                while (nameEnd < end && isNameByte(bytes[nameEnd])) {
                    nameEnd++;
                }
                if (endsWithLocal(bytes, nameStart, nameEnd, local)) {
                    int close = indexOf(bytes, (byte) '>', nameEnd, end);
                    return close < 0 ? -1 : close + 1;
                }
                // on past the name just read: each byte is looked at once, whatever the body (review49: moving on
                // by one byte made a body of '<' quadratic, seconds of the I/O thread)
                i = Math.max(i, nameEnd - 1);
            }
        }
        return -1;
    }

    private static boolean endsWithLocal(byte[] bytes, int start, int end, byte[] local) {
        int localStart = end - local.length;
        if (localStart < start || (localStart > start && bytes[localStart - 1] != ':')) {
            return false;
        }
        for (int k = 0; k < local.length; k++) {
            if (bytes[localStart + k] != local[k]) {
                return false;
            }
        }
        return true;
    }

    /** The element's text up to the next '<', trimmed, when it is a short printable ASCII token; else null. */
    private static String name(byte[] bytes, int from, int end) {
        int stop = indexOf(bytes, (byte) '<', from, Math.min(end, from + MAX_NAME + 64));
        if (stop < 0) {
            return null;
        }
        String text = new String(bytes, from, stop - from, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty() || text.length() > MAX_NAME) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c > '~') {
                return null;
            }
        }
        return text;
    }

    private static boolean isNameByte(byte b) {
        return b > ' ' && b != '>' && b != '/' && b != '=' && b != '<';
    }

    private static int indexOf(byte[] bytes, byte b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
