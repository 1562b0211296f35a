package kz.qaqpa.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import kz.qaqpa.TemporaryDirectory;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.walkthrough.SampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ops45: the operator console asks for its credential, a token in a file only the gateway's user may read
 * (qaqpa.operator.token-file), on every request as {@code Authorization: Bearer <token>}. Before, it asked none: any
 * local user of the gateway's host (or of the operator's machine, through an ssh tunnel) read a citizen's application
 * and ran a backup of the store. Seen failing on the code before: {@code GET /applications/{id}} without the token
 * answered 200 with the application, and {@code POST /store/backup} without it "backed up to".
 */
class ConsoleCredentialTest {
    @RegisterExtension
    static final GatewayHarness gateway = GatewayHarness.perClass();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anApplicationIsReadWithTheConsolesTokenOnly() throws Exception {
        String id = submit().replaceAll("[{}]", "");
        String wrong = "x".repeat(gateway.consoleToken().length());
        try (LogLines log = new LogLines()) {
            for (String authorization : new String[] {null, "Bearer " + wrong, "Bearer", "Basic " + wrong,
                    "Bearer " + gateway.consoleToken() + "x"}) {
                HttpResponse<String> refused = get("/applications/" + id, authorization);
                assertThat(refused.statusCode()).as("Authorization: %s", authorization).isEqualTo(401);
                assertThat(refused.body()).doesNotContain(id).endsWith("\n").hasLineCount(1);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                        challenge -> assertThat(challenge).startsWith("Bearer"));
            }
            assertThat(log.containing("operator console refused GET /applications/" + id)).hasSize(5)
                    .allSatisfy(line -> assertThat(line).doesNotContain(wrong));
        }
        HttpResponse<String> answered = get("/applications/" + id, gateway.consoleAuthorization());
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).contains(id);
        // the scheme's name is case-insensitive (RFC 9110 11.1)
        assertThat(get("/applications/" + id, "bearer " + gateway.consoleToken()).statusCode()).isEqualTo(200);
    }

    /**
     * attack62, holds: the console's token counts in the Authorization header only. The right token in the query string
     * (RFC 6750 2.3's {@code access_token}, which proxies' and shells' histories keep; {@code token}), in a cookie or in
     * another header is 401 before any page, and no refusal's log line carries it (the path is logged, not the query).
     * The fixed requests: a TRACE without the token is 401 (an unauthenticated caller learns nothing of the methods a
     * path takes), a made-up token in the query of {@code POST /store/backup} 401, a token in a cookie and in
     * {@code X-Api-Key} 401.
     */
    @Test
    void theTokenCountsInTheAuthorizationHeaderOnly() throws Exception {
        String token = gateway.consoleToken();
        try (LogLines log = new LogLines()) {
            for (String query : new String[] {"access_token=", "token="}) {
                assertThat(get("/health?" + query + token, null).statusCode()).as(query).isEqualTo(401);
            }
            for (String header : new String[] {"Cookie", "X-Api-Key"}) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.consoleUrl() + "/health"))
                        .header(header, "Cookie".equals(header) ? "token=" + token : token).build();
                assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).as(header)
                        .isEqualTo(401);
            }
            for (String file : new String[] {"console-trace-without-token.http", "console-token-in-query.http",
                    "console-token-in-other-headers.http"}) {
                RawSoap.AsIs answer = RawSoap.sendAsIs(gateway.consoleUrl(), RawSoap.attack(file), Duration.ofSeconds(30));
                assertThat(answer.first()).as(file).isNotNull();
                assertThat(answer.first().status()).as(file).isEqualTo(401);
            }
            assertThat(log.containing("operator console refused")).hasSizeGreaterThanOrEqualTo(7)
                    .allSatisfy(line -> assertThat(line).doesNotContain(token).doesNotContain("access_token"));
        }
    }

    /**
     * attack62, holds: a path a caller without the token chose, with a CR LF and a dated line after it
     * ({@code console-log-injection-in-path.http}), is 401 and logged as one line, its line breaks shown as "?": it
     * begins no line an operator following the log would take for the gateway's.
     */
    @Test
    void aRefusedPathWithALineBreakWritesNoLineOfItsOwn() {
        try (LogLines log = new LogLines()) {
            RawSoap.AsIs answer = RawSoap.sendAsIs(gateway.consoleUrl(), RawSoap.attack("console-log-injection-in-path.http"),
                    Duration.ofSeconds(30));
            assertThat(answer.first()).isNotNull();
            assertThat(answer.first().status()).isEqualTo(401);
            assertThat(log.containing("forged")).singleElement().satisfies(line -> assertThat(line)
                    .doesNotContain("\r").doesNotContain("\n")
                    .contains("operator console refused GET /applications/??2026-12-07T00:00:00.000Z INFO  forged"));
        }
    }

    /**
     * attack46, holds: the token counts only as it is and alone: sent twice (two Authorization headers, the right one
     * among them), cut to its first 32 characters (the shortest token the start takes), or in other case, each is 401
     * before any page. (A tab in place of the space after the scheme is answered 200: the separator is no secret, the
     * token is still compared whole.)
     */
    @Test
    void theTokenCountsOnlyAsItIsInOneHeader() throws Exception {
        String token = gateway.consoleToken();
        List<List<String>> refused = List.of(List.of("Bearer " + token, "Bearer " + token),
                List.of("Bearer x", "Bearer " + token),
                List.of("Bearer " + token.substring(0, 32)), List.of("Bearer " + swappedCase(token)));
        for (List<String> headers : refused) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.consoleUrl() + "/"));
            headers.forEach(value -> request.header("Authorization", value));
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("Authorization: %s", headers).isEqualTo(401);
        }
        assertThat(get("/", "Bearer " + token).statusCode()).isEqualTo(200);
    }

    private static String swappedCase(String token) {
        StringBuilder swapped = new StringBuilder();
        token.chars().forEach(c -> swapped.append((char) (Character.isUpperCase(c) ? Character.toLowerCase(c)
                : Character.toUpperCase(c))));
        assertThat(swapped.toString()).as("a token with letters").isNotEqualTo(token);
        return swapped.toString();
    }

    @Test
    void noPageNorActionRunsWithoutTheToken() throws Exception {
        Path backups = Path.of(gateway.settings().get("qaqpa.data-dir")).resolve("backup");
        List<Path> before = listed(backups);
        for (String path : List.of("/", "/health", "/overdue", "/message-log/verify", "/no-such-page")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> backup = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.consoleUrl()
                + "/store/backup")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(backup.statusCode()).as(backup.body()).isEqualTo(401);
        assertThat(listed(backups)).as("what the refused POST /store/backup left").isEqualTo(before);
        assertThat(get("/", gateway.consoleAuthorization()).statusCode()).isEqualTo(200);
    }

    /** The token file is the gateway user's only, and the start names it but never logs the token. */
    @Test
    void theTokenIsKeptInAFileOnlyTheGatewaysUserReadsAndARestartKeepsIt() throws Exception {
        Path file = gateway.consoleTokenFile();
        assertThat(file).isEqualTo(Path.of(gateway.settings().get("qaqpa.data-dir")).resolve("operator.token"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String token = gateway.consoleToken();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        try (LogLines log = new LogLines()) {
            gateway.stop();
            gateway.start();
            assertThat(log.containing("operator console: its token is read from " + file.toAbsolutePath()))
                    .hasSize(1);
            assertThat(log.containing(token)).isEmpty();
        }
        assertThat(gateway.consoleToken()).isEqualTo(token);
        assertThat(get("/", "Bearer " + token).statusCode()).isEqualTo(200);
    }

    /**
     * ops46: an operator rotates the token by writing a new one into the file while the gateway runs; the console takes
     * it at the next request, with the start's checks. A new file the group may read is refused: the token in force
     * stays, one WARN line says why (never the value), and once the file is chmod 600 its token is taken. Before: the
     * token was read at the start only (the old token answered 200 after the new one was written, the new one 401).
     */
    @Test
    void aTokenWrittenIntoTheFileReplacesTheOldWithoutARestartUnlessOthersMayReadIt() throws Exception {
        Path file = gateway.consoleTokenFile();
        String old = gateway.consoleToken();
        assertThat(get("/", "Bearer " + old).statusCode()).isEqualTo(200);
        String rotated = newToken();
        try (LogLines log = new LogLines()) {
            Files.writeString(file, rotated + "\n");
            assertThat(get("/", "Bearer " + old).statusCode()).as("the old token").isEqualTo(401);
            assertThat(get("/", "Bearer " + rotated).statusCode()).as("the new token").isEqualTo(200);
            assertThat(log.containing("operator console: its token is read again from " + file.toAbsolutePath()))
                    .hasSize(1);
            assertThat(log.containing(rotated)).isEmpty();
        }
        String readable = newToken();
        try (LogLines log = new LogLines()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
            Files.writeString(file, readable + "\n");
            assertThat(get("/", "Bearer " + readable).statusCode()).as("a token the group may read").isEqualTo(401);
            assertThat(get("/", "Bearer " + rotated).statusCode()).as("the token in force").isEqualTo(200);
            assertThat(log.containing("operator console keeps the token it had")).singleElement().asString()
                    .contains("qaqpa.operator.token-file", "may be read or written by others", "chmod 600")
                    .doesNotContain(readable);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(get("/", "Bearer " + readable).statusCode()).as("the token, once chmod 600").isEqualTo(200);
        assertThat(get("/", "Bearer " + rotated).statusCode()).isEqualTo(401);
    }

    /**
     * attack47 (ops46's rotation): the file an operator puts in the token's place is read whole on the next console
     * request, under the lock every console request takes. A named pipe (mkfifo -m 600, moved over it) passed the
     * owner-only check, and its read waited for a writer that never came: that request, and every console request
     * after it, hung (before: no answer within 10 s). A file that is no regular file, or larger than a token's line,
     * is refused as a short token is: the token in force stays, one WARN line says why.
     */
    @Test
    void aPipeInTheTokensPlaceKeepsTheTokenInForceAndTheConsoleAnswering() throws Exception {
        Path file = gateway.consoleTokenFile();
        String inForce = gateway.consoleToken();
        Path pipe = file.resolveSibling("operator.token.pipe");
        kz.qaqpa.ExternalTools.assumeRuns("mkfifo did not make a FIFO (coreutils)", "mkfifo", "-m", "600", pipe.toString());
        try (LogLines log = new LogLines()) {
            Files.move(pipe, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.consoleUrl() + "/"))
                    .header("Authorization", "Bearer " + inForce).timeout(java.time.Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(answer.statusCode()).as("the token in force, the pipe in its place").isEqualTo(200);
            assertThat(log.containing("operator console keeps the token it had")).singleElement().asString()
                    .contains("qaqpa.operator.token-file", "no regular file");
        } finally {
            unblock(file);
            Path restored = file.resolveSibling("operator.token.restored");
            Files.writeString(restored, inForce + "\n");
            Files.setPosixFilePermissions(restored, PosixFilePermissions.fromString("rw-------"));
            Files.move(restored, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(get("/", "Bearer " + inForce).statusCode()).as("a token file again").isEqualTo(200);
    }

    /**
     * Lets a read blocked on the pipe at {@code file} end (it waits for a writer): opens it for reading and writing,
     * which on Linux never waits, writes a line break and closes it (the reader then reads that and its end).
     */
    private static void unblock(Path file) {
        if (!Files.isRegularFile(file)) {
            try (var writer = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                writer.write('\n');
            } catch (java.io.IOException e) {
                // nobody reading: nothing to unblock
            }
        }
    }

    /** A token file others may read is no credential, nor is a short one: the start is refused saying why. */
    @Test
    void aTokenFileOthersMayReadOrAShortTokenRefusesTheStart() throws Exception {
        Path dir = TemporaryDirectory.create("qaqpa-token-");
        try {
            Path file = dir.resolve("operator.token");
            Files.writeString(file, "a".repeat(43) + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            assertThat(refusal(dir)).contains("qaqpa.operator.token-file", "may be read or written by others",
                    "chmod 600");
            Files.writeString(file, "short\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            assertThat(refusal(dir)).contains("qaqpa.operator.token-file", "holds no token of at least 32");
        } finally {
            TemporaryDirectory.delete(dir);
        }
    }

    private static String refusal(Path dir) {
        List<String> messages = new ArrayList<>();
        try (GatewayHarness refused = new GatewayHarness(dir)) {
            assertThatThrownBy(refused::start).satisfies(e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    messages.add(String.valueOf(t.getMessage()));
                }
            });
        }
        return String.join("\n", messages);
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.consoleUrl() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String submit() {
        SampleApplication sample = SampleApplication.on(Channel.PORTAL);
        return gateway.client(Channel.PORTAL).submit(gateway.signed(sample), "credential-" + UUID.randomUUID())
                .getCorrelationId();
    }

    /** A token as the gateway makes one: 32 random bytes, base64url. */
    private static String newToken() {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static List<Path> listed(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.sorted().toList();
        }
    }
}
