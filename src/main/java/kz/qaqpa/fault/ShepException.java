package kz.qaqpa.fault;

/** A refusal that becomes a ШЭП fault with an {@code ErrorInfo} carrying {@link #code()}. */
public class ShepException extends RuntimeException {
    /**
     * A message may quote what it refuses (a schema error quotes the value): a sender's 4 MB value would otherwise come
     * back in a fault twice its size, and go into the message log and a log line whole.
     */
    static final int MAX_MESSAGE_CHARS = 1000;
    private final FaultCode code;

    public ShepException(FaultCode code, String message) {
        super(bounded(message));
        this.code = code;
    }

    public ShepException(FaultCode code, String message, Throwable cause) {
        super(bounded(message), cause);
        this.code = code;
    }

    /** {@code message} cut to the length of the gateway's own messages, saying how long it was; null stays null. */
    public static String bounded(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        int cut = Character.isHighSurrogate(message.charAt(MAX_MESSAGE_CHARS - 1)) ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS;
        return message.substring(0, cut) + "… (" + message.length() + " characters in all)";
    }

    public ShepException(FaultCode code) {
        this(code, code.text());
    }

    public FaultCode code() {
        return code;
    }
}
