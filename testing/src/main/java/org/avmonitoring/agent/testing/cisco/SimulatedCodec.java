package org.avmonitoring.agent.testing.cisco;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.avmonitoring.agent.testing.support.FaultyDevice;

/**
 * One simulated codec: credentials, the status tree the xAPI reference describes (SystemUnit, Standby,
 * Diagnostics, Peripherals), fault modes; every setter may be called while the simulator runs.
 */
public final class SimulatedCodec extends FaultyDevice<CodecFault, SimulatedCodec> {

    /** A {@code Diagnostics Message} entry. Level is Critical, Error, Warning or Info in RoomOS. */
    public record Message(String level, String type, String description) {
    }

    /** A {@code Peripherals ConnectedDevice} entry; status Connected, or e.g. ResponseTimedOut when lost. */
    public record Peripheral(String name, String type, String status) {
    }

    private final String username;
    private final String password;
    private final boolean tls;
    private final AtomicInteger requests = new AtomicInteger();
    private String productId = "Cisco Webex Room Kit";
    private String softwareVersion = "ce11.5.1.5.3a2c6e2a3f6";
    private String serialNumber = "FOC2222X0YZ";
    private long uptimeS = 86_400;
    private int activeCalls;
    private String standby = "Off";
    private final List<Message> messages = new ArrayList<>();
    private final List<Peripheral> peripherals = new ArrayList<>(List.of(
            new Peripheral("Cisco Room Navigator", "TouchPanel", "Connected"),
            new Peripheral("Cisco Quad Camera", "Camera", "Connected")));

    SimulatedCodec(InetSocketAddress address, String username, String password, boolean tls) {
        super(CodecFault.class, address);
        this.username = username;
        this.password = password;
        this.tls = tls;
    }

    public boolean tls() {
        return tls;
    }

    public String username() {
        return username;
    }

    /** Requests received, including refused ones. */
    public int requests() {
        return requests.get();
    }

    void counted() {
        requests.incrementAndGet();
    }

    boolean accepts(String user, String pass) {
        return username.equals(user) && password.equals(pass);
    }

    public synchronized SimulatedCodec identity(String product, String software, String serial) {
        this.productId = product;
        this.softwareVersion = software;
        this.serialNumber = serial;
        return this;
    }

    public synchronized SimulatedCodec uptimeS(long s) {
        this.uptimeS = s;
        return this;
    }

    public synchronized SimulatedCodec activeCalls(int n) {
        this.activeCalls = n;
        return this;
    }

    /** Off (awake), Halfwake, EnteringStandby or Standby. */
    public synchronized SimulatedCodec standby(String state) {
        this.standby = state;
        return this;
    }

    public synchronized SimulatedCodec messages(Message... m) {
        messages.clear();
        messages.addAll(List.of(m));
        return this;
    }

    public synchronized SimulatedCodec peripherals(Peripheral... p) {
        peripherals.clear();
        peripherals.addAll(List.of(p));
        return this;
    }

    @Override
    protected SimulatedCodec self() {
        return this;
    }

    /**
     * The status document for {@code location} ({@code /Status} or {@code /Status/<section>}), or null for a path
     * the simulator does not know. Layout as the codec's: the requested subtree under a {@code Status} root, list
     * entries repeated with {@code item} and {@code maxOccurrence} attributes.
     */
    synchronized String statusXml(String location) {
        String section = location.equals("/Status") ? "" : location.startsWith("/Status/") ? location.substring(8) : null;
        if (section == null) {
            return null;
        }
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<Status>\n");
        boolean all = section.isEmpty();
        boolean known = false;
        if (all || section.equals("SystemUnit")) {
            known = true;
            x.append("<SystemUnit><Hardware><Module><SerialNumber>").append(esc(serialNumber))
                    .append("</SerialNumber></Module></Hardware><ProductId>").append(esc(productId))
                    .append("</ProductId><Software><DisplayName>RoomOS</DisplayName><Version>").append(esc(softwareVersion))
                    .append("</Version></Software><State><NumberOfActiveCalls>").append(activeCalls)
                    .append("</NumberOfActiveCalls></State><Uptime>").append(uptimeS).append("</Uptime></SystemUnit>\n");
        }
        if (all || section.equals("Standby")) {
            known = true;
            x.append("<Standby><State>").append(esc(standby)).append("</State></Standby>\n");
        }
        if (all || section.equals("Diagnostics")) {
            known = true;
            x.append("<Diagnostics>");
            int i = 1;
            for (Message m : messages) {
                x.append("<Message item=\"").append(i++).append("\" maxOccurrence=\"n\"><Description>")
                        .append(esc(m.description())).append("</Description><Level>").append(esc(m.level()))
                        .append("</Level><References></References><Type>").append(esc(m.type())).append("</Type></Message>");
            }
            x.append("</Diagnostics>\n");
        }
        if (all || section.equals("Peripherals")) {
            known = true;
            x.append("<Peripherals>");
            int i = 1001;
            for (Peripheral p : peripherals) {
                x.append("<ConnectedDevice item=\"").append(i++).append("\" maxOccurrence=\"n\"><Name>")
                        .append(esc(p.name())).append("</Name><Status>").append(esc(p.status())).append("</Status><Type>")
                        .append(esc(p.type())).append("</Type><UpgradeStatus>None</UpgradeStatus></ConnectedDevice>");
            }
            x.append("</Peripherals>\n");
        }
        return known ? x.append("</Status>\n").toString() : null;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public String toString() {
        return "SimulatedCodec[" + (tls ? "https://" : "http://") + host() + ":" + port() + "]";
    }
}
