package org.avmonitoring.agent.driver.extron.internal;

import java.nio.charset.StandardCharsets;

/**
 * The queries a poll sends, in order, and where each reply goes. {@code Q}, {@code N} and {@code I} are common to
 * Extron's product families; {@code Esc 20STAT} (internal temperature) and {@code 0LS} (input signal presence) are
 * documented for some products only: elsewhere the device answers {@code E10}/{@code E13}, and the metric is left out.
 */
enum SisQuery {
    FIRMWARE("Q") {
        @Override
        boolean read(String line, SisAnswers a) {
            a.firmware = SisReplies.firmware(line);
            return a.firmware != null;
        }
    },
    PART_NUMBER("N") {
        @Override
        boolean read(String line, SisAnswers a) {
            a.partNumber = SisReplies.partNumber(line);
            return a.partNumber != null;
        }
    },
    INFORMATION("I") {
        @Override
        boolean read(String line, SisAnswers a) {
            a.information = SisReplies.bounded(line);
            return true;
        }
    },
    TEMPERATURE("\u001b20STAT") {
        @Override
        boolean read(String line, SisAnswers a) {
            a.temperatureC = SisReplies.temperature(line);
            return a.temperatureC != null;
        }
    },
    SIGNAL_PRESENCE("0LS") {
        @Override
        boolean read(String line, SisAnswers a) {
            a.signals = SisReplies.signals(line);
            return a.signals != null;
        }
    };

    private final byte[] bytes;

    SisQuery(String command) {
        this.bytes = (command + "\r").getBytes(StandardCharsets.US_ASCII);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** Reads a reply that is not an error into {@code a}; false when it is not what this query answers. */
    abstract boolean read(String line, SisAnswers a);
}
