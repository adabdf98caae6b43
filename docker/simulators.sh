#!/bin/sh
# The dev stack's simulated site (docker/compose.yaml), in the foreground until the container stops.
# Addresses and ports match config/dev-config.json (the simulators of scripts/run-dev.sh).
set -eu
cp=$(echo /opt/simulators/lib/*.jar | tr ' ' ':')
java_sim() { java -Xmx48m -XX:+UseSerialGC -cp "$cp" "$@" & }
pjlink=org.avmonitoring.agent.testing.pjlink.ProjectorSimulatorMain
java_sim $pjlink --count 3 --base 127.0.10.1 --port 4352 --class 1
java_sim $pjlink --count 2 --base 127.0.11.1 --port 4352 --class 2 --password dev-pjlink --udp
java_sim $pjlink --count 1 --base 127.0.12.1 --port 4352 --class 1 --fault GARBAGE
java_sim org.avmonitoring.agent.testing.backend.BackendSimulator --port 18099 --token dev-token-CHANGE-ME
snmp_dir=$(mktemp -d)
printf 'rocommunity dev-community 127.0.0.1\nsysName docker-snmpd\n' > "$snmp_dir/snmpd.conf"
SNMP_PERSISTENT_DIR=$snmp_dir snmpd -f -Lo -C -c "$snmp_dir/snmpd.conf" -I -smux -m "" udp:127.0.0.1:16161 &
wait
