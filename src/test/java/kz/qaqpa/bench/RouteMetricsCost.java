package kz.qaqpa.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * What Camel's micrometer route policy costs an exchange on this thread, in CPU time and allocated bytes, as the
 * gateway configures it ({@code GatewayConfiguration.measureRoutes}: the factory's defaults, a Prometheus registry):
 * one direct route that does nothing, sent to with and without the policy, round by round in one JVM; and beside it
 * the policy's {@code String.format} (perf66's profile: 1.3-1.5%) alone, six a route an exchange, against the same key
 * joined with {@code +}. The format makes the key the policy keeps each exchange's timer sample under
 * ({@code MetricsStatistics.propertyName}: {@code camel.route.policy-<route>-<exchange id>}), not a metric's name
 * (perf68).
 *
 * <p>Not a test and not the benchmark: a main for an A/B, as {@link XmlSignatureCost} is.
 * <pre>java -cp target/classes:target/test-classes:target/qaqpa-0.1.0-SNAPSHOT-all.jar \
 *     kz.qaqpa.bench.RouteMetricsCost [rounds 60] [batch 5000]</pre>
 */
public final class RouteMetricsCost {
    private static final String ROUTE = "shep-sync";
    private static final String IN = "direct:in";
    /** The policy's context statistics and its route's, each one format at the begin and two at the end. */
    private static final int FORMATS_A_ROUTE = 6;

    private RouteMetricsCost() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        Map<String, XmlSignatureCost.Batch> work = new LinkedHashMap<>();
        try (CamelContext bare = context(false); CamelContext measured = context(true)) {
            work.put("an exchange, no route policy", sending(bare.createProducerTemplate()));
            work.put("an exchange, the micrometer route policy", sending(measured.createProducerTemplate()));
            work.put(FORMATS_A_ROUTE + " keys by String.format (the policy's)", keys(true));
            work.put(FORMATS_A_ROUTE + " keys by +", keys(false));
            System.out.printf("one route through direct:, %d rounds of %d, the first third warm-up%n", rounds, batch);
            Map<String, List<XmlSignatureCost.Window>> windows = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, XmlSignatureCost.Batch> one : work.entrySet()) {
                    List<XmlSignatureCost.Window> measuredOnce = XmlSignatureCost.measure(1, batch, one.getValue(), 0);
                    if (round >= rounds / 3) {
                        windows.computeIfAbsent(one.getKey(), k -> new ArrayList<>()).addAll(measuredOnce);
                    }
                }
            }
            windows.forEach(XmlSignatureCost::report);
        }
    }

    private static CamelContext context(boolean metrics) throws Exception {
        CamelContext context = new DefaultCamelContext();
        if (metrics) {
            MicrometerRoutePolicyFactory routeMetrics = new MicrometerRoutePolicyFactory();
            routeMetrics.setMeterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            context.addRoutePolicyFactory(routeMetrics);
        }
        // a lambda, not a RouteBuilder class: the gateway's classpath scan of kz.qaqpa would start one it found
        RouteBuilder.addRoutes(context, routes -> routes.from(IN).routeId(ROUTE).process(exchange -> { }));
        context.start();
        return context;
    }

    private static XmlSignatureCost.Batch sending(ProducerTemplate template) {
        return new XmlSignatureCost.Batch() {
            private int count;

            @Override
            public void prepare(int batch) {
                count = batch;
            }

            @Override
            public void run() {
                for (int i = 0; i < count; i++) {
                    template.sendBody(IN, "x");
                }
            }
        };
    }

    /** The policy's keys for a batch of exchange ids made beforehand, by its format or by {@code +}. */
    private static XmlSignatureCost.Batch keys(boolean format) {
        List<String> ids = new ArrayList<>();
        return new XmlSignatureCost.Batch() {
            private int length;

            @Override
            public void prepare(int batch) {
                ids.clear();
                for (int i = 0; i < batch; i++) {
                    ids.add(UUID.randomUUID().toString());
                }
            }

            @Override
            public void run() throws GeneralSecurityException {
                for (String id : ids) {
                    for (int k = 0; k < FORMATS_A_ROUTE; k++) {
                        String key = format ? String.format("%s-%s-%s", "camel.route.policy", ROUTE, id)
                                : "camel.route.policy" + "-" + ROUTE + "-" + id;
                        length += key.length(); // kept, so the JIT cannot drop the work
                    }
                }
                if (length == 0) {
                    throw new GeneralSecurityException("no keys made");
                }
            }
        };
    }
}
