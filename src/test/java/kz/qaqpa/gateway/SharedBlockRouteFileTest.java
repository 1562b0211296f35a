package kz.qaqpa.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * review65 finding 2: regs64's block-key check held every key of the block a route names to that route's template.
 * A checker's one block for its ЦОН channel, holding both the intake's and the provider chain's parameters and named
 * by the channel's intake and progress routes, loaded on 1ca6c4b4 and was refused at the start on 0e6084b4 (its
 * "true" case failed). A key no template declares stays refused (RouteFilesTest, StartRefusalTest). Control: the same
 * block holding only intake keys.
 */
class SharedBlockRouteFileTest {
    @ParameterizedTest(name = "one block for both templates: {0}")
    @ValueSource(booleans = {false, true})
    void aChannelsOneBlockForItsIntakeAndItsProgressPassesTheStartsChecks(boolean shared, @TempDir Path dir)
            throws Exception {
        Path blocks = Files.writeString(dir.resolve("own-blocks.yaml"), """
                own-con:
                  extends: almaty-2015-family-con
                  requiredDocuments: "identityDocument,guardianshipOrder,childBirthCertificate"
                %s""".formatted(shared ? """
                  inWorkNorm: "2 hours"
                  chain1Norm: "3 working-days"
                """ : ""));
        Path route = Files.writeString(dir.resolve("own-block.yaml"), """
                - templatedRoute:
                    routeTemplateRef: application-intake
                    routeId: own-block-certificates-con
                    parameters:
                      - {name: routeId, value: own-block-certificates-con}
                      - {name: block, value: own-con}
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addOverrideProperty(kz.qaqpa.regulation.RegulationBlocks.FILES,
                    "classpath:regulation-blocks/*.yaml,file:" + blocks);
            RouteFilesTest.loadWithTheTemplates(context, route);
            kz.qaqpa.regulation.TemplateParameters.require(context);
        }
    }
}
