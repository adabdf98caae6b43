package org.avmonitoring.agent.driver.cisco.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.avmonitoring.agent.api.CheckResult;
import org.w3c.dom.Element;

/**
 * The xAPI status sections a poll reads ({@code GET /getxml?location=/Status/<section>}, each answered as
 * {@code <Status><section>...</section></Status>}) and what each puts into a check result. Element names are the
 * RoomOS xAPI reference's: {@code SystemUnit ProductId / Software Version / Hardware Module SerialNumber / Uptime /
 * State NumberOfActiveCalls}, {@code Standby State}, {@code Diagnostics Message[n] Level / Type / Description},
 * {@code Peripherals ConnectedDevice[n] Name / Type / Status}.
 */
enum StatusSections {
    SYSTEM_UNIT("SystemUnit") {
        @Override
        void read(Element s, CheckResult.Builder r) {
            r.metric("product", XapiXml.text(s, "ProductId"));
            r.metric("software_version", XapiXml.text(s, "Software", "Version"));
            r.metric("serial_number", XapiXml.text(s, "Hardware", "Module", "SerialNumber"));
            r.metric("uptime_s", number(XapiXml.text(s, "Uptime")));
            r.metric("active_calls", number(XapiXml.text(s, "State", "NumberOfActiveCalls")));
        }
    },
    STANDBY("Standby") {
        /** Off (awake), Halfwake, EnteringStandby, Standby: all healthy; standby is where an idle room should be. */
        @Override
        void read(Element s, CheckResult.Builder r) {
            r.metric("standby", XapiXml.text(s, "State"));
        }
    },
    DIAGNOSTICS("Diagnostics") {
        @Override
        void read(Element s, CheckResult.Builder r) {
            int errors = 0;
            int warnings = 0;
            List<String> shown = new ArrayList<>();
            for (Element m : XapiXml.children(s, "Message")) {
                String level = String.valueOf(XapiXml.text(m, "Level")).toLowerCase(Locale.ROOT);
                String what = describe(XapiXml.text(m, "Type"), XapiXml.text(m, "Description"));
                if (level.equals("error") || level.equals("critical")) {
                    errors++;
                    r.fail(what);
                } else if (level.equals("warning")) {
                    warnings++;
                    r.warn(what);
                } else {
                    continue;
                }
                if (shown.size() < MAX_LISTED) {
                    shown.add(level + ": " + what);
                }
            }
            r.metric("diagnostics_errors", errors);
            r.metric("diagnostics_warnings", warnings);
            r.metric("diagnostics", shown.isEmpty() ? null : String.join("; ", shown));
        }
    },
    PERIPHERALS("Peripherals") {
        @Override
        void read(Element s, CheckResult.Builder r) {
            int connected = 0;
            List<String> lost = new ArrayList<>();
            for (Element d : XapiXml.children(s, "ConnectedDevice")) {
                String status = XapiXml.text(d, "Status");
                if ("Connected".equalsIgnoreCase(status)) {
                    connected++;
                    continue;
                }
                String who = describe(XapiXml.text(d, "Type"), XapiXml.text(d, "Name"));
                if (lost.size() < MAX_LISTED) {
                    lost.add(who + " (" + (status == null ? "no status" : status) + ")");
                }
                r.warn("peripheral lost: " + who);
            }
            r.metric("peripherals_connected", connected);
            r.metric("peripherals_lost", lost.size());
            r.metric("peripherals_lost_names", lost.isEmpty() ? null : String.join("; ", lost));
        }
    };

    /** Messages and peripherals listed in one metric at most; the counts hold them all. */
    static final int MAX_LISTED = 8;

    final String element;

    StatusSections(String element) {
        this.element = element;
    }

    /** The request path, as Cisco documents it for HTTP GET. */
    String location() {
        return "/getxml?location=/Status/" + element;
    }

    /**
     * Reads the section out of a reply's root. A {@code Status} root without the section is an empty section (an
     * empty list of messages or peripherals); any other root is not a status reply.
     */
    void readReply(Element root, CheckResult.Builder r) throws XapiException {
        if (!"Status".equals(root.getNodeName())) {
            throw new XapiException("reply to " + location() + " is not a Status document");
        }
        read(XapiXml.find(root, element), r);
    }

    /** {@code section} is null when the codec reported nothing under it. */
    abstract void read(Element section, CheckResult.Builder r);

    static Long number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(String kind, String text) {
        if (kind == null) {
            return text == null ? "unnamed" : text;
        }
        return text == null ? kind : kind + " '" + text + "'";
    }
}
