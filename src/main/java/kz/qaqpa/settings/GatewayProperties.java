package kz.qaqpa.settings;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The gateway's configuration read by Camel Main's own code, for a command-line tool run beside it: the same
 * properties location option ({@code -propertiesLocation FILE} or {@code -pl FILE}, parsed by Camel Main as for the
 * gateway; without it classpath:application.properties), environment variables and {@code -D} as Camel resolves them,
 * and the tool's own options over all of them.
 */
public final class GatewayProperties extends org.apache.camel.main.Main {
    /** The gateway's spellings of the option (Camel Main's): the tools take the same. */
    public static final String OPTION = "-propertiesLocation";
    public static final String SHORT_OPTION = "-pl";

    private GatewayProperties() {
    }

    /**
     * The settings the gateway started with {@code option location} reads ({@code option} null: started without it),
     * with {@code overrides} over them.
     *
     * @throws IllegalStateException if the location cannot be read (named), as the gateway would not start on it
     */
    public static Settings read(String option, String location, Map<String, String> overrides) {
        GatewayProperties main = new GatewayProperties();
        if (option != null) {
            main.parseArguments(new String[] {option, location});
        }
        overrides.forEach(main::addOverrideProperty);
        CamelContext context = new DefaultCamelContext();
        try {
            main.configurePropertiesService(context);
            context.getPropertiesComponent().loadProperties(); // a location that is not there fails here, not later
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the configuration from " + location + ": " + e.getMessage(), e);
        }
        return Settings.of(context);
    }
}
