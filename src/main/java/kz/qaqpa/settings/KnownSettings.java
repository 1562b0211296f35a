package kz.qaqpa.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The qaqpa.* keys the gateway reads, derived from application.properties as shipped (the one list: every key the
 * code reads is there, ConfigurationFileTest), a registered sender's, service's, state system's or locality's keys
 * standing for any other id's. A key configured that is none of them is ignored by the gateway: the start warns on one
 * line naming it and the nearest known key (review40b: a misspelt key was silently ignored). Ours: a warning, not a
 * refusal, so that an operator's older file with a key since dropped still starts. The test suite's JVM switches are
 * named qaqpatest.* (ops42), so this list knows no test key: a qaqpa.* property given to a gateway is a setting or a
 * mistake.
 */
public final class KnownSettings {
    private static final Logger LOG = LoggerFactory.getLogger(KnownSettings.class);
    private static final String PREFIX = "qaqpa.";
    /** A segment that names an id (a sender, service, state system, КАТО code): any id stands there. */
    private static final Set<String> ID_AFTER = Set.of("sender", "service", "adapter", "locality");
    /** A status text's segment after its code names a channel (qaqpa.service.<id>.status-text.<code>.<channel>). */
    private static final String STATUS_TEXT = "status-text";
    private final Set<String> keys;
    private final List<Pattern> shapes = new ArrayList<>();
    private final List<Pattern> environmentShapes = new ArrayList<>();

    KnownSettings(Collection<String> shippedKeys) {
        keys = new TreeSet<>(shippedKeys);
        for (String key : keys) {
            List<String> segments = List.of(key.split("\\.", -1));
            shapes.add(shape(segments, false));
            environmentShapes.add(shape(segments, true));
            if (segments.size() > 1 && segments.get(segments.size() - 2).equals(STATUS_TEXT)) {
                List<String> perChannel = new ArrayList<>(segments);
                perChannel.add("*");
                shapes.add(shape(perChannel, false));
                environmentShapes.add(shape(perChannel, true));
            }
        }
    }

    public static KnownSettings shipped() {
        return new KnownSettings(Settings.shipped().stringPropertyNames());
    }

    /**
     * Warns, one line each, of the configured keys the gateway does not read: {@code configured} (the properties
     * files and -D), {@code environment} (QAQPA_* variables, as Camel maps them to keys).
     */
    public void warnOfUnknown(Collection<String> configured, Map<String, String> environment) {
        unknownKeys(configured).forEach(key -> LOG.warn("{} is not a setting the gateway reads and is ignored{}"
                + " (README, Configuration)", key, nearest(key).map(k -> ": did you mean " + k + "?").orElse("")));
        unknownEnvironment(environment.keySet()).forEach(name -> LOG.warn("environment variable {} names no setting the"
                + " gateway reads and is ignored{} (README, Configuration)", name, nearestEnvironment(name)
                .map(k -> ": did you mean " + Settings.environmentName(k) + " (" + k + ")?").orElse("")));
    }

    List<String> unknownKeys(Collection<String> configured) {
        return configured.stream().filter(k -> k.startsWith(PREFIX))
                .filter(k -> shapes.stream().noneMatch(p -> p.matcher(k).matches())).sorted().distinct().toList();
    }

    List<String> unknownEnvironment(Collection<String> names) {
        String prefix = Settings.environmentName(PREFIX);
        return names.stream().filter(n -> n.startsWith(prefix))
                .filter(n -> environmentShapes.stream().noneMatch(p -> p.matcher(n).matches())).sorted().toList();
    }

    /** The known key spelt most like {@code key}, if one is near enough to be what was meant. */
    Optional<String> nearest(String key) {
        return closest(key, k -> k);
    }

    private Optional<String> nearestEnvironment(String name) {
        return closest(name, Settings::environmentName);
    }

    private Optional<String> closest(String written, Function<String, String> spelling) {
        return keys.stream().filter(k -> distance(written, spelling.apply(k)) <= Math.max(3, written.length() / 4))
                .min(Comparator.comparingInt(k -> distance(written, spelling.apply(k))));
    }

    /** A key's shape: its segments literally, an id's segment as any id; for an environment name, as Camel maps it. */
    private static Pattern shape(List<String> segments, boolean environment) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            boolean id = segments.get(i).equals("*") || i > 0 && ID_AFTER.contains(segments.get(i - 1))
                    && i < segments.size() - 1;
            String separator = i == 0 ? "" : environment ? "_" : "\\.";
            String literal = environment ? Settings.environmentName(segments.get(i)) : segments.get(i);
            regex.append(separator).append(id ? (environment ? "[A-Z0-9_]+" : "[^.]+") : Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }

    /** Levenshtein's edit distance: letters inserted, deleted or replaced. */
    public static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
