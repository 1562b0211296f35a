package kz.qaqpa.store;

import java.lang.reflect.Field;

/**
 * What the store reaches inside HSQLDB 2.7 that it does not publish: its fields, read when the class that needs them is
 * loaded, so that a version that renamed one fails the store's start; and the one-piece copy of ASCII text into its
 * row buffers ({@link PlainLogText}, {@link PlainDataRows}).
 */
final class HsqldbInternals {
    private HsqldbInternals() {
    }

    /** The field, accessible; {@code neededFor} says what fails without it. */
    static Field field(Class<?> type, String name, String neededFor) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("HSQLDB " + type.getName() + " has no field " + name + ": " + neededFor
                    + " needs HSQLDB 2.7", e);
        }
    }

    private static final Field STATE = field(org.hsqldb.Database.class, "dbState",
            "opening a pooled connection only while its database is online");

    /** True while {@code database} is open for work (not opening, closing or shut down). */
    static boolean online(org.hsqldb.Database database) {
        try {
            return STATE.getInt(database) == org.hsqldb.Database.DATABASE_ONLINE;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object read(Field field, Object from) {
        try {
            return field.get(from);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The characters of {@code s}, all below 0x80, as one byte each into {@code buffer} at {@code at} (which has the
     * room); returns the index after them.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) copies each char's low byte: exact here
    static int copyAscii(String s, byte[] buffer, int at) {
        s.getBytes(0, s.length(), buffer, at);
        return at + s.length();
    }
}
