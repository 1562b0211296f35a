package kz.qaqpa.regulation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.spi.PropertiesSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The blocks that several regulations share word for word (seed 004's State Corporation, portal and office
 * blocks, the provider's internal chain), served to the route templates as configuration keys
 * {@code block.<block>.<parameter>}: a templated route that names {@code block: <block>} takes every parameter it
 * does not set itself from the block (docs/regulations-004.md). A block file (YAML, UTF-8, on the classpath) maps
 * each block's name to its parameters; files are listed in {@code qaqpa.regulation.blocks}. A block's
 * {@value #EXTENDS} names a block whose parameters it takes where it sets none itself (a channel's variant of the
 * provider's chain).
 */
public final class RegulationBlocks implements PropertiesSource {
    public static final String PREFIX = "block.";
    public static final String EXTENDS = "extends";
    /** The configuration key listing the block files. */
    public static final String FILES = "qaqpa.regulation.blocks";
    private static final int MAX_DEPTH = 5;
    private final Map<String, String> values = new HashMap<>();

    /** @param files classpath resources, each a map of block name to a map of template parameter to value */
    public RegulationBlocks(List<String> files) {
        Map<String, String> parents = new HashMap<>();
        for (String file : files) {
            read(file.trim(), parents);
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
     * Serves the blocks of the configured files ({@value #FILES}) to the context's route templates; called before
     * the route files load (the gateway, the diagram generator, the route-file checks).
     */
    public static void register(org.apache.camel.CamelContext context) {
        String files = context.getPropertiesComponent().resolveProperty(FILES).orElse("");
        context.getPropertiesComponent().addPropertiesSource(new RegulationBlocks(List.of(
                context.resolvePropertyPlaceholders(files).split(","))));
    }

    @Override
    public String getName() {
        return "regulation-blocks";
    }

    @Override
    public String getProperty(String name) {
        return values.get(name);
    }

    private void read(String file, Map<String, String> parents) {
        if (file.isEmpty()) {
            return;
        }
        try (InputStream in = RegulationBlocks.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("no regulation block file " + file + " on the classpath");
            }
            Object root = new Load(LoadSettings.builder().setLabel(file).build()).loadFromInputStream(in);
            if (!(root instanceof Map<?, ?> blocks)) {
                throw new IllegalStateException(file + " must map block names to their parameters");
            }
            blocks.forEach((block, parameters) -> {
                if (!(parameters instanceof Map<?, ?> map)) {
                    throw new IllegalStateException(file + ": block " + block + " must map parameters to values");
                }
                if (map.get(EXTENDS) != null) {
                    parents.put(String.valueOf(block), String.valueOf(map.get(EXTENDS)));
                }
                map.forEach((parameter, value) -> {
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
