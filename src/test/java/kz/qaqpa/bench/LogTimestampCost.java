package kz.qaqpa.bench;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hsqldb.rowio.RowOutputTextLog;
import org.hsqldb.types.DateTimeType;
import org.hsqldb.types.TimestampData;
import org.hsqldb.types.Type;
import org.hsqldb.types.Types;

/**
 * What writing one TIMESTAMP WITH TIME ZONE into the store's text log costs on this thread, in CPU time and allocated
 * bytes: HSQLDB's own row output ({@code HsqlDateTime.getTimestampString}: its JVM-wide synchronized
 * {@code SimpleDateFormat}) against the store's ({@code PlainLogText}, its timestamps written by {@code LogTimestamps},
 * perf68), round by round in one JVM. The times are of the gateway's kind (now, microseconds, +5:00), one second apart.
 * Uncontended: the lock's wait, when other threads format under it, is not in these numbers.
 *
 * <p>Not a test and not the benchmark: a main for an A/B, as {@link XmlSignatureCost} is.
 * <pre>java -cp target/classes:target/test-classes:target/qaqpa-0.1.0-SNAPSHOT-all.jar \
 *     kz.qaqpa.bench.LogTimestampCost [rounds 60] [batch 10000]</pre>
 */
public final class LogTimestampCost {
    private static final int ZONE = 5 * 3600;
    private static final int SCALE = 6;

    private LogTimestampCost() {
    }

    public static void main(String[] args) throws GeneralSecurityException, ReflectiveOperationException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        DateTimeType type = Type.SQL_TIMESTAMP_WITH_TIME_ZONE.scale == SCALE ? Type.SQL_TIMESTAMP_WITH_TIME_ZONE
                : DateTimeType.getDateTimeType(Types.SQL_TIMESTAMP_WITH_TIME_ZONE, SCALE); // Type first, as HSQLDB does
        Map<String, RowOutputTextLog> writers = new LinkedHashMap<>();
        writers.put("HSQLDB's RowOutputTextLog", new RowOutputTextLog());
        writers.put("the store's PlainLogText", plainLogText());
        Map<String, List<XmlSignatureCost.Window>> windows = new LinkedHashMap<>();
        System.out.printf("a TIMESTAMP(%d) WITH TIME ZONE into the text log; %d rounds of %d, the first third warm-up%n",
                SCALE, rounds, batch);
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, RowOutputTextLog> writer : writers.entrySet()) {
                List<XmlSignatureCost.Window> one = XmlSignatureCost.measure(1, batch, writing(writer.getValue(), type), 0);
                if (round >= rounds / 3) {
                    windows.computeIfAbsent(writer.getKey(), k -> new ArrayList<>()).addAll(one);
                }
            }
        }
        windows.forEach(XmlSignatureCost::report);
    }

    /** The store's row output for its log, package-private in {@code kz.qaqpa.store}. */
    private static RowOutputTextLog plainLogText() throws ReflectiveOperationException {
        var made = Class.forName("kz.qaqpa.store.PlainLogText").getDeclaredConstructor();
        made.setAccessible(true);
        return (RowOutputTextLog) made.newInstance();
    }

    /** A batch of times from now on, a second apart, each written alone (the buffer emptied before). */
    private static XmlSignatureCost.Batch writing(RowOutputTextLog out, DateTimeType type) {
        List<TimestampData> times = new ArrayList<>();
        return new XmlSignatureCost.Batch() {
            @Override
            public void prepare(int batch) {
                times.clear();
                long now = System.currentTimeMillis() / 1000;
                for (int i = 0; i < batch; i++) {
                    times.add(new TimestampData(now + i, (i % 1_000_000) * 1_000, ZONE));
                }
            }

            @Override
            public void run() {
                for (TimestampData time : times) {
                    out.reset();
                    out.writeData(time, type);
                }
            }
        };
    }
}
