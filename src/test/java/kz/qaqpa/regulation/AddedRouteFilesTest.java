package kz.qaqpa.regulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.scan.DefaultPackageScanResourceResolver;
import org.junit.jupiter.api.Test;

/**
 * review69 2: with the shipped settings (qaqpa.routes.extra empty) the start's {@link AddedRouteFiles#require} listed the
 * shipped route patterns, each a pass over the whole gateway jar (about 1.2 s of CPU each), though there is no addition
 * to compare them with. Failed before: "Expecting empty but was: [classpath:routes/templates/*.yaml, classpath:routes/*.yaml]".
 */
class AddedRouteFilesTest {
    @Test
    void withNoAddedRouteFileTheShippedPatternsAreNotListed() throws Exception {
        List<String> listed = new ArrayList<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            context.getCamelContextExtension().addContextPlugin(PackageScanResourceResolver.class,
                    new DefaultPackageScanResourceResolver() {
                        @Override
                        public Collection<Resource> findResources(String location, Predicate<String> filter)
                                throws Exception {
                            listed.add(location);
                            return super.findResources(location, filter);
                        }
                    });
            context.build();
            assertThat(context.getPropertiesComponent().resolveProperty(AddedRouteFiles.EXTRA)).as("shipped").hasValue("");

            AddedRouteFiles.require(context);
        }
        assertThat(listed).as("route patterns listed by a start that adds none").isEmpty();
    }
}
