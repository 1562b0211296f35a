package kz.qaqpa.channel;

import kz.qaqpa.store.TimeOrderedIds;

/**
 * ШЭП guid values: a UUID in braces, as the common/v10 guid type requires, made in time order
 * ({@link TimeOrderedIds}).
 */
public final class SessionIds {
    private SessionIds() {
    }

    public static String next() {
        return "{" + TimeOrderedIds.next() + "}";
    }

    /** Whether two guids name one session: the contract's pattern takes hex digits in either case. */
    public static boolean same(String guid, String other) {
        return guid.equalsIgnoreCase(other);
    }
}
