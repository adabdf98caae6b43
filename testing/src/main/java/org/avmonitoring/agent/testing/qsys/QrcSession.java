package org.avmonitoring.agent.testing.qsys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.avmonitoring.agent.testing.tcpsim.DeviceProtocol;
import org.avmonitoring.agent.testing.tcpsim.TcpSimulator;

import com.fasterxml.jackson.jr.ob.JSON;

/**
 * The Core's side of one QRC connection, from QSC's QRC help: JSON-RPC 2.0 objects terminated by NUL;
 * {@code EngineStatus} pushed on connect; {@code Logon}, {@code NoOp}, {@code StatusGet}; error 10 "Logon required"
 * while access control is on and the connection has not logged on; -32700/-32601 for bad frames and methods;
 * notifications (no id) get no answer.
 */
final class QrcSession implements DeviceProtocol {
    private static final int MAX_FRAME = 64 * 1024;

    private final SimulatedCore core;
    private boolean loggedOn;

    QrcSession(SimulatedCore core) {
        this.core = core;
    }

    @Override
    public void connected(TcpSimulator.Connection out) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("State", core.state);
        params.put("DesignName", core.designName);
        params.put("DesignCode", core.designCode);
        params.put("IsRedundant", core.redundant);
        params.put("IsEmulator", core.emulator);
        Map<String, Object> push = new LinkedHashMap<>();
        push.put("jsonrpc", "2.0");
        push.put("method", "EngineStatus");
        push.put("params", params);
        out.reply(frame(push));
    }

    @Override
    public void received(TcpSimulator.Connection out, ByteBuffer in) {
        while (true) {
            int nul = -1;
            for (int i = in.position(); i < in.limit(); i++) {
                if (in.get(i) == 0) {
                    nul = i;
                    break;
                }
            }
            if (nul < 0) {
                if (in.remaining() > MAX_FRAME) {
                    in.position(in.limit()); // drop an endless frame
                }
                return;
            }
            byte[] request = new byte[nul - in.position()];
            in.get(request);
            in.get();
            answer(request, out);
        }
    }

    private void answer(byte[] request, TcpSimulator.Connection out) {
        Map<String, Object> m;
        try {
            Object o = JSON.std.anyFrom(request);
            if (!(o instanceof Map)) {
                throw new IOException("not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) o;
            m = map;
        } catch (IOException | RuntimeException e) {
            out.reply(error(null, -32700, "Parse error"));
            return;
        }
        Object id = m.get("id");
        String method = String.valueOf(m.get("method"));
        Object reply;
        boolean protectedCore = core.user != null && core.password != null;
        switch (method) {
            case "Logon" -> {
                core.logons.incrementAndGet();
                Map<?, ?> p = m.get("params") instanceof Map<?, ?> params ? params : Map.of();
                loggedOn = !protectedCore
                        || core.user.equals(p.get("User")) && core.password.equals(p.get("Password"));
                reply = loggedOn ? Boolean.TRUE : null;
            }
            case "NoOp" -> reply = Boolean.TRUE;
            case "StatusGet" -> {
                core.statusGets.incrementAndGet();
                reply = protectedCore && !loggedOn ? null : status();
            }
            default -> {
                if (id != null) {
                    out.reply(error(id, -32601, "Method not found"));
                }
                return;
            }
        }
        if (id == null) {
            return;
        }
        out.reply(reply == null ? error(id, 10, "Logon required") : result(id, reply));
    }

    private Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Platform", core.platform);
        s.put("State", core.state);
        s.put("DesignName", core.designName);
        s.put("DesignCode", core.designCode);
        s.put("IsRedundant", core.redundant);
        s.put("IsEmulator", core.emulator);
        s.put("Status", Map.of("Code", core.statusCode, "String", core.statusText));
        return s;
    }

    private static byte[] result(Object id, Object result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("result", result);
        return frame(m);
    }

    private static byte[] error(Object id, int code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jsonrpc", "2.0");
        m.put("id", id);
        m.put("error", Map.of("code", code, "message", message));
        return frame(m);
    }

    private static byte[] frame(Map<String, Object> message) {
        try {
            byte[] json = JSON.std.asBytes(message);
            return Arrays.copyOf(json, json.length + 1); // + the NUL terminator
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
