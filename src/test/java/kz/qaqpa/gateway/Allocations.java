package kz.qaqpa.gateway;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/** Bytes the threads of this JVM allocate (gateway and test alike: they share the JVM). */
final class Allocations {
    private Allocations() {
    }

    /** Allocated by every thread while {@code work} ran (a thread started meanwhile counts from zero). */
    static long during(Runnable work) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> before = allocated(threads);
        work.run();
        long total = 0;
        for (Map.Entry<Long, Long> after : allocated(threads).entrySet()) {
            total += after.getValue() - before.getOrDefault(after.getKey(), 0L);
        }
        return total;
    }

    private static Map<Long, Long> allocated(com.sun.management.ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }
}
