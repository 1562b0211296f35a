package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * The norms a service's steps carry on one channel, and the descriptions citing their paragraphs, as the running
 * gateway's catalogue (GET /catalogue/{serviceId}) publishes them: the regulation tests check them against the text.
 */
final class PublishedNorms {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PublishedNorms() {
    }

    /** The channel's routes (intake, progress) by route id, each its step ids in order with their norm (null: none). */
    static Map<String, Map<String, String>> of(GatewayHarness gateway, String serviceId, String channel) {
        return steps(gateway, serviceId, channel, step -> {
            JsonObject norm = (JsonObject) step.get("norm");
            return norm == null ? null : norm.getString("text");
        });
    }

    /** The same routes and steps with the description each step publishes (the paragraphs it cites). */
    static Map<String, Map<String, String>> descriptions(GatewayHarness gateway, String serviceId, String channel) {
        return steps(gateway, serviceId, channel, step -> step.getString("description"));
    }

    /** The catalogue's entry of {@code serviceId}, as GET /catalogue/{serviceId} gives it. */
    static JsonObject service(GatewayHarness gateway, String serviceId) {
        return get(gateway, "/catalogue/" + serviceId);
    }

    private static Map<String, Map<String, String>> steps(GatewayHarness gateway, String serviceId, String channel,
                                                          java.util.function.Function<JsonObject, String> fact) {
        JsonObject service = service(gateway, serviceId);
        JsonObject found = ((JsonArray) service.get("channels")).stream().map(JsonObject.class::cast)
                .filter(c -> channel.equals(c.getString("channel"))).findFirst()
                .orElseThrow(() -> new AssertionError("no channel " + channel + " in the catalogue of " + serviceId));
        Map<String, Map<String, String>> routes = new LinkedHashMap<>();
        for (Object r : (JsonArray) found.get("routes")) {
            JsonObject route = (JsonObject) r;
            Map<String, String> steps = new LinkedHashMap<>();
            for (Object s : (JsonArray) route.get("steps")) {
                JsonObject step = (JsonObject) s;
                steps.put(step.getString("id"), fact.apply(step));
            }
            routes.put(route.getString("id"), steps);
        }
        return routes;
    }

    private static JsonObject get(GatewayHarness gateway, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + gateway.property("qaqpa.http.port") + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
            return (JsonObject) Jsoner.deserialize(response.body());
        } catch (java.io.IOException | org.apache.camel.util.json.DeserializationException e) {
            throw new AssertionError("GET " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("GET " + path, e);
        }
    }
}
