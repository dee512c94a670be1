package com.example.imaging;

import org.apache.camel.main.Main;

/** Camel Main with the YAML routes of routes/ and the Java routes; settings in application.properties. */
public final class ImagingApp {

    private ImagingApp() {
    }

    public static Main main() {
        Main main = new Main();
        main.configure().addRoutesBuilder(new AnalyzeImageRoutes());
        return main;
    }

    public static void main(String[] args) throws Exception {
        main().run(args);
    }
}
