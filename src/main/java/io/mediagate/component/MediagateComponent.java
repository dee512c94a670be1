package io.mediagate.component;

import io.mediagate.config.CamelSettings;
import io.mediagate.config.Settings;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.PropertiesHelper;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The {@code mediagate:} component: mediagate's vendor calls as a step of any Camel route,
 * {@code to: mediagate:<vendor>/<operation>}. The vendors are wired from the application's {@code mediagate.*}
 * properties as the gateway wires them (credentials, endpoints, QPS budgets, poll schedules, retries), live where
 * credentials are set and played by the in-process sandbox elsewhere.
 */
@Component("mediagate")
public class MediagateComponent extends DefaultComponent {

    @Metadata(label = "advanced", defaultValue = "4", description = "Threads that make the calls of all this component's"
            + " exchanges when they are due (submits, polls, retries); no thread waits between them")
    private int callThreads = 4;
    @Metadata(enums = "auto,true,false", description = "Whether vendors are played by mediagate's in-process sandbox:"
            + " auto for every vendor without credentials, true, or false (never); default: mediagate.sandbox.enabled")
    private String sandbox;

    private VendorServices services;
    private VendorHttp http;
    private ScheduledExecutorService scheduler;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String[] path = remaining.split("/");
        if (path.length != 2 || path[0].isBlank() || path[1].isBlank()) {
            throw new IllegalArgumentException("a mediagate endpoint names a vendor and its operation,"
                    + " mediagate:<vendor>/<operation>, e.g. mediagate:opensearch/object-detect; was " + uri);
        }
        MediagateEndpoint endpoint = new MediagateEndpoint(uri, this);
        endpoint.setVendor(path[0]);
        endpoint.setOperation(path[1]);
        endpoint.setSettings(PropertiesHelper.extractProperties(parameters, MediagateEndpoint.SETTING_PREFIX));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        services = VendorServices.start(settings(Map.of()), getCamelContext());
        http = new VendorHttp(getCamelContext());
        scheduler = getCamelContext().getExecutorServiceManager().newScheduledThreadPool(this, "mediagate-calls", callThreads);
    }

    @Override
    protected void doStop() throws Exception {
        if (scheduler != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(scheduler);
        }
        if (http != null) {
            http.close();
        }
        if (services != null) {
            services.close();
        }
        super.doStop();
    }

    VendorServices services() {
        return services;
    }

    /** The application's {@code mediagate.*} settings, with this component's options and then {@code own} over them. */
    Settings settings(Map<String, String> own) {
        Map<String, String> overrides = new HashMap<>();
        if (sandbox != null) {
            overrides.put("mediagate.sandbox.enabled", sandbox);
        }
        overrides.putAll(own);
        return CamelSettings.of(getCamelContext(), overrides);
    }

    VendorHttp http() {
        return http;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public int getCallThreads() {
        return callThreads;
    }

    public void setCallThreads(int callThreads) {
        this.callThreads = callThreads;
    }

    public String getSandbox() {
        return sandbox;
    }

    public void setSandbox(String sandbox) {
        this.sandbox = sandbox;
    }
}
