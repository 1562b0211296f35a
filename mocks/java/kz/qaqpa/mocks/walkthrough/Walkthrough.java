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
import java.util.Map;
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
import kz.qaqpa.Settings;
import kz.qaqpa.document.kindergarten.Channel;
import kz.qaqpa.mocks.pki.KeyAlgorithm;
import kz.qaqpa.mocks.pki.TestPki;
import kz.qaqpa.mocks.soap.PeerChecks;
import kz.qaqpa.trust.EnvelopeSigner;
import kz.qaqpa.trust.KeyMaterial;
import kz.qaqpa.xml.SecureXml;
import kz.qaqpa.trust.SubjectIdentity;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The walkthrough: signs a sample kindergarten application with a test certificate, sends it to a running
 * gateway on the chosen channel, prints every status until the result arrives, then the regulation steps and
 * the result the channel received.
 *
 * <pre>java -cp target/qaqpa-0.1.0-SNAPSHOT-all.jar kz.qaqpa.mocks.walkthrough.Walkthrough PORTAL referral</pre>
 * With {@code --save file.xml} after the scenario it only writes the signed envelope, for sending with curl.
 *
 * Channels: PORTAL, CON, ZHAO, EASTANA. Scenarios: referral (a place is free), queue (no place: registration
 * slip with queue numbers), refusal (birth certificate missing).
 *
 * <p>It reads the gateway's own settings (application.properties, overridden by environment variables and
 * {@code -Dkey=value} as the gateway is): the ports ({@code qaqpa.http.port}, {@code qaqpa.operator.port},
 * {@code qaqpa.mocks.*.port}), and {@code qaqpa.data-dir}, whose test PKI signs the requests. Started with other
 * settings than the gateway it finds no test PKI there and stops rather than create a second one that the
 * gateway would not trust.
 */
public final class Walkthrough {
    static final String USAGE = "usage: Walkthrough [PORTAL|CON|ZHAO|EASTANA] [referral|queue|refusal] [--save FILE]";

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
    private record Arguments(Channel channel, String scenario, SampleApplication sample, Path saveTo) {
        static Arguments parse(String[] args) {
            Channel channel = Walkthrough.channel(args);
            String scenario = scenarioName(args);
            return new Arguments(channel, scenario, Walkthrough.scenario(SampleApplication.on(channel), scenario),
                    saveFile(args));
        }
    }

    private static void run(Arguments arguments, Settings settings) throws Exception {
        Channel channel = arguments.channel();
        String scenario = arguments.scenario();
        String gateway = "http://localhost:" + settings.get("qaqpa.http.port");
        String operator = "http://" + settings.get("qaqpa.operator.host") + ":" + settings.get("qaqpa.operator.port");
        TestPki pki = gatewaysTestPki(settings);

        SampleApplication sample = arguments.sample();
        KeyMaterial signer = pki.key(sample.signerAlias());
        ChannelClient client = client(channel, gateway + "/shep/async", pki);
        String messageId = "walkthrough-" + UUID.randomUUID();
        Element signed = ChannelClient.sign(sample.build(), signer);
        SubjectIdentity who = SubjectIdentity.of(signer.certificate());
        System.out.printf("%s (ИИН %s) signs the application (%s), %s sends it as %s%n", who.commonName(), who.iin(),
                scenario, senderId(channel), messageId);
        Path saveTo = arguments.saveTo();
        if (saveTo != null) {
            save(client.request(signed, messageId), pki.key(senderId(channel).toLowerCase()), saveTo, gateway);
            return;
        }
        AsyncSendMessageResponse answer = client.submit(signed, messageId);
        System.out.println("accepted, correlationId " + answer.getCorrelationId());

        followStatus(client, messageId, answer.getCorrelationId(), signer);
        String steps = operator + "/applications/" + answer.getCorrelationId().replaceAll("[{}]", "");
        System.out.println("\nregulation steps (" + steps + "):");
        printSteps(get(steps));
        printChannelStatuses(historyUrl(settings, channel, messageId));
        String history = historyUrl(settings, channel, answer.getCorrelationId());
        System.out.println("\nresult in the channel's history (" + history + "):");
        System.out.println(indent(awaitHistory(history)));
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

    private static SampleApplication scenario(SampleApplication sample, String scenario) {
        return switch (scenario) {
            case "referral" -> sample.kindergartens("MBU-050");
            case "queue" -> sample.kindergartens("MBU-031", "MBU-045");
            case "refusal" -> sample.withoutAttachment("BIRTH_CERTIFICATE");
            default -> throw new IllegalArgumentException("scenario must be referral, queue or refusal");
        };
    }

    /**
     * Prints each status until the result is out (COMPLETED) or the application waits in the queue with its interim
     * answer (IN_QUEUE). When a place is offered (OFFERED, portal, para 8.10) the consumer agrees: the walkthrough
     * signs the consent with the consumer's key and sends it.
     */
    private static void followStatus(ChannelClient client, String messageId, String correlationId, KeyMaterial consumer)
            throws InterruptedException {
        String last = "";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            AsyncGetMessageStatusResponse status = client.status(messageId);
            String line = status.getMessageState() + " " + status.getStatus().getStatusCode() + ": "
                    + status.getStatus().getStatusMessage();
            if (!line.equals(last)) {
                System.out.println("  status " + line);
                last = line;
            }
            String code = status.getStatus().getStatusCode();
            if ("COMPLETED".equals(code) || "IN_QUEUE".equals(code)) {
                return;
            }
            Matcher offered = Pattern.compile("\\((MBU-\\d+)\\)$")
                    .matcher(String.valueOf(status.getStatus().getStatusMessage()));
            if ("OFFERED".equals(code) && offered.find()) {
                System.out.println("  the consumer signs the written consent to " + offered.group(1));
                client.consent(correlationId, offered.group(1), true, consumer);
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("no result within 60 s; is the provider back office running?");
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
        for (int i = 0; i < steps.getLength(); i++) {
            Element step = (Element) steps.item(i);
            System.out.printf("  %-26s norm %-12s %s .. %s  %s%n", step.getAttribute("id"), child(step, "norm"),
                    child(step, "startedAt").substring(11, 23), child(step, "endedAt").substring(11, 23),
                    child(step, "outcome"));
        }
    }

    /** Every status change the channel was told of, as its "history of obtaining services" shows it. */
    private static void printChannelStatuses(String url) throws IOException, InterruptedException {
        System.out.println("\nstatuses the channel received (" + url + "):");
        // the callbacks go out through the gateway's outbox a moment after the status changes
        String history = get(url);
        for (int i = 0; i < 50 && !history.contains("statusCode=\"COMPLETED\"")
                && !history.contains("statusCode=\"IN_QUEUE\""); i++) {
            Thread.sleep(200);
            history = get(url);
        }
        NodeList statuses = SecureXml.parse(history.getBytes(
                StandardCharsets.UTF_8)).getElementsByTagName("status");
        for (int i = 0; i < statuses.getLength(); i++) {
            Element status = (Element) statuses.item(i);
            System.out.printf("  %-13s %-12s %s%n", status.getAttribute("statusCode"), status.getAttribute("messageState"),
                    status.getTextContent());
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
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new ShepException(FaultCode.STATE_SYSTEM_UNAVAILABLE, "cannot reach " + url + ": " + e, e);
        }
    }
}
