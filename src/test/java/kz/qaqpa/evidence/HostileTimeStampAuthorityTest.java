package kz.qaqpa.evidence;

import static kz.qaqpa.evidence.HostileTimeStampAuthority.granted;
import static kz.qaqpa.evidence.HostileTimeStampAuthority.reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import kz.qaqpa.gateway.GatewayHarness;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.store.ChainStamps;
import kz.qaqpa.trust.KeyMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The message log's time-stamping authority broken or hostile, one way per case (X-Road test-case style): each answer
 * must leave the gateway serving with its threads and memory bounded (the call's timeout, the reply's 256 KiB), the
 * token refused and not kept, and health's {@code logTimestamps} saying why. Last, the genuine authority's stamp is
 * kept and the log verifies with it: nothing a hostile answer left behind spoils the verification.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileTimeStampAuthorityTest {
    private static final HostileTimeStampAuthority AUTHORITY = authority();
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass()
            .with("qaqpa.log.timestamp.url", AUTHORITY.url())
            .with("qaqpa.log.timestamp.interval", "200").with("qaqpa.log.timestamp.timeout", "PT2S")
            .with("qaqpa.log.timestamp.max-delay", "PT0S").with("qaqpa.health.cache", "PT0S")
            .with("qaqpa.log.archive.after", "PT0S");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Certificates issued once per case, not at every attempt. */
    private static final Map<String, KeyMaterial> KEYS = new ConcurrentHashMap<>();

    private static HostileTimeStampAuthority authority() {
        try {
            return new HostileTimeStampAuthority();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void closeAuthority() {
        AUTHORITY.close();
    }

    /** A token as the authority's would be but for what {@code change} does to the key, imprint, nonce or time. */
    private static HostileTimeStampAuthority.Answer token(String name, Function<TestPki, KeyMaterial> key,
                                                          boolean otherImprint, boolean otherNonce, Duration shift) {
        return (asked, exchange) -> {
            TestPki pki = gateway.pki();
            byte[] imprint = asked.getMessageImprintDigest().clone();
            imprint[0] ^= otherImprint ? 1 : 0;
            BigInteger nonce = otherNonce ? asked.getNonce().add(BigInteger.ONE) : asked.getNonce();
            reply(exchange, granted(KEYS.computeIfAbsent(name, n -> key.apply(pki)),
                    pki.defaultAlgorithm().signatureAlgorithm(), imprint, nonce,
                    Instant.now().plus(shift).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        };
    }

    private static HostileTimeStampAuthority.Answer token(String name, Function<TestPki, KeyMaterial> key) {
        return token(name, key, false, false, Duration.ZERO);
    }

    private static Function<TestPki, KeyMaterial> authorityKey() {
        return pki -> pki.key("tsa");
    }

    static Stream<Arguments> hostileAnswers() {
        String timeStamping = "1.3.6.1.5.5.7.3.8";
        return Stream.of(
                Arguments.of("a body larger than any reply (8 MB)", (HostileTimeStampAuthority.Answer)
                        (asked, exchange) -> HostileTimeStampAuthority.endless(exchange, 8), "larger than 262144 bytes"),
                Arguments.of("a reply trickled a byte every 0.3 s", (HostileTimeStampAuthority.Answer)
                        (asked, exchange) -> HostileTimeStampAuthority.trickle(exchange, 1000, 300),
                        "no complete answer"),
                Arguments.of("a redirect to the genuine authority", (HostileTimeStampAuthority.Answer)
                        (asked, exchange) -> {
                            exchange.getResponseHeaders().set("Location", "http://localhost:"
                                    + gateway.property("qaqpa.test-pki.port") + "/tsa");
                            HostileTimeStampAuthority.status(exchange, 302);
                        }, "HTTP 302"),
                Arguments.of("a token of another imprint", token("imprint", authorityKey(), true, false, Duration.ZERO),
                        "imprint"),
                Arguments.of("a token of another nonce", token("nonce", authorityKey(), false, true, Duration.ZERO),
                        "nonce"),
                Arguments.of("a token signed by a certificate whose timeStamping usage is not critical",
                        token("not-critical", pki -> pki.issueWithExtendedKeyUsages("tsa", timeStamping)), "critical"),
                Arguments.of("a token signed by a certificate without an extended key usage",
                        token("no-usage", pki -> pki.issueWithExtendedKeyUsages("tsa")), "ExtendedKeyUsage"),
                Arguments.of("a token signed by an expired certificate", token("expired", pki -> pki.issueExpired("tsa")),
                        "not valid when time stamp created"),
                Arguments.of("a token signed by a revoked certificate", token("revoked", pki -> pki.issueRevoked("tsa")),
                        "revoked"),
                Arguments.of("a token signed by a certificate of an untrusted CA",
                        token("untrusted", pki -> pki.issueByImpostorCa("tsa")), "not accepted"),
                Arguments.of("a token dated a day ahead", token("ahead", authorityKey(), false, false, Duration.ofDays(1)),
                        "is ahead of"),
                Arguments.of("a token dated an hour before the record",
                        token("before", authorityKey(), false, false, Duration.ofHours(-1)), "before record"),
                Arguments.of("granted without a token", (HostileTimeStampAuthority.Answer) (asked, exchange) ->
                        reply(exchange, HostileTimeStampAuthority.statusOnly(0)), "granted no time-stamp (status 0"),
                Arguments.of("a rejection", (HostileTimeStampAuthority.Answer) (asked, exchange) ->
                        reply(exchange, HostileTimeStampAuthority.statusOnly(2)), "granted no time-stamp (status 2"),
                Arguments.of("waiting", (HostileTimeStampAuthority.Answer) (asked, exchange) ->
                        reply(exchange, HostileTimeStampAuthority.statusOnly(3)), "granted no time-stamp (status 3"),
                Arguments.of("an empty DER sequence", (HostileTimeStampAuthority.Answer) (asked, exchange) ->
                        reply(exchange, new byte[] {0x30, 0x00}), "malformed timestamp response"),
                Arguments.of("a status that is an empty sequence", (HostileTimeStampAuthority.Answer) (asked, exchange) ->
                        reply(exchange, new byte[] {0x30, 0x02, 0x30, 0x00}), "malformed timestamp response"),
                Arguments.of("an HTML page", (HostileTimeStampAuthority.Answer) (asked, exchange) ->
                        reply(exchange, "<html>busy</html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                        "malformed timestamp response"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileAnswers")
    void aHostileAnswerIsRefusedNotKeptAndNamedByHealth(String scenario, HostileTimeStampAuthority.Answer answer,
                                                        String why) throws Exception {
        ChainStamps stamps = gateway.assembly().chainStamps();
        Optional<Long> before = stamps.latest().map(ChainStamps.Stamp::seq);
        AUTHORITY.answer((asked, exchange) -> HostileTimeStampAuthority.status(exchange, 503));
        assertThat(awaitHealth("HTTP 503")).as("the case before is over").contains("HTTP 503");
        AUTHORITY.answer(answer);
        MessageLogTest.lookUpPerson(gateway); // the head moves, and the gateway serves

        String health = awaitHealth(why);
        assertThat(health).as(scenario).contains("\"logTimestamps\":{\"status\":\"DOWN\"").contains(why)
                .contains("longer than qaqpa.log.timestamp.max-delay");
        assertThat(stamps.latest().map(ChainStamps.Stamp::seq)).as("no token kept").isEqualTo(before);
        MessageLogTest.lookUpPerson(gateway); // still served
    }

    @Order(2)
    @Test
    void theGenuineAuthoritysStampIsKeptAfterwardsAndTheLogVerifies() throws Exception {
        AUTHORITY.answer(token("genuine", authorityKey()));
        MessageLogTest.lookUpPerson(gateway);
        awaitHealth("\"logTimestamps\":{\"status\":\"UP\"");
        assertThat(gateway.assembly().chainStamps().latest()).isPresent();
        HttpResponse<String> verified = get(gateway.consoleRequest("/message-log/verify"));
        assertThat(verified.body()).startsWith("OK").contains(" time-stamps verified; records 1 to ");
    }

    /**
     * An archive file's seal gets the same check as the head's stamps: a genuine token dated a day ahead is not kept;
     * the file is written sealed, saying why it is not stamped (session 26: the token was kept, and the file's time was
     * the authority's lie).
     */
    @Order(3)
    @Test
    void anArchiveSealsTokenDatedAheadIsNotKept() throws Exception {
        AUTHORITY.answer(token("seal-ahead", authorityKey(), false, false, Duration.ofDays(1)));
        MessageLogTest.lookUpPerson(gateway);
        HttpResponse<String> archived = HTTP.send(gateway.consoleRequest("/message-log/archive")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(archived.statusCode()).as(archived.body()).isEqualTo(200);
        java.nio.file.Path dir = java.nio.file.Path.of(gateway.property("qaqpa.data-dir")).resolve("archive");
        java.util.List<java.nio.file.Path> files = ArchiveFile.list(dir);
        assertThat(files).isNotEmpty();
        try (ArchiveFile reader = ArchiveFile.open(files.get(files.size() - 1))) {
            assertThat(reader.entryBytes(ArchiveSeal.STAMP)).isNull();
            assertThat(new String(reader.entryBytes(ArchiveSeal.UNSTAMPED), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("is ahead of the gateway's clock");
        }
    }

    /** Health once it names {@code text} (the timer retries every 0.2 s), or as it is after 20 s. */
    private static String awaitHealth(String text) throws Exception {
        String health = "";
        Instant until = Instant.now().plusSeconds(20);
        while (!health.contains(text) && Instant.now().isBefore(until)) {
            Thread.sleep(100);
            health = get(gateway.consoleRequest("/health")).body();
        }
        return health;
    }

    private static HttpResponse<String> get(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
