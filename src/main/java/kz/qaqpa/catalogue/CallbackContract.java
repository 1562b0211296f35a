package kz.qaqpa.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The callback contract a channel serves at its callback URL ({@code wsdl/AsyncChannelClient.wsdl}) and the files it
 * links, as shipped, under their relative names: served read-only at {@code GET /contract/{name}} so that an
 * integrator generates the callback service from the gateway, as the channel client from {@code ?wsdl} (ours: the
 * published contract leaves where a channel gets it open). The links inside are relative and resolve among these
 * names; the soap:address is a placeholder, the channel's own callback URL replaces it.
 */
final class CallbackContract {
    /** The WSDL an integrator asks for. */
    static final String WSDL = "AsyncChannelClient.wsdl";
    /** The WSDL and every file it links, directly or through another: nothing else of the classpath is served. */
    private static final List<String> FILES = List.of(WSDL, "IAsyncChannelClient.wsdl", "types/async-client.xsd",
            "types/async-channel.xsd", "types/async-types.xsd", "types/common.xsd");

    private CallbackContract() {
    }

    /** The file {@code name} (e.g. "types/common.xsd"), or empty when it is not part of the callback contract. */
    static Optional<byte[]> file(String name) {
        if (!FILES.contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = CallbackContract.class.getResourceAsStream("/wsdl/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the callback contract's " + name + " is missing from the classpath");
            }
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the callback contract's " + name, e);
        }
    }
}
