package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import kz.qaqpa.gateway.LogLines;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block files found inside a jar, as the shipped qaqpa-0.1.0-SNAPSHOT-all.jar finds them, against the same files in a
 * directory, as every other test finds them (RegulationBlocks.where; review67's scratch cases made real by the lead).
 * Each case builds its jars in a temporary directory and registers the blocks in a plain Camel context over them
 * (RegulationBlocksTest's way).
 */
class BlockFilesInAJarTest {
    @TempDir
    Path dir;

    /** Two block files in one jar: each is served (before 4abacce7 one was kept, the jar's URL being both's). */
    @Test
    void twoBlockFilesOfAJarAreBothServed() throws Exception {
        Path jar = jar("a.jar", Map.of("zz-jar-blocks/zz-a.yaml", "zz-a:\n  channel: \"A\"\n",
                "zz-jar-blocks/zz-b.yaml", "zz-b:\n  channel: \"B\"\n"));
        try (DefaultCamelContext context = withBlocks(List.of(jar), "classpath:zz-jar-blocks/*.yaml", null)) {
            assertThat(context.resolvePropertyPlaceholders("{{block.zz-a.channel}}")).isEqualTo("A");
            assertThat(context.resolvePropertyPlaceholders("{{block.zz-b.channel}}")).isEqualTo("B");
        }
    }

    /**
     * review67 2: the additive form naming a file the list's wildcard loads already is taken once with the same WARN
     * from a jar as from a directory. Before, inside a jar the wildcard's file was keyed by its location ({@code
     * file:/...x.jar!/path}) and the named one by its URL ({@code jar:file:/...x.jar!/path}), so both were read and
     * the start refused "block zz-a is defined in ... already".
     */
    @Test
    void aFileTheListLoadsNamedAgainIsTakenOnceFromAJarAsFromADirectory() throws Exception {
        Map<String, String> files = Map.of("zz-jar-blocks/zz-a.yaml", "zz-a:\n  channel: \"A\"\n");
        for (Path entry : List.of(directory("classes", files), jar("a.jar", files))) {
            try (LogLines log = new LogLines();
                 DefaultCamelContext context = withBlocks(List.of(entry), "classpath:zz-jar-blocks/*.yaml",
                         "classpath:zz-jar-blocks/zz-a.yaml")) {
                assertThat(context.resolvePropertyPlaceholders("{{block.zz-a.channel}}")).as(entry.toString())
                        .isEqualTo("A");
                assertThat(log.containing("names classpath:zz-jar-blocks/zz-a.yaml, which finds ")).as(entry.toString())
                        .singleElement().asString().contains("loads already: taken once");
            }
        }
    }

    /**
     * One path in two jars, each defining its own block, is read from each (a jar's file is keyed by the jar it is
     * in), as from two directories.
     */
    @Test
    void oneFileNameInTwoJarsIsReadFromEach() throws Exception {
        Path jarOne = jar("one.jar", Map.of("zz-jar-blocks/zz-same.yaml", "zz-one:\n  channel: \"ONE\"\n"));
        Path jarTwo = jar("two.jar", Map.of("zz-jar-blocks/zz-same.yaml", "zz-two:\n  channel: \"TWO\"\n"));
        try (DefaultCamelContext context = withBlocks(List.of(jarOne, jarTwo), "classpath:zz-jar-blocks/*.yaml",
                null)) {
            assertThat(served(context, "zz-one")).isTrue();
            assertThat(served(context, "zz-two")).isTrue();
        }
    }

    private static boolean served(DefaultCamelContext context, String block) {
        return context.getPropertiesComponent().resolveProperty("block." + block + ".channel").isPresent();
    }

    private Path directory(String name, Map<String, String> files) throws IOException {
        Path root = dir.resolve(name);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        return root;
    }

    private Path jar(String name, Map<String, String> files) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry("zz-jar-blocks/"));
            zip.closeEntry();
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new JarEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }

    /** RegulationBlocksTest's context, {@code entries} on the class path, the two settings as given. */
    private static DefaultCamelContext withBlocks(List<Path> entries, String files, String extra) throws IOException {
        Properties overrides = new Properties();
        overrides.setProperty(RegulationBlocks.FILES, files);
        if (extra != null) {
            overrides.setProperty(RegulationBlocks.FILES + ".extra", extra);
        }
        return RegulationBlocksTest.registeredWith(entries, p -> p.setOverrideProperties(overrides));
    }
}
