package io.mediagate.broker;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared broker of docker-compose reads docker/artemis/broker.properties; it must give the mediagate
 * queues the guarantees the embedded broker gives them, and Artemis must accept every line of it.
 */
class SharedBrokerSettingsTest {

    @TempDir
    Path dir;

    @Test
    void the_compose_broker_properties_parse_and_match_the_embedded_broker() throws Exception {
        ConfigurationImpl shared = new ConfigurationImpl();
        shared.parseProperties(Path.of("docker/artemis/broker.properties").toAbsolutePath().toString());
        assertFalse(shared.getStatus().contains("\"errors\":[{"), "Artemis rejected a line: " + shared.getStatus());

        AddressSettings compose = shared.getAddressSettings().get("mediagate.#");
        assertNotNull(compose, "address settings for mediagate.#");
        AddressSettings embedded = new EmbeddedBroker(dir, null, 100_000, null).configuration().getAddressSettings().get("#");
        assertEquals(Boolean.FALSE, compose.isAutoDeleteQueues(), "a queue of waiting polls must never be auto-deleted");
        assertEquals(embedded.isAutoDeleteQueues(), compose.isAutoDeleteQueues());
        assertEquals(embedded.isAutoDeleteAddresses(), compose.isAutoDeleteAddresses());
        assertEquals(embedded.getRedeliveryDelay(), compose.getRedeliveryDelay());
        assertEquals(embedded.getRedeliveryMultiplier(), compose.getRedeliveryMultiplier());
        assertEquals(embedded.getMaxRedeliveryDelay(), compose.getMaxRedeliveryDelay());
        assertEquals(embedded.getMaxDeliveryAttempts(), compose.getMaxDeliveryAttempts());
        assertEquals(embedded.getDeadLetterAddress(), compose.getDeadLetterAddress());
        assertEquals(embedded.getExpiryAddress(), compose.getExpiryAddress());
        assertEquals(embedded.getManagementBrowsePageSize(), compose.getManagementBrowsePageSize());
        assertTrue(shared.getAddressConfigurations().stream().anyMatch(a -> a.getName().equals("mediagate.dead")
                        && a.getQueueConfigs().stream().anyMatch(q -> q.getName().toString().equals("mediagate.dead"))),
                "the dead-letter queue exists, or dead letters are dropped");
        for (String aside : EmbeddedBroker.SET_ASIDE) {
            AddressSettings composeAside = shared.getAddressSettings().get(aside);
            AddressSettings embeddedAside = new EmbeddedBroker(dir, null, 100_000, null).configuration().getAddressSettings().get(aside);
            assertNotNull(composeAside, "address settings for " + aside);
            assertEquals(embeddedAside.getExpiryDelay(), composeAside.getExpiryDelay(), aside + " expires as in the embedded broker");
            assertTrue(composeAside.getExpiryAddress() != null && composeAside.getExpiryAddress().isEmpty(),
                    aside + ": expired messages are dropped (an empty expiry address, not the inherited mediagate.expired)");
        }
        // wait buckets page from a small size, or far-off jobs would fill the heap
        AddressSettings composeWaits = shared.getAddressSettings().get(WaitBuckets.MATCH);
        AddressSettings embeddedWaits = new EmbeddedBroker(dir, null, 100_000, null).configuration().getAddressSettings().get(WaitBuckets.MATCH);
        assertNotNull(composeWaits, "address settings for " + WaitBuckets.MATCH);
        assertEquals(embeddedWaits.getAddressFullMessagePolicy(), composeWaits.getAddressFullMessagePolicy());
        assertEquals(embeddedWaits.getMaxSizeBytes(), composeWaits.getMaxSizeBytes());
        assertEquals(embeddedWaits.getMaxReadPageBytes(), composeWaits.getMaxReadPageBytes());
        assertEquals(embeddedWaits.getPrefetchPageBytes(), composeWaits.getPrefetchPageBytes());
        // reply queues are queues for any client, a plain AMQP 1.0 receiver without capabilities too
        AddressSettings composeReplies = shared.getAddressSettings().get(ReplyAddresses.MATCH);
        assertNotNull(composeReplies, "address settings for " + ReplyAddresses.MATCH);
        AddressSettings embeddedReplies = new EmbeddedBroker(dir, null, 100_000, null).configuration().getAddressSettings().get(ReplyAddresses.MATCH);
        assertEquals(RoutingType.ANYCAST, embeddedReplies.getDefaultAddressRoutingType());
        assertEquals(embeddedReplies.getDefaultAddressRoutingType(), composeReplies.getDefaultAddressRoutingType());
        assertEquals(embeddedReplies.getDefaultQueueRoutingType(), composeReplies.getDefaultQueueRoutingType());
        // job events: the request senders' role subscribes and never publishes; the gateways' role keeps every right
        java.util.Map<String, org.apache.activemq.artemis.core.security.Role> events = new java.util.HashMap<>();
        shared.getSecurityRoles().get("mediagate.events").forEach(role -> events.put(role.getName(), role));
        org.apache.activemq.artemis.core.security.Role client = events.get("mediagate-client");
        assertNotNull(client, "the request senders' role on mediagate.events: " + events.keySet());
        assertTrue(client.isConsume() && client.isCreateNonDurableQueue() && client.isCreateDurableQueue()
                && client.isDeleteDurableQueue() && client.isCreateAddress(), "subscriptions of every kind");
        assertFalse(client.isSend(), "events are the gateways' to publish");
        assertTrue(events.get("amq").isSend() && events.get("amq").isConsume() && events.get("amq").isCreateAddress());
        assertTrue(shared.isPersistIDCache());
        assertTrue(shared.isPersistDeliveryCountBeforeDelivery(), "crashes must be counted");
        assertEquals(100_000, shared.getIDCacheSize());
        assertEquals(EmbeddedBroker.MAX_DISK_USAGE_PERCENT, new EmbeddedBroker(dir, null, 100_000, null).configuration().getMaxDiskUsage(),
                "the embedded broker's disk limit is set on purpose");
        assertEquals(EmbeddedBroker.MAX_DISK_USAGE_PERCENT, shared.getMaxDiskUsage(), "the shared broker stops at the same disk use");
        java.util.Properties shipped = new java.util.Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(Path.of("config/application.properties"))) {
            shipped.load(in);
        }
        assertEquals(String.valueOf(shared.getMaxDiskUsage()), shipped.getProperty("mediagate.broker.max-disk-usage"),
                "the shipped configuration's limit for the embedded broker is the shared broker's");
    }
}
