package kz.qaqpa.registry;

import java.util.Set;

/**
 * A system registered to talk to the gateway (ШЭП participant).
 *
 * @param id          senderId used in SenderInfo
 * @param password    its password
 * @param bin         BIN its transport certificate must carry (OU=BIN...)
 * @param services    serviceIds it may send to
 * @param receives    serviceIds it serves as provider (polls with getMessages, answers with RESPONSE)
 * @param channels    regulation channels it may submit applications on (PORTAL, CON, ZHAO, EASTANA)
 * @param callbackUrl its IAsyncChannelClient endpoint, or empty when it takes no callbacks
 */
public record Sender(String id, String password, String bin, Set<String> services, Set<String> receives,
                     Set<String> channels, String callbackUrl) {

    public boolean hasCallback() {
        return callbackUrl != null && !callbackUrl.isBlank();
    }
}
