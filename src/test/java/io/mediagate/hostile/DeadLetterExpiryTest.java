package io.mediagate.hostile;

import io.mediagate.broker.EmbeddedBroker;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.HierarchicalObjectRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages set aside (the broker's dead letters, rejected requests) can be large — a request may carry megabytes of
 * inline media — and nobody may ever read them: they expire and are then dropped, so their disk space comes back.
 */
class DeadLetterExpiryTest {

    @TempDir
    Path dir;

    /** The settings the broker applies to an address: the most specific match, merged with the wider ones. */
    private AddressSettings effective(String address) throws Exception {
        HierarchicalObjectRepository<AddressSettings> repository = new HierarchicalObjectRepository<>();
        repository.setDefault(new AddressSettings());
        new EmbeddedBroker(dir, null, 1000, null).configuration().getAddressSettings().forEach(repository::addMatch);
        return repository.getMatch(address);
    }

    @Test
    void dead_letters_and_rejected_requests_expire_and_are_then_dropped() throws Exception {
        for (String aside : new String[]{"mediagate.dead", "mediagate.requests.dead"}) {
            AddressSettings settings = effective(aside);
            assertEquals(EmbeddedBroker.SET_ASIDE_KEPT.toMillis(), settings.getExpiryDelay(), aside + " expires");
            assertTrue(settings.getExpiryAddress() == null || settings.getExpiryAddress().isEmpty(),
                    aside + ": an expired message is dropped, not moved to another queue that keeps it: " + settings.getExpiryAddress());
        }
        assertTrue(EmbeddedBroker.SET_ASIDE_KEPT.compareTo(Duration.ofDays(1)) >= 0, "kept long enough to be looked at");
        AddressSettings stage = effective("mediagate.submit");
        assertEquals(-1L, stage.getExpiryDelay(), "jobs on the stage queues never expire");
    }
}
