package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared blocks are found as the route files are (qaqpa.regulation.blocks, a resource pattern): a new
 * regulation's block file on the class path is served with no edit of application.properties (session 27: every new
 * regulation edited one long line listing them all), and one that is no map of blocks still fails.
 */
class RegulationBlocksTest {
    @TempDir
    Path classes;

    @Test
    void aBlockFileAddedToTheClassPathIsServedWithNoCentralEdit() throws Exception {
        write("zz-new-regulation.yaml", "zz-new-office:\n  channel: \"ZHAO\"\n");
        try (DefaultCamelContext context = withBlocks()) {
            assertThat(context.resolvePropertyPlaceholders("{{block.zz-new-office.channel}}")).isEqualTo("ZHAO");
            assertThat(context.resolvePropertyPlaceholders("{{block.astana-2012-archival-zhao.channel}}"))
                    .as("the shipped blocks too").isEqualTo("ZHAO");
        }
    }

    @Test
    void aBlockFileThatIsNoMapOfBlocksFails() throws Exception {
        write("zz-broken.yaml", "- channel: ZHAO\n");
        assertThatThrownBy(this::withBlocks).hasMessageContaining("zz-broken.yaml must map block names to their parameters");
    }

    /**
     * reg48a/reg48d: a block value may name a parameter of the route that uses it (docs/regulations-004.md, the ЦОН's
     * {{refusalReceiptAppendix}}); Camel resolves it so, but the route's flow, which the plan reads, kept the block's
     * key for the norm ({@code {{block.<block>.stepNorm:}}}) and every application failed at its intake. Now the flow
     * reads the route's own value, and the start's check of the steps' terms passes it.
     */
    @Test
    void aBlockValueNamingARouteParameterIsReadWithTheRoutesValue() throws Exception {
        write("zz-chain.yaml", "zz-chain:\n  stepNorm: \"{{chainNorm}}\"\n");
        try (DefaultCamelContext context = withBlocks()) {
            org.apache.camel.support.PluginHelper.getRoutesLoader(context).loadRoutes(
                    org.apache.camel.support.ResourceHelper.fromString("block-norm.yaml", """
                            - routeTemplate:
                                id: block-norm-template
                                parameters:
                                  - name: block
                                  - name: chainNorm
                                  - name: stepNorm
                                    defaultValue: "{{block.{{block}}.stepNorm:}}"
                                route:
                                  description: A step whose norm a block gives
                                  from:
                                    uri: direct:block-norm
                                    steps:
                                      - step:
                                          id: provider-action-2
                                          steps:
                                            - setVariable: {name: norm, constant: "{{stepNorm}}"}
                            - templatedRoute:
                                routeTemplateRef: block-norm-template
                                routeId: block-norm
                                parameters:
                                  - {name: block, value: zz-chain}
                                  - {name: chainNorm, value: "2 working-days"}
                            """));
            java.util.List<kz.qaqpa.catalogue.RouteFlow> flows = kz.qaqpa.catalogue.RouteFlows.readAll(context);
            assertThat(flows).singleElement().satisfies(flow -> assertThat(flow.steps()).singleElement()
                    .extracting(kz.qaqpa.catalogue.RouteFlow.Step::norm).isEqualTo("2 working-days"));
            StepTerms.require(flows);
        }
    }

    private void write(String name, String yaml) throws IOException {
        Path file = classes.resolve("regulation-blocks").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
    }

    /**
     * A context of the gateway's application.properties whose blocks are registered with {@link #classes} on the
     * class path, as a regulation's new file in src/main/resources would be.
     */
    private DefaultCamelContext withBlocks() throws IOException {
        return registeredWith(List.of(classes), p -> p.setLocation("classpath:application.properties"));
    }

    /**
     * A context whose blocks are registered with {@code classPath} (directories or jars) on the class path and the
     * settings {@code settings} gives its properties (BlockFilesInAJarTest's too).
     */
    static DefaultCamelContext registeredWith(List<Path> classPath,
                                              java.util.function.Consumer<PropertiesComponent> settings)
            throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        URL[] urls = new URL[classPath.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = classPath.get(i).toUri().toURL();
        }
        try (URLClassLoader loader = new URLClassLoader(urls, before)) {
            thread.setContextClassLoader(loader);
            DefaultCamelContext context = new DefaultCamelContext();
            try {
                settings.accept(context.getPropertiesComponent());
                RegulationBlocks.register(context);
                return context;
            } catch (RuntimeException e) {
                context.close();
                throw e;
            }
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
