package kz.qaqpa;

/** Starts the gateway: Camel Main with application.properties and the routes in routes/. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        org.apache.camel.main.Main main = new org.apache.camel.main.Main(Main.class);
        main.run(args);
    }
}
