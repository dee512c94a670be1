package io.mediagate.component;

import org.apache.camel.builder.RouteBuilder;

/** The README's Java DSL example ("Use mediagate from your own Camel routes"); the tests run it as the README shows it. */
public class AnalyzeImagesRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // README-START
        // a key or token the vendor rejects ends the exchange here; any other failure goes to the error handler
        onException(MediagateVendorException.class)
                .onWhen(simple("${exception.kind} == 'auth'"))
                .handled(true)
                .setBody(simple("${exception.errorRecord}"))
                .to("direct:credentials-rejected");

        // an asynchronous operation: submitted, then polled until its task ends; no thread waits in between
        from("direct:analyze-image")
                .to("mediagate:opensearch/image-analyze?pollFirstDelay=200ms&pollMaxInterval=1s")
                .log("task ${header.CamelMediagateTaskId} done after ${header.CamelMediagateVendorCalls} vendor calls");
        // README-END
    }
}
