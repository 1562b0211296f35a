package kz.qaqpa.channel;

import java.time.Duration;
import kz.qaqpa.http.LingeringClose;

/**
 * What one client may cost the ШЭП channels' HTTP server (the qaqpa.http.* and qaqpa.max-message-bytes settings).
 *
 * @param maxMessageBytes largest request body; a larger one is refused while it streams in
 * @param maxBufferedBytes all request bodies held in memory at once, arriving or being processed (an encoded one
 *                        with what it inflates to); a request that would pass it is refused (busy) rather than let
 *                        the heap run out; at least twice maxMessageBytes
 * @param maxBufferedBytesPerAddress of those, the most one client address may hold at once (at most
 *                        maxBufferedBytes, at least twice maxMessageBytes: one encoded message's compressed and
 *                        inflated bytes), so that one client trickling large
 *                        bodies cannot take the whole budget from the others
 * @param readTimeout     longest pause between two bytes of a request (headers or body); also the time allowed for
 *                        the request line and headers as a whole
 * @param requestTimeout  the whole body must have arrived within this time after the headers
 * @param idleTimeout     a kept-alive connection with no request is closed after this time
 * @param writeTimeout    an answer whose writing makes no progress this long (its client stopped reading) has its
 *                        connection closed, freeing the thread that wrote it
 * @param maxHeadBytes    largest request line and headers together; a head is held in memory until it is complete,
 *                        so this bounds what a connection that stops mid-head costs
 * @param ioThreads       non-blocking I/O threads (read request bodies, write answers)
 * @param workerThreads   threads that process complete requests (verification, routes, database)
 * @param maxConnections  connections open at once; beyond it new ones wait in the kernel's backlog until one closes,
 *                        so clients holding connections open cannot take every file descriptor of the process
 * @param maxConnectionsPerAddress connections open at once from one client address, at most maxConnections; one more
 *                        is closed at once, so one client holding connections cannot keep the others out
 * @param lingerTime      after the fault refusing a body by its declared length, how long the connection, its answer
 *                        ended (FIN), still reads and drops what the client sends before it closes (a lingering close)
 * @param lingerBytes     the most bytes so read and dropped; past it the connection closes at once
 */
public record HttpLimits(int maxMessageBytes, long maxBufferedBytes, long maxBufferedBytesPerAddress,
                         Duration readTimeout, Duration requestTimeout, Duration idleTimeout,
                         Duration writeTimeout, int maxHeadBytes, int ioThreads, int workerThreads, int maxConnections,
                         int maxConnectionsPerAddress, Duration lingerTime, int lingerBytes) {
    public HttpLimits {
        if (maxConnectionsPerAddress <= 0 || maxConnectionsPerAddress > maxConnections) {
            throw new IllegalArgumentException("qaqpa.http.max-connections-per-address (" + maxConnectionsPerAddress
                    + ") must be positive and at most qaqpa.http.max-connections (" + maxConnections + ")");
        }
        if (maxMessageBytes <= 0 || maxHeadBytes <= 0 || ioThreads <= 0 || workerThreads <= 0 || maxConnections <= 0) {
            throw new IllegalArgumentException("HTTP limits must be positive: " + maxMessageBytes + " bytes, "
                    + maxHeadBytes + " bytes of head, " + ioThreads + " I/O threads, " + workerThreads
                    + " worker threads, " + maxConnections + " connections");
        }
        if (lingerTime.isNegative() || lingerBytes < 0) {
            throw new IllegalArgumentException("qaqpa.http.linger-time (" + lingerTime + ") and .linger-bytes ("
                    + lingerBytes + ") must not be negative");
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("qaqpa.http.write-timeout must be positive, not " + writeTimeout);
        }
        requireOneEncodedMessage("qaqpa.http.max-buffered-bytes", maxBufferedBytes, maxMessageBytes);
        requireOneEncodedMessage("qaqpa.http.max-buffered-bytes-per-address", maxBufferedBytesPerAddress,
                maxMessageBytes);
        // a share above the whole budget would be the whole budget
        maxBufferedBytesPerAddress = Math.min(maxBufferedBytesPerAddress, maxBufferedBytes);
    }

    /** The lingering close after a refusal: {@code lingerTime} and {@code lingerBytes}. */
    public LingeringClose.Bounds linger() {
        return new LingeringClose.Bounds(lingerTime, lingerBytes);
    }

    /**
     * attack55 (review54b): a gzip- or deflate-encoded message holds its compressed body (up to maxMessageBytes) and
     * what it inflates to (up to maxMessageBytes) at once ({@link BodyHold}), so a budget below twice the limit
     * refused some valid messages SCE911 ("send again later") for ever, on an idle gateway. Such a setting is refused
     * at the start instead.
     */
    private static void requireOneEncodedMessage(String setting, long bytes, int maxMessageBytes) {
        if (bytes < 2L * maxMessageBytes) {
            throw new IllegalArgumentException(setting + " (" + bytes + ") must hold at least one gzip- or"
                    + " deflate-encoded message of qaqpa.max-message-bytes (" + maxMessageBytes + "): its compressed"
                    + " and inflated bytes, twice that (" + 2L * maxMessageBytes + ")");
        }
    }
}
