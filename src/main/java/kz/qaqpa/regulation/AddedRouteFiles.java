package kz.qaqpa.regulation;

import java.util.Collections;
import java.util.List;
import kz.qaqpa.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

/**
 * The route files a deployment adds to the shipped ones (regs65): {@value #EXTRA}, Camel resource patterns that the
 * shipped {@value RouteFileOf#ROUTE_FILES} takes in by its placeholder, so that a deployment adding a regulation names
 * its file once instead of writing the shipped patterns again. Checked before the route files load: Camel reads a
 * pattern with a space beside its comma as an unknown scheme (its message names no setting), and a pattern that finds
 * no file, or the shipped setting written whole without the placeholder, would leave the regulation's routes out.
 */
public final class AddedRouteFiles {
    /** The additive form of the route files' patterns (comma-separated). */
    public static final String EXTRA = "qaqpa.routes.extra";
    /** Camel Main's suffix for a pattern that may find no file (RoutesConfigurer strips it before it looks). */
    private static final String OPTIONAL = "?optional=true";

    private AddedRouteFiles() {
    }

    /** Refuses the start, naming the setting and the pattern, unless each added pattern is loaded and finds a file. */
    public static void require(CamelContext context) {
        Settings s = Settings.of(context);
        String added = s.getOrNull(EXTRA);
        if (added == null) {
            return;
        }
        List<String> loaded = List.of(context.getPropertiesComponent().resolveProperty(RouteFileOf.ROUTE_FILES)
                .orElse("").split(","));
        for (String pattern : added.split(",")) {
            if (!pattern.isBlank()) {
                requireLoadedOnce(pattern, Collections.frequency(loaded, pattern));
                // review65b: an optional pattern is one Camel takes finding nothing; the check looks without the suffix
                if (!pattern.endsWith(OPTIONAL)) {
                    requireFindsAFile(context, pattern);
                }
            }
        }
    }

    private static void requireLoadedOnce(String pattern, int times) {
        if (!pattern.equals(pattern.strip())) {
            throw new IllegalStateException(EXTRA + " writes '" + pattern + "' with spaces: Camel reads each pattern"
                    + " as written, so separate them by commas alone");
        }
        if (times == 0) {
            throw new IllegalStateException(EXTRA + " names " + pattern + ", which " + RouteFileOf.ROUTE_FILES
                    + " does not load: written whole, it must keep {{" + EXTRA + "}} (as shipped) or name the pattern"
                    + " itself, with " + EXTRA + " left empty");
        }
        if (times > 1) {
            throw new IllegalStateException(EXTRA + " names " + pattern + ", which " + RouteFileOf.ROUTE_FILES
                    + " loads already: the additive form names only what it adds");
        }
    }

    private static void requireFindsAFile(CamelContext context, String pattern) {
        boolean found;
        try {
            found = PluginHelper.getPackageScanResourceResolver(context).findResources(pattern).stream()
                    .anyMatch(Resource::exists);
        } catch (Exception e) {
            throw new IllegalStateException(EXTRA + "'s " + pattern + " cannot be listed: " + e.getMessage(), e);
        }
        if (!found) {
            throw new IllegalStateException(EXTRA + " names " + pattern + ", which finds no route file");
        }
    }
}
