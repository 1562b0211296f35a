package kz.qaqpa.regulation;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
        // shipped empty (review69 2): nothing to compare, and each listing is a pass over the whole jar
        if (added == null || added.isBlank()) {
            return;
        }
        List<String> loaded = List.of(context.getPropertiesComponent().resolveProperty(RouteFileOf.ROUTE_FILES)
                .orElse("").split(","));
        List<String> additions = List.of(added.split(","));
        List<RouteFile> loadedElsewhere = files(context, loaded.stream()
                .filter(pattern -> !pattern.isBlank() && !additions.contains(pattern)).toList());
        for (String pattern : additions) {
            if (!pattern.isBlank()) {
                requireLoadedOnce(pattern, Collections.frequency(loaded, pattern));
                List<RouteFile> found = files(context, List.of(pattern));
                // review65b: an optional pattern is one Camel takes finding nothing
                if (found.isEmpty() && !pattern.endsWith(OPTIONAL)) {
                    throw new IllegalStateException(EXTRA + " names " + pattern + ", which finds no route file");
                }
                requireNoneLoadedElsewhere(pattern, found, loadedElsewhere);
            }
        }
    }

    /** A route file a pattern finds: the first pattern finding it, where it is, its bytes and its routes' ids. */
    private record RouteFile(String pattern, String location, byte[] bytes, Set<String> routeIds) {
        String name() {
            return location.substring(location.lastIndexOf('/') + 1);
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
     * Lead, session 68 (regs67's Left): a file loaded again under another location (a deployment's copy of a shipped
     * file) is loaded twice by Camel, whose start then stops on "Duplicate route ids detected", naming no setting.
     * start69 (review68b 7): a copy is the same bytes, or a file giving a route an id another loaded file gives (an
     * edited or renamed copy: the same stop); a deployment's own file under a shipped file's name, its ids its own,
     * loads as Camel loads it.
     */
    private static void requireNoneLoadedElsewhere(String pattern, List<RouteFile> found, List<RouteFile> elsewhere) {
        for (RouteFile file : found) {
            for (RouteFile other : elsewhere) {
                if (Arrays.equals(file.bytes(), other.bytes())) {
                    throw new IllegalStateException(EXTRA + "'s " + pattern + " finds " + file.name() + ", which "
                            + RouteFileOf.ROUTE_FILES + "'s " + other.pattern() + " loads already"
                            + (file.name().equals(other.name()) ? "" : " as " + other.name()) + ": Camel would load"
                            + " its routes twice; name the deployment's own files only");
                }
                Optional<String> shared = file.routeIds().stream().filter(other.routeIds()::contains).findFirst();
                if (shared.isPresent()) {
                    throw new IllegalStateException(EXTRA + "'s " + pattern + " finds " + file.name() + ", whose"
                            + " route id " + shared.get() + " is also one of " + other.name() + "'s, which "
                            + RouteFileOf.ROUTE_FILES + "'s " + other.pattern() + " loads: Camel would stop on the"
                            + " duplicate route id; give the deployment's routes ids of their own");
                }
            }
        }
    }

    /** The files the patterns find (each with the first pattern finding it), looked for as Camel Main looks. */
    private static List<RouteFile> files(CamelContext context, List<String> patterns) {
        Map<String, RouteFile> files = new LinkedHashMap<>();
        for (String pattern : patterns) {
            // review65b: Camel Main strips the optional suffix before it looks
            String looked = pattern.endsWith(OPTIONAL) ? pattern.substring(0, pattern.length() - OPTIONAL.length())
                    : pattern;
            try {
                for (Resource file : PluginHelper.getPackageScanResourceResolver(context).findResources(looked)) {
                    if (file.exists() && !files.containsKey(file.getLocation())) {
                        files.put(file.getLocation(), read(pattern, file));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(RouteFileOf.ROUTE_FILES + " (with " + EXTRA + ")'s " + pattern
                        + " cannot be listed: " + e.getMessage(), e);
            }
        }
        return List.copyOf(files.values());
    }

    private static RouteFile read(String pattern, Resource file) throws java.io.IOException {
        try (java.io.InputStream in = file.getInputStream()) {
            byte[] bytes = in.readAllBytes();
            return new RouteFile(pattern, file.getLocation(), bytes, RouteFileIds.of(file.getLocation(), bytes));
        }
    }
}
