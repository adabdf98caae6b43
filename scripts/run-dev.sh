#!/usr/bin/env bash
# Runs the agent locally from the assembled installation tree, on a dev configuration (dev/, ignored by git) with
# simulated devices on loopback: PJLink projectors (class 1 and 2, one with a password, one with a lamp near its end,
# one answering garbage), ping targets, an snmpd when Debian's snmpd is installed, and a backend simulator that
# receives the reports. UI on http://127.0.0.1:${PORT:-8080}/ ; Ctrl-C stops everything.
#   scripts/run-dev.sh            build if needed, then run
#   scripts/run-dev.sh --build    rebuild first (mvn -DskipTests install)
#   PORT=8081 scripts/run-dev.sh  another UI port
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tree=$root/launcher/target/avmonitoring-agent
dev=$root/dev
port=${PORT:-8080}
backend_port=${BACKEND_PORT:-18099}
snmp_port=${SNMP_PORT:-16161}

if [ "${1:-}" = "--build" ] || [ ! -x "$tree/bin/avmonitoring-agent" ] || ! ls testing/target/avmonitoring-testing-*.jar >/dev/null 2>&1; then
  echo "building (mvn -B -q -DskipTests install) ..."
  mvn -B -q -DskipTests install
fi
mkdir -p "$dev/data" "$dev/logs"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# The simulators run from the testing module (Jackson from the tree for the backend simulator).
cp="$(ls testing/target/avmonitoring-testing-*.jar | head -1)"
for j in "$tree"/bundles/2/jackson-*.jar; do cp="$cp:$j"; done
# sim NAME READY-TEXT MAIN-CLASS ARGS...: starts a simulator, waits until its log says READY-TEXT (20 s at most).
sim() {
  local name=$1 ready=$2; shift 2
  java -Xmx64m -XX:+UseSerialGC -cp "$cp" "$@" > "$dev/logs/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 200); do
    grep -q "$ready" "$dev/logs/$name.log" && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "simulator $name did not start (a previous run still holding its port?):" >&2
  cat "$dev/logs/$name.log" >&2
  exit 1
}

token="dev-token-CHANGE-ME"
pjlink=org.avmonitoring.agent.testing.pjlink.ProjectorSimulatorMain
sim pjlink-class1 ready $pjlink --count 3 --base 127.0.10.1 --port 4352 --class 1
sim pjlink-class2 ready $pjlink --count 2 --base 127.0.11.1 --port 4352 --class 2 --password dev-pjlink --udp
sim pjlink-garbage ready $pjlink --count 1 --base 127.0.12.1 --port 4352 --class 1 --fault GARBAGE
# Cisco codecs over HTTPS (one warning diagnostic, one lost touch panel; certificate kept in $dev so its pin holds)
# and Extron switchers (two with a password, one running hot), on unprivileged ports.
sim cisco ready org.avmonitoring.agent.testing.cisco.CodecSimulatorMain --base 127.0.14.1 --count 3 --port 8443 \
    --user admin --password dev-codec --keystore "$dev/codec.p12"
codec_pin=$(sed -n 's/^fingerprint //p' "$dev/logs/cisco.log")
extron=org.avmonitoring.agent.testing.extron.ExtronSimulatorMain
sim extron ready $extron --base 127.0.15.1 --count 2 --port 2023 --password dev-extron
sim extron-hot ready $extron --base 127.0.15.10 --count 1 --port 2023 --temperature 72.5
qsys=org.avmonitoring.agent.testing.qsys.QrcSimulator
tesira=org.avmonitoring.agent.testing.tesira.TesiraSimulator
sim qsys ready $qsys --count 2 --base 127.0.20.1 --port 1710
sim qsys-locked ready $qsys --count 1 --base 127.0.20.10 --port 1710 --user monitor --password dev-qsys
# Tesira's Telnet port 23 needs root on loopback too: the simulators listen on 2323.
sim tesira ready $tesira --count 2 --base 127.0.21.1 --port 2323
sim tesira-fault ready $tesira --count 1 --base 127.0.21.10 --port 2323 --major FAULT_AMP_TEMP_DEVICE
display=org.avmonitoring.agent.testing.display.DisplaySimulatorMain
sim mdc ready $display --protocol mdc --count 2 --base 127.0.22.1
sim mdc-secured ready $display --protocol mdc --count 1 --base 127.0.22.10 --fault SECURED
sim nec ready $display --protocol nec --count 2 --base 127.0.23.1
sim nec-standby ready $display --protocol nec --count 1 --base 127.0.23.10 --standby
# "Find projectors" sends the class 2 search to each class 2 simulator's loopback address: the driver's default, a
# broadcast, would leave this machine and find none of them.
mkdir -p "$dev/data/deploy"
printf 'searchAddress=127.0.11.1,127.0.11.2\n' > "$dev/data/deploy/org.avmonitoring.agent.driver.pjlink.PjLinkDriver.cfg"
# What the backend pushes through config sync: one device it owns (shown as such, read-only, in the UI).
cat > "$dev/backend-config.json" <<JSON
{"devices": [{"id": "hall-display", "name": "Hall display (from the backend)", "type": "ping", "host": "127.0.0.1",
              "interval_s": 15}]}
JSON
sim backend "backend simulator on" org.avmonitoring.agent.testing.backend.BackendSimulator \
    --port "$backend_port" --token "$token" --config "$dev/backend-config.json"

if command -v snmpd >/dev/null 2>&1; then
  mkdir -p "$dev/snmpd"
  cat > "$dev/snmpd/snmpd.conf" <<CONF
rocommunity dev-community 127.0.0.1
sysLocation dev rack
sysContact av-team@example.org
sysName dev-snmpd
CONF
  SNMP_PERSISTENT_DIR="$dev/snmpd" snmpd -f -Lo -C -c "$dev/snmpd/snmpd.conf" -I -smux -m "" "udp:127.0.0.1:$snmp_port" \
      > "$dev/logs/snmpd.log" 2>&1 & pids+=($!)
else
  echo "snmpd not installed (apt-get install snmpd): the dev config's SNMP device stays down"
fi

# The one dev configuration and credentials (config/), on this run's ports.
if [ ! -f "$dev/config.json" ]; then
  sed -e "s/18099/$backend_port/; s/16161/$snmp_port/; s/0000000000000000000000000000000000000000000000000000000000000000/$codec_pin/" config/dev-config.json > "$dev/config.json"
  chmod 640 "$dev/config.json"
fi
if [ ! -f "$dev/credentials.properties" ]; then
  cp config/dev-credentials.properties "$dev/credentials.properties"
  chmod 640 "$dev/credentials.properties"
fi
echo "UI: http://127.0.0.1:$port/   Web Console: http://127.0.0.1:$port/system/console (admin / dev-console)"
echo "config: $dev/config.json   simulators' logs: $dev/logs/   hot deploy: $dev/data/deploy/"
"$tree/bin/avmonitoring-agent" --config "$dev/config.json" --data-dir "$dev/data" --http-port "$port" \
    --credentials "$dev/credentials.properties" &
agent=$!
pids+=($agent)
wait $agent
