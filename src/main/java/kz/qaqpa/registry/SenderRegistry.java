package kz.qaqpa.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import kz.qaqpa.settings.Settings;
import kz.qaqpa.fault.FaultCode;
import kz.qaqpa.fault.ShepException;
import kz.qaqpa.trust.SignerRole;
import kz.qaqpa.trust.SubjectIdentity;
import java.security.cert.X509Certificate;

/** Registered sender systems, read from {@code qaqpa.senders} and {@code qaqpa.sender.<id>.*} properties. */
public final class SenderRegistry {
    private final Map<String, Sender> senders;

    public SenderRegistry(Map<String, Sender> senders) {
        this.senders = Map.copyOf(senders);
    }

    public static SenderRegistry fromProperties(Function<String, String> property) {
        Map<String, Sender> senders = new LinkedHashMap<>();
        for (String id : Settings.list("qaqpa.senders", property.apply("qaqpa.senders"), Settings.Empty.REFUSED)) {
            String p = "qaqpa.sender." + id + ".";
            // a sender without credentials could never be authenticated: refuse to start rather than fail each call
            for (String key : new String[] {"password", "bin"}) {
                if (Settings.single(p + key, property.apply(p + key), Settings.Empty.NONE) == null) {
                    throw new IllegalStateException("configuration key '" + p + key + "' is missing or empty for sender "
                            + id);
                }
            }
            String bin = Settings.identificationNumber(p + "bin", property.apply(p + "bin"), Settings.Empty.NONE);
            senders.put(id, new Sender(id, property.apply(p + "password"), bin,
                    setWithExtra(property, p + "services"), setWithExtra(property, p + "receives"),
                    set(property, p + "channels"), callback(property, p + "callback")));
        }
        requireOwnCallbacks(senders.values());
        requireNotTheGateway(senders.values(), property);
        return new SenderRegistry(senders);
    }

    /** The ports a URL reaches when it names none (RFC 9110 4.2.1 and 4.2.2). */
    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;
    /** The gateway's own HTTP servers, each by its bind address's and its port's settings. */
    private static final List<List<String>> OWN_SERVERS = List.of(List.of("qaqpa.http.host", "qaqpa.http.port"),
            List.of("qaqpa.operator.host", "qaqpa.operator.port"), List.of("qaqpa.monitoring.host", "qaqpa.monitoring.port"));
    /** Names and literals that reach this machine itself (RFC 6761 6.3's localhost; 0.0.0.0 and :: connect here). */
    private static final Pattern LOOPBACK = Pattern.compile(
            "localhost|.+\\.localhost|127\\.\\d+\\.\\d+\\.\\d+|0\\.0\\.0\\.0|0:0:0:0:0:0:0:[01]");

    /**
     * Ours (attack62, attack61's Left): a sender's callback may not name one of the gateway's own ports on this machine
     * (a loopback name or literal in any of its forms, or the address the server is bound to). Each callback would be
     * answered by the gateway itself, never signed by the sender's system, and sent again until stopped after
     * qaqpa.outbox.max-attempts, with a WARN a call. A port of 0 (chosen at the start) cannot be compared, nor can
     * the gateway's address behind a proxy or another name of this machine: those stay the operator's to get right.
     */
    private static void requireNotTheGateway(Collection<Sender> senders, Function<String, String> property) {
        for (Sender s : senders) {
            if (!s.hasCallback()) {
                continue;
            }
            URI uri = URI.create(s.callbackUrl());
            String host = host(uri.getHost());
            int port = port(uri);
            for (List<String> server : OWN_SERVERS) {
                String bound = Settings.single(server.get(0), property.apply(server.get(0)), Settings.Empty.NONE);
                String own = Settings.single(server.get(1), property.apply(server.get(1)), Settings.Empty.NONE);
                if (String.valueOf(port).equals(own) && (LOOPBACK.matcher(host).matches()
                        || bound != null && host.equals(host(bound)))) {
                    throw new IllegalStateException("qaqpa.sender." + s.id() + ".callback (" + s.callbackUrl()
                            + ") names the gateway's own " + server.get(1) + " on this machine: its callbacks would be"
                            + " answered by the gateway, never by the sender's system, and sent again until stopped;"
                            + " give the sender's own callback address");
                }
            }
        }
    }

