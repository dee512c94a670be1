package io.mediagate.flow;

import io.mediagate.calls.VendorHttpMessages;
import io.mediagate.calls.VendorSigning;
import io.mediagate.http.VendorRequest;
import io.mediagate.job.Job;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The auth step of routes/vendor-call.camel.yaml: the vendor's authentication on the request built before it. */
public final class VendorAuth {

    private final VendorSigning signing;

    public VendorAuth(VendorRegistry vendors) {
        this.signing = new VendorSigning(vendors);
    }

    /** Signs the request on the message (see {@link VendorSigning#authenticate}); its new headers go out with it. */
    public void authenticate(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        Message message = exchange.getMessage();
        VendorRequest request = VendorHttpMessages.request(message);
        signing.authenticate(job, request);
        request.headers().forEach(message::setHeader);
    }
}
