package io.mediagate.component;

import io.mediagate.job.Job;
import io.mediagate.job.JobDocuments;
import io.mediagate.job.JobFailure;
import io.mediagate.vendors.VendorOperation;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns each exchange into a job and runs it ({@link CallRun}) on the component's scheduler; the exchange's routing
 * goes on when the job ends (Camel's asynchronous routing engine), so waiting exchanges hold no thread.
 */
public class MediagateProducer extends DefaultAsyncProducer {

    private final MediagateEndpoint endpoint;

    public MediagateProducer(MediagateEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        MediagateComponent component = endpoint.getComponent();
        Path scratch = null;
        try {
            VendorOperation operation = endpoint.vendorOperation();
            scratch = Files.createTempDirectory("mediagate-call-");
            Job job = JobRequests.jobOf(exchange, operation, endpoint.defaultParams(operation.spec()),
                    endpoint.getFileName(), scratch);
            Path own = scratch;
            new CallRun(job, endpoint.pollPolicy(operation.spec()), endpoint.services(), component.http(),
                    component.scheduler(), exchange, callback, () -> delete(own),
                    endpoint.getArtifactsDir() == null || endpoint.getArtifactsDir().isBlank() ? null
                            : Path.of(endpoint.getArtifactsDir())).start();
            return false;
        } catch (JobFailure failure) {
            Job refused = new Job();
            refused.setVendor(endpoint.getVendor());
            refused.setOperation(endpoint.getOperation());
            refused.setRelativePath(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, "body", String.class));
            refused.fail(failure.error(), System.currentTimeMillis());
            exchange.setException(new MediagateVendorException(failure.error(), JobDocuments.failure(refused)));
        } catch (Exception e) {
            exchange.setException(e);
        }
        delete(scratch);
        callback.done(true);
        return true;
    }

    /** Removes the media written for the call (bytes and streams are written to a file the operation reads). */
    private static void delete(Path scratch) {
        if (scratch == null) {
            return;
        }
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
