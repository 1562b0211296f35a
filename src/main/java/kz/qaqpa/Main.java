package kz.qaqpa;

/** Starts the gateway: Camel Main with application.properties and the routes in routes/. */
public final class Main {
    /** How the one line a refused start prints (stderr) begins; the process then exits with code 1. */
    public static final String CANNOT_START = "Qaqpa cannot start: ";

    private Main() {
    }

    public static void main(String[] args) {
        org.apache.camel.main.Main main = new org.apache.camel.main.Main(Main.class);
        try {
            main.run(args);
        } catch (Exception e) {
            System.err.println(CANNOT_START + reasons(e));
            if (!isRefusal(e)) {
                e.printStackTrace(); // not a setting the gateway refused: a defect, whose trace the developer needs
            }
            System.exit(1);
        }
    }

    /** The message of each exception in the chain, outermost first, without repeats. */
    static String reasons(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.length() == 0 ? "" : "; caused by: ").append(message);
            }
        }
        return text.toString();
    }

    /** A start the gateway's own checks refused (a setting, a key, a file), told by a message that names it. */
    private static boolean isRefusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            boolean ours = t.getStackTrace().length > 0 && t.getStackTrace()[0].getClassName().startsWith("kz.qaqpa.");
            if (ours && (t instanceof IllegalStateException || t instanceof IllegalArgumentException)) {
                return true;
            }
        }
        return false;
    }
}
