package io.mediagate.modules;

import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.CamelContext;

/**
 * One QPS budget per vendor quota for everything in one Camel application that calls the vendors: the gateway's
 * routes and the {@code mediagate:} component's endpoints book their calls in the same {@link RateLimiter}, bound
 * once in the context's registry, so that together they keep to the vendor's documented QPS (two limiters of the
 * same quota would each spend it in full, and the vendor would answer 429).
 */
public final class QuotaBudgets {

    /** The registry name of the shared limiter. */
    public static final String BEAN = "mediagateQuotaBudgets";

    private QuotaBudgets() {
    }

    /** The context's shared limiter, bound on first use, holding the QPS budgets of the given vendors too. */
    public static RateLimiter of(CamelContext context, VendorRegistry vendors) {
        synchronized (context) {
            RateLimiter shared = context.getRegistry().lookupByNameAndType(BEAN, RateLimiter.class);
            if (shared == null) {
                shared = new RateLimiter();
                context.getRegistry().bind(BEAN, shared);
            }
            return VendorWiring.withQuotasOf(vendors, shared);
        }
    }
}
