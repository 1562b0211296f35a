package kz.qaqpa.mocks.soap;

/** A mock that is one signed SOAP server on its own port: start, stop and where it listens. */
public abstract class MockService {

    /** The mock's server, built by the subclass (its handlers are the subclass's own methods). */
    protected abstract MockSoapServer server();

    public void start() {
        server().start();
    }

    public void stop() {
        server().stop();
    }

    public int port() {
        return server().port();
    }

    public String url() {
        return server().url();
    }
}