    /**
     * Ours (attack56): two senders of different organisations (БИН) may not share a callback address. Each would be
     * sent the other's status notifications and results, which carry applicants' personal data, and no answer could
     * confirm both: a callback counts as delivered only when its answer is signed by the system of the recipient's БИН
     * ({@code PeerCheck}), so the other's callbacks would be sent again until they stopped. Two systems of one
     * organisation may share one.
     */
    private static void requireOwnCallbacks(Collection<Sender> senders) {
        Map<String, Sender> byAddress = new HashMap<>();
        for (Sender s : senders) {
            if (!s.hasCallback()) {
                continue;
            }
            Sender other = byAddress.putIfAbsent(address(s.callbackUrl()), s);
            if (other != null && !other.bin().equals(s.bin())) {
                throw new IllegalStateException("qaqpa.sender." + other.id() + ".callback and qaqpa.sender." + s.id()
                        + ".callback name one address (" + s.callbackUrl() + ") for two organisations (БИН "
                        + other.bin() + ", " + s.bin() + "): each would be sent the other's status notifications and"
                        + " results; give each sender its own callback address");
            }
        }
    }

    /**
     * A callback URL ({@link Settings#url}: http or https, with a host) as its recipient is reached: scheme and host in
     * any case, a default port written or not; since attack61 also the host with DNS's trailing dot or an IP literal in
     * another of the forms the resolver reads, and the path and query as RFC 3986 6.2.2 normalizes them
     * (percent-encoded unreserved characters, dot segments).
     */
    private static String address(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = port(uri);
        String path = URI.create("http://host" + unreservedDecoded(uri.getRawPath())).normalize().getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + unreservedDecoded(uri.getRawQuery());
        return scheme + "://" + host(uri.getHost()) + ":" + port + (path.isEmpty() ? "/" : path) + query;
    }

