package org.avmonitoring.agent.driver.ping.internal;

import java.time.Instant;
import java.util.List;

import org.avmonitoring.agent.api.CheckResult;

/**
 * The round-trip times of one check's echoes (ICMP) or connects (TCP), null for each one lost, turned into a result:
 * ko at 100 % loss, warning above the loss threshold.
 */
record Echoes(List<Double> rttsMs, String lossReason) {

    CheckResult toResult(Instant at, String mode, String address, PingSettings settings) {
        int sent = rttsMs.size();
        List<Double> got = rttsMs.stream().filter(r -> r != null).toList();
        int lossPct = sent == 0 ? 100 : (int) Math.round(100.0 * (sent - got.size()) / sent);
        CheckResult.Builder b = CheckResult.builder(at)
                .metric("mode", mode)
                .metric("address", address)
                .metric("sent", sent)
                .metric("received", got.size())
                .metric("loss_pct", lossPct);
        if (got.isEmpty()) {
            return b.fail("no answer to " + sent + " " + ("tcp".equals(mode) ? "connects" : "echoes")
                    + (lossReason == null ? "" : " (" + lossReason + ")")).build();
        }
        double min = got.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = got.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double avg = got.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        b.latencyMs(round(avg)).metric("rtt_min_ms", round(min)).metric("rtt_avg_ms", round(avg)).metric("rtt_max_ms", round(max));
        if (lossPct > settings.lossWarningPct()) {
            b.warn(lossPct + " % loss (" + (sent - got.size()) + " of " + sent + ")"
                    + (lossReason == null ? "" : ": " + lossReason) + ", above " + settings.lossWarningPct() + " %");
        }
        return b.build();
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
