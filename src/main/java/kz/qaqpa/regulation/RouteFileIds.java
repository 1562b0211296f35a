package kz.qaqpa.regulation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The ids a YAML route file gives its routes, read before Camel loads it: a {@code route}'s {@code id} and a
 * {@code templatedRoute}'s {@code routeId}, in the file's order. Two loaded files giving one id stop Camel's start on
 * "Duplicate route ids detected", which names no file.
 */
final class RouteFileIds {
    private RouteFileIds() {
    }

    /** The ids, or none for a file that does not read as a list of routes (Camel's own refusal names it). */
    static Set<String> of(String label, byte[] yaml) {
        Set<String> ids = new LinkedHashSet<>();
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(label).build()).loadFromString(
                    new String(yaml, java.nio.charset.StandardCharsets.UTF_8));
        } catch (YamlEngineException unreadable) {
            return ids;
        }
        if (root instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> entry) {
                    add(ids, entry.get("route"), "id");
                    add(ids, entry.get("templatedRoute"), "routeId");
                }
            }
        }
        return ids;
    }

    private static void add(Set<String> ids, Object route, String key) {
        if (route instanceof Map<?, ?> fields && fields.get(key) != null) {
            ids.add(String.valueOf(fields.get(key)));
        }
    }
}
