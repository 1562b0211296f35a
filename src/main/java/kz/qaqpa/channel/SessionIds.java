package kz.qaqpa.channel;

import java.util.UUID;

/** ШЭП guid values: a UUID in braces, as the common/v10 guid type requires. */
public final class SessionIds {
    private SessionIds() {
    }

    public static String next() {
        return "{" + UUID.randomUUID() + "}";
    }
}
