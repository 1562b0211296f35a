package kz.qaqpa.mocks.walkthrough;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.channel.SignedSoapClient;
import kz.qaqpa.channel.SoapEnvelopes;
import kz.qaqpa.contract.async.itypes.AsyncGetMessageStatusResponse;
import kz.qaqpa.contract.async.itypes.AsyncSendMessageResponse;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.operator.OperatorToken;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SubjectIdentity;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The walkthrough: signs a sample application with a test certificate, sends it to a running gateway on the chosen
 * channel, prints every status until the result arrives and which result it is, plays the hand-over where the
 * consumer collects the result at a desk (ЦОН, office), then prints the regulation steps, the statuses the channel
 * was told and the result the channel received.
 *
 * <pre>java -cp target/qaqpa-0.1.0-SNAPSHOT-all.jar kz.qaqpa.mocks.walkthrough.Walkthrough PORTAL referral</pre>
 * With {@code --save file.xml} after the scenario it only writes the signed envelope, for sending with curl.
 *
 * Channels: PORTAL, CON, ZHAO, EASTANA. Scenarios of seed 002 (kindergarten): referral (a place is free), queue (no
 * place: registration slip with queue numbers), refusal (birth certificate missing); of seed 004 S1 (guardianship
 * certificate, CON and PORTAL): certificate (collected by the applicant), representative (collected by his
 * notarised representative).
 *
 * <p>It reads the gateway's own settings (application.properties, overridden by environment variables and
 * {@code -Dkey=value} as the gateway is): the ports ({@code qaqpa.http.port}, {@code qaqpa.operator.port},
 * {@code qaqpa.mocks.*.port}), and {@code qaqpa.data-dir}, whose test PKI signs the requests (and
 * {@code qaqpa.operator.token-file}, the console's token it presents, as an operator's curl does). Started with other
 * settings than the gateway it finds no test PKI there and stops rather than create a second one that the
 * gateway would not trust.
 */
public final class Walkthrough {
    static final String USAGE = "usage: Walkthrough [PORTAL|CON|ZHAO|EASTANA]"
            + " [referral|queue|refusal|certificate|representative] [--save FILE]";
    private static final String ISSUED = "ISSUED";
    /** The statuses at which the provider's answer is out: the final result, or an interim one (seed 002's slip). */
    private static final Set<String> RESULT_OUT = Set.of("COMPLETED", "IN_QUEUE");
    /** The channels where the consumer collects the result from an employee, and who that is. */
    private static final Map<Channel, String> DESK = Map.of(Channel.CON, "the ЦОН's employee",
            Channel.ZHAO, "the ЖАО's employee");
    private static final String STORY_INDENT = "  ";
    private static final String RESULT_INDENT = "    ";
    private static final String CONTINUATION = "  ";
    /** The step table's columns (the outcome takes the rest of TextTable.WIDTH). */
    private static final int STEP_ID_WIDTH = 26;
    private static final int NORM_WIDTH = 16;
    private static final int TIMES_WIDTH = 28;
    /** The channel's statuses table: status code, message state, then the status message. */
    private static final int STATUS_WIDTH = 13;
    private static final int STATE_WIDTH = 12;
    /** Where hh:mm:ss.SSS stands in an ISO timestamp. */
    private static final int CLOCK_START = 11;
    private static final int CLOCK_END = 23;

