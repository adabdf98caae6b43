package org.avmonitoring.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class UnknownKeysTest {
    private static final List<String> DEVICE = List.of("id", "name", "type", "host", "port", "interval_s", "enabled",
            "password", "snmp", "ping");

    @Test
    void theTyposOfTheIssueGetTheirSuggestion() {
        assertEquals("unknown key \"pasword\" (did you mean \"password\"?)", UnknownKeys.describe("pasword", DEVICE));
        assertEquals(Optional.of("interval_s"), UnknownKeys.closest("intervall_s", DEVICE));
        assertEquals(Optional.of("community"), UnknownKeys.closest("comunity", List.of("version", "community", "port")));
        assertEquals(Optional.of("host"), UnknownKeys.closest("hsot", DEVICE), "a swap of neighbours is one edit");
        assertEquals(Optional.of("password"), UnknownKeys.closest("PASSWORD", DEVICE));
    }

    @Test
    void nothingCloseMeansNoSuggestion() {
        assertEquals("unknown key \"colour\"", UnknownKeys.describe("colour", DEVICE));
        assertEquals(Optional.empty(), UnknownKeys.closest("ip", DEVICE), "two letters are not a typo of id");
        assertEquals(Optional.empty(), UnknownKeys.closest("x", List.of()));
    }
}