    /** The port a call to {@code uri} (http or https) reaches: the one it names, else its scheme's default. */
    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? HTTPS_PORT : HTTP_PORT;
    }

    /** An IPv6 literal in its brackets, or the digits-and-dots forms of IPv4 (127.0.0.1, 127.000.000.001, 2130706433). */
    private static final Pattern IP_LITERAL = Pattern.compile("\\[[0-9a-f:.]+]|\\d+(\\.\\d+){0,3}");

    /** A host name without DNS's trailing dot, in small letters; an IP literal as the resolver reads it. */
    private static String host(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (!IP_LITERAL.matcher(name).matches() || !name.startsWith("[") && !isIpv4(name)) {
            return name;
        }
        try {
            return InetAddress.getByName(name).getHostAddress();
        } catch (UnknownHostException e) {
            return name;
        }
    }

    /**
     * Whether digits and dots are an IPv4 literal the JDK reads without the resolver: each part a byte, the last the
     * remaining bytes (127.1 is 127.0.0.1). Other digits (256.1.1.1) are names, which the start does not resolve
     * (review61b: they were asked of DNS).
     */
    private static boolean isIpv4(String digits) {
        String[] parts = digits.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].length() > 10) {
                return false;
            }
            long most = i < parts.length - 1 ? 0xFF : (1L << (8 * (4 - i))) - 1;
            if (Long.parseLong(parts[i]) > most) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern PERCENT_ENCODED = Pattern.compile("%([0-9A-Fa-f]{2})");
    /** RFC 3986 2.3's unreserved characters, which a percent-encoding does not change. */
    private static final Pattern UNRESERVED = Pattern.compile("[A-Za-z0-9._~-]");

    /** {@code raw} with its percent-encoded unreserved characters decoded, the other encodings in capitals. */
    private static String unreservedDecoded(String raw) {
        return PERCENT_ENCODED.matcher(raw).replaceAll(m -> {
            String c = String.valueOf((char) Integer.parseInt(m.group(1), 16));
            return Matcher.quoteReplacement(UNRESERVED.matcher(c).matches() ? c : m.group().toUpperCase(Locale.ROOT));
        });
    }

    /** Where the sender's notifications go; none (it polls) when left out or written empty (the shipped MZH_EDU). */
    private static String callback(Function<String, String> property, String key) {
        return Optional.ofNullable(Settings.single(key, property.apply(key), Settings.Empty.NONE))
                .map(url -> Settings.url(key, url)).orElse("");
    }

    /** Every registered sender's id (qaqpa.senders). */
    public Set<String> ids() {
        return senders.keySet();
    }

    public Optional<Sender> find(String senderId) {
        return Optional.ofNullable(senders.get(senderId));
    }

    /** Every regulation channel some sender may submit applications on. */
    public Set<String> channels() {
        return senders.values().stream().flatMap(s -> s.channels().stream()).collect(Collectors.toSet());
    }

    /** The senders with a callback, each to the address configured now. */
    public Map<String, String> callbacks() {
        return senders.values().stream().filter(Sender::hasCallback)
                .collect(Collectors.toMap(Sender::id, Sender::callbackUrl));
    }

    /** Senders that get every status change of {@code serviceId}, besides the originating channel (e.g. ЦОН IS). */
    public Set<Sender> observers(Set<String> ids) {
        return ids.stream().map(senders::get).filter(s -> s != null && s.hasCallback()).collect(Collectors.toSet());
    }

    /**
     * The sender named in the message, authenticated by password and by its transport certificate: a system
     * certificate (see {@link SubjectIdentity#isSystem()}) with the sender's BIN; an employee's personal certificate
     * carrying the same BIN is not the system, nor is a certificate the НУЦ issued to an individual
     * ({@link SignerRole}). A wrong senderId, password or certificate all give the same answer,
     * so nothing leaks to a prober.
     */
    public Sender authenticate(String senderId, String password, X509Certificate transportCertificate) {
        Sender sender = senders.get(senderId == null ? "" : senderId);
        SubjectIdentity signer = SubjectIdentity.of(transportCertificate);
        if (sender == null || !matches(sender.password(), password) || !SignerRole.isSystem(transportCertificate)
                || !sender.bin().equals(signer.bin())) {
            throw new ShepException(FaultCode.SENDER_NOT_AUTHORISED,
                    "sender '" + senderId + "' is not registered, or its password or certificate does not match");
        }
        return sender;
    }

    public void requireService(Sender sender, String serviceId) {
        if (!sender.services().contains(serviceId)) {
            throw new ShepException(FaultCode.ACCESS_DENIED,
                    "sender '" + sender.id() + "' may not call service '" + serviceId + "'");
        }
    }

    public void requireProvider(Sender sender, String serviceId) {
        if (!sender.receives().contains(serviceId)) {
            throw new ShepException(FaultCode.ACCESS_DENIED,
                    "sender '" + sender.id() + "' is not the provider of service '" + serviceId + "'");
        }
    }

    private static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** A sender's grants, provided services or channels: written empty, none (a provider that sends nothing). */
    private static Set<String> set(Function<String, String> property, String key) {
        return Set.copyOf(Settings.list(key, property.apply(key), Settings.Empty.NONE));
    }

    /** A list with its additive form (Settings.listWithExtra: qaqpa.sender.<id>.services.extra). */
    private static Set<String> setWithExtra(Function<String, String> property, String key) {
        return Set.copyOf(Settings.listWithExtra(key, property, Settings.Empty.NONE));
    }
}
