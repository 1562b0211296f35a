package kz.qaqpa.mocks.pki;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Runs the test НУЦ alone: {@code PkiMain <dir> <port> [password] [publicBaseUrl]}.
 * Defaults: password "qaqpa-test", base URL http://localhost:&lt;port&gt;.
 */
public final class PkiMain {
    private PkiMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: PkiMain <dir> <port> [password] [publicBaseUrl]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        char[] password = (args.length > 2 ? args[2] : "qaqpa-test").toCharArray();
        String baseUrl = args.length > 3 ? args[3] : "http://localhost:" + port;
        TestPki pki = TestPki.openOrCreate(dir, password, baseUrl, Clock.systemUTC());
        PkiServer server = new PkiServer(pki, port).start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("test PKI in " + dir.toAbsolutePath() + " serving " + baseUrl
                + " (/ocsp, /crl/issuing.crl, /ca/root.crt, /ca/issuing.crt, the GOST family's as issuing-gost.crl, root-gost.crt,"
                + " issuing-gost.crt); keys (RSA and GOST, default " + pki.defaultAlgorithm() + "): " + pki.aliases());
    }
}
