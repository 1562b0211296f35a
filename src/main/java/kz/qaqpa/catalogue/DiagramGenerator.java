package kz.qaqpa.catalogue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kz.qaqpa.monitoring.JavaLogging;
import kz.qaqpa.registry.ServiceRegistry;
import kz.qaqpa.regulation.RegulationBlocks;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Writes docs/diagrams/&lt;route-id&gt;.md for every registered service whose routes have regulation steps, from
 * the route files of a working copy (the templates first, as camel-main loads them) and the services of
 * application.properties. Nothing is started: Camel only loads the routes into its model.
 *
 * <pre>java -cp target/qaqpa-0.1.0-SNAPSHOT-all.jar kz.qaqpa.catalogue.DiagramGenerator [routes-dir] [diagrams-dir]</pre>
 */
public final class DiagramGenerator {
    public static final Path ROUTES = Path.of("routes");
    public static final Path DIAGRAMS = Path.of("docs", "diagrams");

    private DiagramGenerator() {
    }

    public static void main(String[] args) throws Exception {
        JavaLogging.throughSlf4j(); // as the gateway and the log verifier: any JUL line in logback's format
        Path routes = args.length > 0 ? Path.of(args[0]) : ROUTES;
        Path diagrams = args.length > 1 ? Path.of(args[1]) : DIAGRAMS;
        Files.createDirectories(diagrams);
        for (Map.Entry<String, String> d : generate(routes).entrySet()) {
            Path file = diagrams.resolve(fileName(d.getKey()));
            Files.writeString(file, d.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + file);
        }
    }

    /** The file a regulation's diagram lives in, named after its main route. */
    public static String fileName(String routeId) {
        return routeId + ".md";
    }

    /** Main route id to its diagram, for every service with regulation steps. */
    public static Map<String, String> generate(Path routesDir) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            RegulationBlocks.register(context);
            PluginHelper.getRoutesLoader(context).loadRoutes(routeFiles(context, routesDir));
            ServiceRegistry services = ServiceRegistry.fromProperties(
                    key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
            Map<String, String> diagrams = new LinkedHashMap<>();
            for (ServiceEntry entry : new ServiceCatalogue(context, services).entries()) {
                if (entry.routes().stream().anyMatch(r -> !r.steps().isEmpty())) {
                    diagrams.put(entry.route(), RegulationDiagram.of(entry));
                }
            }
            return diagrams;
        }
    }

    /** The route files, templates first (camel.main.routes-include-pattern loads them first too). */
    private static List<Resource> routeFiles(DefaultCamelContext context, Path dir) throws IOException {
        List<Path> templates = new ArrayList<>();
        List<Path> routes = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.filter(p -> p.toString().endsWith(".yaml")).sorted()
                    .forEach(p -> (p.getParent().endsWith("templates") ? templates : routes).add(p));
        }
        List<Resource> files = new ArrayList<>();
        Stream.concat(templates.stream(), routes.stream())
                .forEach(p -> files.add(ResourceHelper.resolveResource(context, "file:" + p)));
        return files;
    }
}
