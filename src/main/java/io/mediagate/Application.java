package io.mediagate;

import io.mediagate.config.Settings;
import io.mediagate.config.ShippedDefaults;
import io.mediagate.config.StartFolder;

import io.mediagate.preflight.CheckCommand;
import io.mediagate.status.StatusCommand;
import org.apache.camel.main.Main;

import java.nio.file.Path;

import java.util.List;
import java.util.Map;

/**
 * {@code java -jar target/mediagate.jar [--once]} runs the gateway; {@code … sandbox [--port N]} runs the
 * vendor sandbox alone; {@code … check [--probe]} checks the live vendors' configuration. The gateway is Camel Main with the routes in {@code routes/*.camel.yaml} and the
 * settings in {@code config/application.properties} (or the file named by {@code MEDIAGATE_CONFIG}).
 */
public final class Application {

    static final String USAGE = """
            usage: java -jar target/mediagate.jar [--once]
                   java -jar target/mediagate.jar check [--probe]
                   java -jar target/mediagate.jar status [--broker URL] [--data DIR] [--json]
                   java -jar target/mediagate.jar sandbox [--port N] [--host ADDRESS]
                   java -jar target/mediagate.jar broker [--listen tcp://HOST:PORT] [--data DIR]
              (no option)  run the gateway until stopped (Ctrl-C / SIGTERM)
              --once       process what is in the inbox, wait for every job to end, print a summary;
                           exit 0 if all succeeded, 1 if any failed, 2 on a configuration error
              check        check every live vendor's configuration (endpoint, credentials, https, media
                           staging), one line per vendor; --probe also makes one free call per live vendor;
                           exit 0 when fine, 2 on a configuration problem, 1 when a vendor refused the probe
              status       jobs waiting to submit / poll (next poll due) / deliver, delivered and failed,
                           per vendor operation, read from a running gateway's broker and the folders
              sandbox      run only the vendor sandbox (default port 8089)
              broker       run only the job broker, for gateways started with MEDIAGATE_BROKER_URL""";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        // Vert.x (the HTTP server of health, metrics, the dashboard and served media) would make a vertx-cache-<uuid>
        // folder in the temp folder for files it serves from the class path, and only a clean stop removes it: every
        // kill -9 left one behind. The gateway serves no file through Vert.x's class-path lookup (the dashboard reads
        // its assets itself), so it is off unless the user sets it.
        System.setProperty("vertx.disableFileCPResolving", System.getProperty("vertx.disableFileCPResolving", "true"));
        List<String> arguments = List.of(args);
        if (!arguments.isEmpty() && arguments.get(0).equals("sandbox")) {
            try {
                SandboxCommand.run(arguments);
            } catch (IllegalArgumentException cannotStart) {
                refuseStart("mediagate sandbox", cannotStart.getMessage());
            }
            return;
        }
        if (!arguments.isEmpty() && arguments.get(0).equals("broker")) {
            try {
                BrokerCommand.run(arguments, Settings.fromSystemAndFile(configFile()));
            } catch (IllegalArgumentException | IllegalStateException cannotStart) {
                refuseStart("mediagate broker", cannotStart.getMessage());
            }
            return;
        }
        if (!arguments.isEmpty() && arguments.get(0).equals("check")) {
            exitIfMissing(StartFolder.missingSettingsFile(configFile(), configNamedByUser()));
            System.exit(CheckCommand.run(arguments.subList(1, arguments.size()), gatewaySettings(), System.out));
        }
        if (!arguments.isEmpty() && arguments.get(0).equals("status")) {
            try {
                System.exit(StatusCommand.run(arguments.subList(1, arguments.size()), Settings.fromSystemAndFile(configFile()), System.out));
            } catch (IllegalArgumentException usage) {
                // a wrong option: say so, without a stack trace
                System.err.println(usage.getMessage());
                System.exit(2);
            }
        }
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        if (!arguments.stream().allMatch(a -> a.equals("--once"))) {
            System.err.println("unknown arguments " + arguments + "\n" + USAGE);
            System.exit(2);
        }
        exitIfMissing(StartFolder.missingSettingsFile(configFile(), configNamedByUser())
                .or(() -> StartFolder.missingRoutes(Settings.fromSystemAndFile(configFile()))));
        Main main = newMain(Map.of());
        if (arguments.contains("--once")) {
            System.exit(new OnceRun(main).run());
        }
        try {
            main.run();
        } catch (Exception startFailed) {
            // Camel Main logs and swallows what fails after the start: what arrives here kept the gateway from starting,
            // a configuration error (the preflight's, a missing setting): exit 2 like --once
            refuseStart("mediagate", StartFailure.reason(startFailed));
        }
    }

    /**
     * The settings as the gateway resolves them (config file with its placeholders such as {@code {{env:PAI_APP_ID:}}},
     * JVM properties, environment), for commands that check the configuration without starting the gateway.
     */
    static Settings gatewaySettings() {
        org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(ShippedDefaults.properties());
        context.getPropertiesComponent().setLocation("file:" + configFile());
        return MediagateConfiguration.settingsOf(context);
    }

    /** A configuration error found before Camel starts: said in one line, exit 2 (as a failed start). */
    private static void exitIfMissing(java.util.Optional<String> problem) {
        problem.ifPresent(reason -> refuseStart("mediagate", reason));
    }

    /** Every command's refusal to start: one line on stderr, exit 2 (a configuration error), no stack trace. */
    private static void refuseStart(String command, String reason) {
        System.err.println(command + " could not start: " + reason);
        System.exit(2);
    }

    private static boolean configNamedByUser() {
        return System.getProperty("mediagate.config") != null || System.getenv("MEDIAGATE_CONFIG") != null;
    }

    /** {@code config/application.properties}, or the file named by {@code MEDIAGATE_CONFIG} / {@code -Dmediagate.config}. */
    static Path configFile() {
        return Path.of(System.getProperty("mediagate.config",
                System.getenv().getOrDefault("MEDIAGATE_CONFIG", "config/application.properties")));
    }

    /** Camel Main set up as the application runs it; {@code overrides} win over every other setting (tests). */
    public static Main newMain(Map<String, String> overrides) {
        Main main = new Main();
        main.configure().addConfiguration(MediagateConfiguration.class);
        // a setting the user's file leaves out keeps the shipped default (lowest precedence), in routes too
        main.setInitialProperties(ShippedDefaults.properties());
        main.setPropertyPlaceholderLocations("file:" + configFile());
        overrides.forEach(main::addOverrideProperty);
        return main;
    }
}
