package kz.qaqpa.gateway;

/**
 * review68 5: the regulation file of one templated progress route (template application-progress, block
 * almaty-2015-family-chain-con) that sets its norm under a name the case gives (regs63's misspelt {@code inWorkNrom},
 * or {@code inWorkNorm}) and, or not, its results' parameters: the fixture StartRefusalTest, RouteFilesTest and
 * RefusedStartStopsItsPartsTest each wrote out.
 */
final class ProgressRouteFile {
    private ProgressRouteFile() {
    }

    /** The file: route {@code routeId}, its norm set as {@code norm}, its results' parameters if {@code results}. */
    static String text(String routeId, String norm, boolean results) {
        return """
                - templatedRoute:
                    routeTemplateRef: application-progress
                    routeId: %s
                    parameters:
                      - {name: routeId, value: %s}
                      - {name: block, value: almaty-2015-family-chain-con}
                      - {name: %s, value: "1 working-days"}
                """.formatted(routeId, routeId, norm) + (results ? """
                      - {name: resultNorm, value: "1 working-days"}
                      - {name: resultDocuments, value: "guardianshipCertificate,documentRefusal"}
                """ : "");
    }
}
