package kz.qaqpa.fault;

/** A refusal that becomes a ШЭП fault with an {@code ErrorInfo} carrying {@link #code()}. */
public class ShepException extends RuntimeException {
    private final FaultCode code;

    public ShepException(FaultCode code, String message) {
        super(message);
        this.code = code;
    }

    public ShepException(FaultCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ShepException(FaultCode code) {
        this(code, code.text());
    }

    public FaultCode code() {
        return code;
    }
}
