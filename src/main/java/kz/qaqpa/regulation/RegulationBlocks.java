package kz.qaqpa.regulation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import kz.qaqpa.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The blocks that several regulations share word for word (seed 004's State Corporation, portal and office
 * blocks, the provider's internal chain), served to the route templates as configuration keys
 * {@code block.<block>.<parameter>}: a templated route that names {@code block: <block>} takes every parameter it
 * does not set itself from the block (docs/regulations-004.md). A block file (YAML, UTF-8, on the classpath) maps
 * each block's name to its parameters. The files are found as the route files are: {@value #FILES} lists Camel
 * resource patterns ({@code classpath:regulation-blocks/*.yaml} ships), so a regulation's new block file is loaded
 * without a central edit. A block's {@value #EXTENDS} names a block whose parameters it takes where it sets none
 * itself (a channel's variant of the provider's chain).
 */
public final class RegulationBlocks implements PropertiesSource {
    private static final Logger LOG = LoggerFactory.getLogger(RegulationBlocks.class);
    public static final String PREFIX = "block.";
    /** The name this source is served under (the route flows read a block's value as its file writes it). */
    public static final String NAME = "regulation-blocks";
    public static final String EXTENDS = "extends";
    /** The key listing the block files' patterns (comma-separated, as camel.main.routes-include-pattern). */
    public static final String FILES = "qaqpa.regulation.blocks";
    private static final int MAX_DEPTH = 5;
    private final Map<String, String> values = new HashMap<>();
    /** The file each block is written in (named where a block's key is refused). */
    private final Map<String, String> files = new HashMap<>();
    private final Map<String, Set<String>> own = new HashMap<>();

    /** @param files each a map of block name to a map of template parameter to value */
    public RegulationBlocks(List<Resource> files) {
        Map<String, String> parents = new HashMap<>();
        for (Resource file : files) {
            read(file, parents);
        }
        parents.forEach((block, parent) -> inherit(block, parent, 0));
    }

    /** Copies the parent's parameters the block does not set (a parent may extend another, a few levels deep). */
    private void inherit(String block, String parent, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("block " + block + " extends blocks in a circle");
        }
        String parentPrefix = PREFIX + parent + ".";
        String grandParent = values.get(parentPrefix + EXTENDS);
        if (grandParent != null) {
            inherit(parent, grandParent, depth + 1);
        }
        boolean found = false;
        for (Map.Entry<String, String> e : Map.copyOf(values).entrySet()) {
            if (e.getKey().startsWith(parentPrefix)) {
                found = true;
                values.putIfAbsent(PREFIX + block + "." + e.getKey().substring(parentPrefix.length()), e.getValue());
            }
        }
        if (!found) {
            throw new IllegalStateException("block " + block + " extends " + parent + ", which no block file defines");
        }
    }

    /**
     * Serves the blocks of the files {@value #FILES} and its additive form find to the context's route templates;
     * called before the route files load (the gateway, the diagram generator, the route-file checks).
     */
    public static void register(CamelContext context) {
        Settings settings = Settings.of(context);
        List<String> shipped = settings.list(FILES, Settings.Empty.NONE);
        List<String> all = settings.listWithExtra(FILES, Settings.Empty.NONE);
        // by URL: a directory two class loaders both see is found twice
        Map<String, Resource> files = new TreeMap<>();
        // the key and pattern that found each file, named where an added pattern finds it again
        Map<String, String> foundBy = new HashMap<>();
        for (String pattern : shipped) {
            find(context, pattern, FILES).forEach((url, file) -> {
                files.putIfAbsent(url, file);
                foundBy.putIfAbsent(url, FILES + "'s " + pattern);
            });
        }
        // regs66: a regulation's own block file named once, after the shipped ones (README, Configuration)
        for (String pattern : all.subList(shipped.size(), all.size())) {
            find(context, pattern, FILES + Settings.EXTRA).forEach((url, file) -> {
                if (files.putIfAbsent(url, file) == null) {
                    foundBy.put(url, FILES + Settings.EXTRA + "'s " + pattern);
                } else {
                    warnOfAFileLoadedAlready(pattern, file, foundBy.get(url));
                }
            });
        }
        context.getPropertiesComponent().addPropertiesSource(new RegulationBlocks(List.copyOf(files.values())));
    }

    /**
     * review66b R2: an added pattern finding a file loaded already (after an upgrade that ships the deployment's block
     * file under the same name) is taken once with a WARN, as an additive list's repeated item is (Settings
     * .listWithExtra, lead, session 65): refusing the start for it would stop a gateway the upgrade left able to serve.
     * The file is read once, so its blocks are not "defined twice".
     */
    private static void warnOfAFileLoadedAlready(String pattern, Resource file, String loadedBy) {
        LOG.warn("{}{} names {}, which finds {}, a file {} loads already: taken once; the additive form names only what"
                + " it adds (README, Configuration)", FILES, Settings.EXTRA, pattern, file.getLocation(), loadedBy);
    }

    /** The files {@code pattern} finds by URL; a pattern that finds none is a mistake ({@code key} names it). */
    private static Map<String, Resource> find(CamelContext context, String pattern, String key) {
        Collection<Resource> found;
        try {
            found = PluginHelper.getPackageScanResourceResolver(context).findResources(pattern);
        } catch (Exception e) {
            throw new IllegalStateException("regulation block files " + pattern + " (" + key + ") cannot be listed: "
                    + e.getMessage(), e);
        }
        Map<String, Resource> files = new TreeMap<>();
        found.stream().filter(Resource::exists).forEach(r -> files.putIfAbsent(where(r), r));
        if (files.isEmpty()) {
            throw new IllegalStateException("no regulation block file " + pattern + " (" + key + ")");
        }
        return files;
    }

    /**
     * Where a file is: its URL, as one file is found under two locations ({@code classpath:x/a.yaml} named, {@code
     * file:/.../x/a.yaml} by a wildcard); its location where it has none.
     */
    private static String where(Resource file) {
        String location = file.getLocation();
        // a wildcard's file inside a jar: location file:/.../x.jar!/dir/a.yaml, URL the directory's; the same file
        // named exactly: URL jar:file:/.../x.jar!/dir/a.yaml. One key for both (review67 2)
        if (location.startsWith("file:") && location.contains("!/")) {
            return "jar:" + location;
        }
        String name = location.substring(location.lastIndexOf('/') + 1);
        try {
            java.net.URL url = file.getURL();
            // a file found inside a jar may give the jar's URL, the same for every file: its location then (lead)
            return url != null && url.toExternalForm().endsWith("/" + name) ? url.toExternalForm() : location;
        } catch (java.net.MalformedURLException e) {
            return location;
        }
    }

    /** The parameters {@code block} sets itself (not those it takes from the block it extends). */
    public Set<String> ownParameters(String block) {
        return own.getOrDefault(block, Set.of());
    }

    /**
     * {@code block} and the blocks it extends, nearest first: each takes the parameters it does not set from the next
     * (regs65: the one walk of the chain, which the checks of a block's keys read).
     */
    public List<String> lineage(String block) {
        List<String> lineage = new ArrayList<>();
        for (String b = block; b != null && lineage.size() <= MAX_DEPTH; b = values.get(PREFIX + b + "." + EXTENDS)) {
            lineage.add(b);
        }
        return lineage;
    }

    /** The file that defines {@code block}, or null. */
    public String fileOf(String block) {
        return files.get(block);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getProperty(String name) {
        return values.get(name);
    }

    private void read(Resource resource, Map<String, String> parents) {
        String file = resource.getLocation();
        try (InputStream in = resource.getInputStream()) {
            Object root = new Load(LoadSettings.builder().setLabel(file).build()).loadFromInputStream(in);
            if (!(root instanceof Map<?, ?> blocks)) {
                throw new IllegalStateException(file + " must map block names to their parameters");
            }
            blocks.forEach((block, parameters) -> {
                if (!(parameters instanceof Map<?, ?> map)) {
                    throw new IllegalStateException(file + ": block " + block + " must map parameters to values");
                }
                String other = files.put(String.valueOf(block), file);
                if (other != null) {
                    throw new IllegalStateException(file + ": block " + block + " is defined in " + other
                            + " already (" + FILES + ", with its " + Settings.EXTRA + "): one file defines a block;"
                            + " a regulation's own block takes a name of its own");
                }
                if (map.get(EXTENDS) != null) {
                    parents.put(String.valueOf(block), String.valueOf(map.get(EXTENDS)));
                }
                map.forEach((parameter, value) -> {
                    own.computeIfAbsent(String.valueOf(block), b -> new TreeSet<>())
                            .add(String.valueOf(parameter));
                    String key = PREFIX + block + "." + parameter;
                    if (values.putIfAbsent(key, value == null ? "" : String.valueOf(value)) != null) {
                        throw new IllegalStateException(file + ": " + key + " is defined twice");
                    }
                });
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
