package kz.qaqpa.regulation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The file a route is written in, for a refusal to name. Camel keeps the file of a route a file writes out, but none
 * for a route made from a template (the YAML loader does not pass its {@code templatedRoute}'s resource on): that one
 * is the loaded route file ({@value #ROUTE_FILES}) whose {@code templatedRoute} gives it its id ({@code routeId: R}).
 */
public final class RouteFileOf {
    /** The setting listing the route files the gateway loads (Camel resource patterns, comma-separated). */
    public static final String ROUTE_FILES = "camel.main.routes-include-pattern";

    private RouteFileOf() {
    }

    /** " (file F)" for a refusal's line, or "" where no loaded file names the route. */
    public static String named(CamelContext context, RouteDefinition route) {
        return of(context, route).map(file -> " (file " + file + ")").orElse("");
    }

    public static Optional<String> of(CamelContext context, RouteDefinition route) {
        if (route == null) {
            return Optional.empty();
        }
        if (route.getResource() != null && route.getResource().getLocation() != null) {
            return Optional.of(route.getResource().getLocation());
        }
        Pattern givesTheId = Pattern.compile("(?m)^\\s*(-\\s*)?routeId:\\s*[\"']?" + Pattern.quote(route.getRouteId())
                + "[\"']?\\s*$");
        String patterns = context.getPropertiesComponent().resolveProperty(ROUTE_FILES).orElse("");
        for (String pattern : patterns.split(",")) {
            Optional<String> file = pattern.isBlank() ? Optional.empty() : find(context, pattern.trim(), givesTheId);
            if (file.isPresent()) {
                return file;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> find(CamelContext context, String pattern, Pattern givesTheId) {
        try {
            for (Resource file : PluginHelper.getPackageScanResourceResolver(context).findResources(pattern)) {
                if (file.exists() && givesTheId.matcher(text(file)).find()) {
                    return Optional.of(file.getLocation());
                }
            }
        } catch (Exception unreadable) {
            // the route's own refusal is what the line is for: a file that cannot be read now is left unnamed
        }
        return Optional.empty();
    }

    private static String text(Resource file) throws IOException {
        try (InputStream in = file.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
