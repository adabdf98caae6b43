package org.avmonitoring.agent.webui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class EventHubTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void everyClientReceivesEachEventAsAServerSentEvent() throws Exception {
        EventHub hub = new EventHub(4, 8);
        EventHub.Subscription a = hub.subscribe();
        EventHub.Subscription b = hub.subscribe();
        hub.publish("result", Map.of("id", "proj-1"));
        String expected = "event: result\ndata: {\"id\":\"proj-1\"}\n\n";
        assertEquals(expected, a.next(WAIT));
        assertEquals(expected, b.next(WAIT));
        assertNull(a.next(Duration.ofMillis(10)), "nothing more: time for a keep-alive");
    }

    @Test
    void aSlowClientIsDroppedWithoutHoldingThePublisherOrTheOthers() throws Exception {
        EventHub hub = new EventHub(4, 8);
        EventHub.Subscription slow = hub.subscribe();
        EventHub.Subscription fast = hub.subscribe();
        for (int i = 0; i < 20; i++) {
            hub.publish("result", Map.of("n", i));
            assertNotNull(fast.next(WAIT));
        }
        assertTrue(slow.closed(), "the client that never read is dropped");
        assertNull(slow.next(WAIT));
        assertFalse(fast.closed());
        assertEquals(1, hub.clients());
    }

    @Test
    void refusesClientsBeyondTheCapAndFreesASlotOnClose() {
        EventHub hub = new EventHub(2, 8);
        EventHub.Subscription first = hub.subscribe();
        assertNotNull(hub.subscribe());
        assertNull(hub.subscribe());
        first.close();
        assertNotNull(hub.subscribe());
    }

    @Test
    void closeAllWakesAWaitingReader() throws Exception {
        EventHub hub = new EventHub(2, 8);
        EventHub.Subscription s = hub.subscribe();
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return s.next(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        hub.closeAll();
        assertNull(reader.get(5, TimeUnit.SECONDS));
        assertEquals(0, hub.clients());
    }

    @Test
    void aClientOverTheLimitIsToldWhyInTheStream() throws Exception {
        EventHub hub = new EventHub(1, 8);
        assertNotNull(hub.subscribe());
        assertNull(hub.subscribe());
        Map<String, Object> why = JsonBody.JSON_TEXT.mapFrom(hub.refusal().split("data: ")[1].trim());
        assertEquals("too many open UI tabs", why.get("reason"));
        assertEquals(1, why.get("max_clients"));
        assertTrue(hub.refusal().startsWith("retry: " + EventHub.REFUSED_RETRY_MS + "\nevent: refused\n"));
    }
}