    private Walkthrough() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(command(args, Settings.standalone(Map.of()), System.err));
    }

    /**
     * The command line: wrong arguments or no test PKI to sign with are one line and the usage on {@code err}, exit
     * code 2, before anything is sent (a newcomer's first command should not end in a stack trace); a gateway not
     * listening, or answering with a fault (SCE912 on a full disk), one line, exit code 1; else 0.
     */
    public static int command(String[] args, Settings settings, PrintStream err) throws Exception {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
            testPkiDirectory(settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("walkthrough: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            run(arguments, settings);
        } catch (SignedSoapClient.RemoteFault e) {
            err.println("walkthrough: " + e.getMessage());
            return 1;
        } catch (ShepException e) {
            err.println("walkthrough: " + e.getMessage() + "; is the gateway running and listening there, with the same"
                    + " settings (README, Walkthrough)?");
            return 1;
        }
        return 0;
    }

    /** The walkthrough against the gateway that {@code settings} describe. */
    public static void run(String[] args, Settings settings) throws Exception {
        run(Arguments.parse(args), settings);
    }

    /** The command line, parsed and checked once: the channel, the scenario's sample application, --save's file. */
    private record Arguments(Channel channel, String scenario, WalkthroughSample sample, Path saveTo) {
        static Arguments parse(String[] args) {
            Channel channel = Walkthrough.channel(args);
            String scenario = scenarioName(args);
            return new Arguments(channel, scenario, Walkthrough.scenario(channel, scenario), saveFile(args));
        }
    }

    private static void run(Arguments arguments, Settings settings) throws Exception {
        Channel channel = arguments.channel();
        String scenario = arguments.scenario();
        String gateway = "http://localhost:" + settings.get("qaqpa.http.port");
        String operator = "http://" + settings.get("qaqpa.operator.host") + ":" + settings.get("qaqpa.operator.port");
        TestPki pki = gatewaysTestPki(settings);

        WalkthroughSample sample = arguments.sample();
        KeyMaterial signer = pki.key(sample.signerAlias());
        ChannelClient client = client(channel, gateway + "/shep/async", pki);
        String messageId = "walkthrough-" + UUID.randomUUID();
        Element signed = ChannelClient.sign(sample.build(), signer);
        SubjectIdentity who = SubjectIdentity.of(signer.certificate());
        say("", String.format("%s (ИИН %s) signs the application (%s), %s sends it as %s", who.commonName(), who.iin(),
                scenario, senderId(channel), messageId));
        Path saveTo = arguments.saveTo();
        if (saveTo != null) {
            save(client.request(sample.serviceId(), signed, messageId), pki.key(senderId(channel).toLowerCase()),
                    saveTo, gateway);
            return;
        }
        AsyncSendMessageResponse answer = client.submit(sample.serviceId(), signed, messageId);
        System.out.println("accepted, correlationId " + answer.getCorrelationId());

        String history = historyUrl(settings, channel, answer.getCorrelationId());
        String last = followStatus(client, messageId, answer.getCorrelationId(), signer, RESULT_OUT, "");
        printResultSent(awaitHistory(history));
        if (DESK.containsKey(channel)) {
            last = handOver(client, channel, sample, messageId, answer.getCorrelationId(), last);
        }
        String steps = operator + "/applications/" + answer.getCorrelationId().replaceAll("[{}]", "");
        printConsoleCommand(steps, settings);
        printSteps(get(steps, consoleAuthorization(settings)));
        printChannelStatuses(historyUrl(settings, channel, messageId), last);
        System.out.println("\nresult in the channel's history (" + history + "):");
        System.out.println(indent(awaitHistory(history)));
    }

    /**
     * ops46: the operator console's page of the steps, as a command that shows it: the console asks every request for
     * its token (ops45), which a browser cannot send, so its bare URL printed here answered 401 in a browser. The token
     * is read from its file (qaqpa.operator.token-file) when the command runs, never printed.
     */
    private static void printConsoleCommand(String url, Settings settings) {
        System.out.println("\nregulation steps (the operator console's, which asks for its token: a browser cannot"
                + " send it, curl can):");
        System.out.println(STORY_INDENT + "curl -s -H \"Authorization: Bearer $(cat "
                + shellWord(settings.get("qaqpa.operator.token-file")) + ")\" \\");
        System.out.println(STORY_INDENT + RESULT_INDENT + url);
    }

    /** {@code text} as one word of a shell command line: as it is when it needs no quotes, else single-quoted. */
    private static String shellWord(String text) {
        return text.matches("[A-Za-z0-9._/+:=-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    /**
     * At the desk channels the consumer collects the result (seed 002: the ЦОН's process 8, para 7.10; the ЖАО's
     * Table 1 action 9, para 6.10; the portal and E-Astana show it in the personal cabinet and hand nothing over):
     * the walkthrough plays the employee there, whose system reports HANDED_OVER in a ШЭП NOTIFICATION signed with
     * that channel's own system key from the test PKI, as the ЦОН's system does (no back door: the same message
     * and checks as any channel system's). A final result is then ISSUED; an interim slip stays IN_QUEUE.
     */
    private static String handOver(ChannelClient client, Channel channel, WalkthroughSample sample, String messageId,
                                   String correlationId, String last) throws InterruptedException {
        String collector = sample.collector();
        say(STORY_INDENT, DESK.get(channel) + " hands the result to " + (collector.isEmpty() ? "the consumer"
                : collector) + "; " + senderId(channel) + " reports HANDED_OVER, signed with its system key");
        client.report("NOTIFICATION", sample.serviceId(), correlationId, sample.handOver(correlationId), Instant.now());
        if (!"COMPLETED".equals(last)) {
            return last;
        }
        return followStatus(client, messageId, correlationId, null, Set.of(ISSUED), last);
    }

    /**
     * ops43: the line after the final status says which result the provider sent, as the channel received it: its
     * kind (the document's name) and, for a refusal, its reason code and reasons; and who signed it.
     */
    private static void printResultSent(String history) {
        NodeList results = SecureXml.parse(history.getBytes(StandardCharsets.UTF_8)).getElementsByTagName("result");
        if (results.getLength() == 0) {
            return;
        }
        Element entry = (Element) results.item(results.getLength() - 1);
        Element document = firstElement(entry);
        StringBuilder text = new StringBuilder("the result sent: ").append(document.getLocalName());
        String code = childNs(document, "reasonCode");
        if (!code.isEmpty()) {
            text.append(" ").append(code);
        }
        NodeList reasons = document.getElementsByTagNameNS("*", "reason");
        for (int i = 0; i < reasons.getLength(); i++) {
            text.append(i == 0 ? ": " : "; ").append(reasons.item(i).getTextContent().strip());
        }
        text.append(", signed by ").append(entry.getAttribute("signer")).append(" (ИИН ")
                .append(entry.getAttribute("signerIin")).append(")");
        say(RESULT_INDENT, text.toString());
    }

    /** A line of the walkthrough's story, wrapped to fit TextTable.WIDTH, its continuation lines indented further. */
    private static void say(String indent, String text) {
        List<String> lines = TextTable.wrap(text, TextTable.WIDTH - indent.length() - CONTINUATION.length());
        for (int i = 0; i < lines.size(); i++) {
            System.out.println(indent + (i == 0 ? "" : CONTINUATION) + lines.get(i));
        }
    }

    private static Element firstElement(Element parent) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        throw new IllegalStateException("an empty result in the channel's history");
    }

    private static String childNs(Element e, String localName) {
        NodeList list = e.getElementsByTagNameNS("*", localName);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent().strip();
    }

    private static Channel channel(String[] args) {
        String name = args.length > 0 ? args[0].toUpperCase() : "PORTAL";
        try {
            return Channel.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no channel " + name + ": PORTAL, CON, ZHAO or EASTANA", e);
        }
    }

    private static String scenarioName(String[] args) {
        return args.length > 1 ? args[1].toLowerCase() : "referral";
    }

    /**
     * The file of {@code --save FILE}, or null without it; anything else after the scenario is refused, and so is a
     * file in no directory (its write would end, after the signing, in a stack trace).
     */
    private static Path saveFile(String[] args) {
        if (args.length <= 2) {
            return null;
        }
        if (args.length != 4 || !"--save".equals(args[2])) {
            throw new IllegalArgumentException("after the scenario only --save FILE may follow");
        }
        Path file = Path.of(args[3]);
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--save " + args[3] + ": no directory " + directory + " to write it in");
        }
        return file;
    }

    /** The running gateway's test PKI (qaqpa.data-dir/pki); never a new one, which the gateway would not trust. */
    private static TestPki gatewaysTestPki(Settings settings) {
        Path dir = testPkiDirectory(settings);
        return TestPki.openOrCreate(dir, settings.get("qaqpa.keystore.password").toCharArray(),
                "http://localhost:" + settings.get("qaqpa.test-pki.port"), Clock.systemUTC(),
                KeyAlgorithm.named(settings.get("qaqpa.test-pki.key-algorithm")));
    }

    /** Writes the signed envelope for sending by hand, e.g. with curl. */
    private static void save(Object request, KeyMaterial systemKey, Path file, String gateway) throws IOException {
        Document envelope = EnvelopeSigner.sign(SoapEnvelopes.wrap(request),
                systemKey);
        Files.write(file, SecureXml.serialize(envelope));
        System.out.println("signed envelope written to " + file + "; send it with:");
        System.out.println("  curl -s -H 'Content-Type: text/xml' --data-binary @" + file
                + " " + gateway + "/shep/async");
    }

    private static Path testPkiDirectory(Settings settings) {
        Path dir = Path.of(settings.get("qaqpa.data-dir")).resolve("pki");
        if (!Files.exists(dir.resolve("root-ca.p12")) || !Files.exists(dir.resolve("issuing-ca.p12"))) {
            throw new IllegalStateException("no test PKI in " + dir.toAbsolutePath() + ": start the gateway first, from"
                    + " the same directory or with the same qaqpa.data-dir; the walkthrough does not create a second PKI");
        }
        return dir;
    }

    /**
     * Seed 002's three outcomes, and seed 004 S1's certificate collected at the ЦОН by the applicant (certificate) or
     * by his notarised representative (representative).
     */
    private static WalkthroughSample scenario(Channel channel, String scenario) {
        return switch (scenario) {
            case "referral" -> SampleApplication.on(channel).kindergartens("MBU-050");
            case "queue" -> SampleApplication.on(channel).kindergartens("MBU-031", "MBU-045");
            case "refusal" -> SampleApplication.on(channel).withoutAttachment("BIRTH_CERTIFICATE");
            case "certificate" -> FamilyCertificateSample.on(channel, false);
            case "representative" -> FamilyCertificateSample.on(channel, true);
            default -> throw new IllegalArgumentException("scenario must be referral, queue, refusal, certificate or"
                    + " representative");
        };
    }

    /**
     * Prints each status until one of {@code stops}: the result out (COMPLETED) or the application waiting in the queue
     * with its interim answer (IN_QUEUE), or after the hand-over ISSUED; returns it. When a place is offered (OFFERED,
     * portal, para 8.10) the consumer agrees: the walkthrough signs the consent with the consumer's key and sends it
     * (none is sent without a {@code consumer}). A status {@code shown} already is not printed again.
     */
    private static String followStatus(ChannelClient client, String messageId, String correlationId,
                                       KeyMaterial consumer, Set<String> stops, String shown)
            throws InterruptedException {
        String last = "";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            AsyncGetMessageStatusResponse status = client.status(messageId);
            String line = status.getMessageState() + " " + status.getStatus().getStatusCode() + ": "
                    + status.getStatus().getStatusMessage();
            if (!line.equals(last) && !status.getStatus().getStatusCode().equals(shown)) {
                say(STORY_INDENT, "status " + line);
                last = line;
            }
            String code = status.getStatus().getStatusCode();
            if (stops.contains(code)) {
                return code;
            }
            Matcher offered = Pattern.compile("\\((MBU-\\d+)\\)$")
                    .matcher(String.valueOf(status.getStatus().getStatusMessage()));
            if ("OFFERED".equals(code) && offered.find() && consumer != null) {
                say(STORY_INDENT, "the consumer signs the written consent to " + offered.group(1));
                client.consent(correlationId, offered.group(1), true, consumer);
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("no " + String.join(" or ", stops) + " within 60 s; is the provider back"
                + " office running?");
    }

    private static ChannelClient client(Channel channel, String asyncUrl, TestPki pki) {
        String sender = senderId(channel);
        String alias = sender.toLowerCase();
        return new ChannelClient(asyncUrl, sender, sender.toLowerCase() + "-secret", pki.key(alias),
                PeerChecks.certificate(pki.key("gateway", KeyAlgorithm.RSA).certificate(),
                        pki.key("gateway", KeyAlgorithm.GOST).certificate()));
    }

    private static String senderId(Channel channel) {
        return switch (channel) {
            case PORTAL -> "PORTAL";
            case CON -> "CON";
            case ZHAO, EASTANA -> "EASTANA";
        };
    }

    private static String historyUrl(Settings settings, Channel channel, String correlationId) {
        String mock = switch (channel) {
            case PORTAL -> "portal";
            case CON -> "con";
            case ZHAO, EASTANA -> "eastana";
        };
        return "http://localhost:" + settings.get("qaqpa.mocks." + mock + ".port") + "/history/"
                + URLEncoder.encode(correlationId, StandardCharsets.UTF_8);
    }

    private static void printSteps(String xml) {
        // the console lists the steps taken under <steps> (and the plan made at acceptance under <plan>)
        Element taken = (Element) SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8))
                .getElementsByTagName("steps").item(0);
        NodeList steps = taken.getElementsByTagName("step");
        TextTable table = new TextTable(STEP_ID_WIDTH, NORM_WIDTH, TIMES_WIDTH);
        table.row("step", "norm", "started .. ended", "outcome").forEach(System.out::println);
        for (int i = 0; i < steps.getLength(); i++) {
            Element step = (Element) steps.item(i);
            table.row(step.getAttribute("id"), child(step, "norm"), clock(child(step, "startedAt")) + " .. "
                    + clock(child(step, "endedAt")), child(step, "outcome")).forEach(System.out::println);
        }
    }

    /** The time of day of a console's timestamp (2026-03-20T03:22:10.876+05:00), or "" for a step still open. */
    private static String clock(String timestamp) {
        return timestamp.length() < CLOCK_END ? timestamp : timestamp.substring(CLOCK_START, CLOCK_END);
    }

    /** Every status change the channel was told of, as its "history of obtaining services" shows it. */
    private static void printChannelStatuses(String url, String last) throws IOException, InterruptedException {
        System.out.println("\nstatuses the channel received (" + url + "):");
        // the callbacks go out through the gateway's outbox a moment after the status changes
        String history = get(url);
        for (int i = 0; i < 50 && !history.contains("statusCode=\"" + last + "\""); i++) {
            Thread.sleep(200);
            history = get(url);
        }
        NodeList statuses = SecureXml.parse(history.getBytes(
                StandardCharsets.UTF_8)).getElementsByTagName("status");
        TextTable table = new TextTable(STATUS_WIDTH, STATE_WIDTH);
        for (int i = 0; i < statuses.getLength(); i++) {
            Element status = (Element) statuses.item(i);
            table.row(status.getAttribute("statusCode"), status.getAttribute("messageState"), status.getTextContent())
                    .forEach(System.out::println);
        }
    }

    private static String child(Element e, String name) {
        NodeList list = e.getElementsByTagName(name);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent();
    }

    private static String indent(String xml) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(SecureXml.parse(
                    xml.getBytes(StandardCharsets.UTF_8))), new StreamResult(out));
            return out.toString();
        } catch (TransformerException | RuntimeException e) {
            return xml;
        }
    }

    /** The result reaches the channel through the gateway's outbox a moment after the status says COMPLETED. */
    private static String awaitHistory(String url) throws IOException, InterruptedException {
        String body = get(url);
        for (int i = 0; i < 50 && (body.contains("not found") || !body.contains("<result")); i++) {
            Thread.sleep(200);
            body = get(url);
        }
        return body;
    }

    /**
     * A page of the console or a mock; one it cannot reach (another port than the gateway's, the gateway gone) is a
     * {@link ShepException} naming the address, which {@link #command} tells on one line (ops43: a stack trace).
     */
    private static String get(String url) throws InterruptedException {
        return get(HttpRequest.newBuilder(URI.create(url)), url);
    }

    /** A page of the operator console, presenting its token ({@code authorization}) as every console request must. */
    private static String get(String url, String authorization) throws InterruptedException {
        return get(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization), url);
    }

    /**
     * ops45: {@code Bearer <token>}, the console's token read as an operator reads it, from the file the gateway wrote
     * (qaqpa.operator.token-file); one that cannot be read is the walkthrough's one line, like a console not reached.
     */
    private static String consoleAuthorization(Settings settings) {
        try {
            return "Bearer " + OperatorToken.read(Path.of(settings.get("qaqpa.operator.token-file")));
        } catch (IllegalStateException e) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, "cannot read the console's token: "
                    + e.getMessage(), e);
        }
    }

    private static String get(HttpRequest.Builder request, String url) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, "cannot reach " + url + ": " + e, e);
        }
    }
}
