package com.example.imaging;

import io.mediagate.component.MediagateVendorException;
import org.apache.camel.builder.RouteBuilder;

/** Image analysis, an asynchronous operation: mediagate submits the task and polls it until it ends. */
public class AnalyzeImageRoutes extends RouteBuilder {

    @Override
    public void configure() {
        // the vendor's error record (kind input, auth, vendor, timeout) becomes the answer instead of an exception
        onException(MediagateVendorException.class)
                .handled(true)
                .setBody(simple("${exception.errorRecord}"));

        from("direct:analyze-image")
                .to("mediagate:opensearch/image-analyze?pollFirstDelay=200ms&pollMaxInterval=1s")
                .log("image ${header.CamelMediagateJobId}: ${header.CamelMediagateStatus} after"
                        + " ${header.CamelMediagateVendorCalls} vendor calls (task ${header.CamelMediagateTaskId})");
    }
}
