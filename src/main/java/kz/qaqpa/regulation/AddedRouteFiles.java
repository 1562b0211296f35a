package kz.qaqpa.regulation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Refuses the start, naming the setting and the pattern, unless each added pattern is loaded, finds a file and finds
     * none the other patterns load already.
     */
    public static void require(CamelContext context) {
        Settings s = Settings.of(context);
        String added = s.getOrNull(EXTRA);
        if (added == null) {
            return;
        }
        List<String> loaded = List.of(context.getPropertiesComponent().resolveProperty(RouteFileOf.ROUTE_FILES)
                .orElse("").split(","));
        List<String> additions = List.of(added.split(","));
        Map<String, String> loadedElsewhere = fileNames(context, loaded.stream()
                .filter(pattern -> !pattern.isBlank() && !additions.contains(pattern)).toList());
        for (String pattern : additions) {
            if (!pattern.isBlank()) {
                requireLoadedOnce(pattern, Collections.frequency(loaded, pattern));
                List<String> found = fileNames(context, List.of(pattern)).keySet().stream().toList();
                // review65b: an optional pattern is one Camel takes finding nothing
                if (found.isEmpty() && !pattern.endsWith(OPTIONAL)) {
                    throw new IllegalStateException(EXTRA + " names " + pattern + ", which finds no route file");
                }
                requireNoneLoadedElsewhere(pattern, found, loadedElsewhere);
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

    /**
     * Lead, session 68 (regs67's Left): the same file found under two locations (a deployment's copy of a shipped file)
     * is loaded twice by Camel, whose start then stops on "Duplicate route ids detected", naming no setting.
     */
    private static void requireNoneLoadedElsewhere(String pattern, List<String> found, Map<String, String> elsewhere) {
        for (String file : found) {
            if (elsewhere.containsKey(file)) {
                throw new IllegalStateException(EXTRA + "'s " + pattern + " finds " + file + ", which "
                        + RouteFileOf.ROUTE_FILES + "'s " + elsewhere.get(file) + " loads already: Camel would load"
                        + " its routes twice; name the deployment's own files only");
            }
        }
    }

    /** The file names the patterns find (each with the first pattern finding it), looked for as Camel Main looks. */
    private static Map<String, String> fileNames(CamelContext context, List<String> patterns) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String pattern : patterns) {
            // review65b: Camel Main strips the optional suffix before it looks
            String looked = pattern.endsWith(OPTIONAL) ? pattern.substring(0, pattern.length() - OPTIONAL.length())
                    : pattern;
            try {
                PluginHelper.getPackageScanResourceResolver(context).findResources(looked).stream()
                        .filter(Resource::exists)
                        .forEach(file -> names.putIfAbsent(fileName(file.getLocation()), pattern));
            } catch (Exception e) {
                throw new IllegalStateException(RouteFileOf.ROUTE_FILES + " (with " + EXTRA + ")'s " + pattern
                        + " cannot be listed: " + e.getMessage(), e);
            }
        }
        return names;
    }

    private static String fileName(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
