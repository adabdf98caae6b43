#!/usr/bin/env bash
# The agent's cost as an operator measures it (issue 19): the installed tree started by bin/avmonitoring-agent on a
# temp data dir, N mixed devices (a third each ping, SNMP v2c, PJLink) at 15 s reporting to a backend simulator every
# 15 s, the simulators in other processes (PJLink and backend simulators from testing/, Debian snmpd), everything on
# 127.0.0.0/8. After a warm-up it reads /proc of the agent's whole process tree (the JVM, its threads, its fping
# children) over a window and prints CPU per check, % of a core, RSS, CPU per thread name and of child processes,
# checks done and on time. N=0 is the idle case: no device, backend link up.
#   scripts/bench-agent.sh [devices=1000] [window_s=60]   (WARMUP_S=60; AGENT_TREE=another tree; JAVA_OPTS to the agent;
#   REPORT_S=15: the report cadence, ok and ko alike; 300 is the agent's default ok cadence; CFG="a.cfg b.cfg": ConfigAdmin
#   files put in the agent's deploy/ before it starts, e.g. a driver's tuning, to compare settings without a rebuild)
# VARIANT=slow: the same devices, 10 % of each type silent and the others answering 50-500 ms late (each device its own
# delay, the same every run): PJLink projectors that accept the connection and never send a byte, or greet and reply
# late; SNMP through a relay (testing's DelayingUdpRelay) that listens on the devices' addresses, drops what goes to a
# silent one and passes the rest to snmpd after the device's delay; ping targets silenced by an nftables/iptables rule
# and delayed by tc netem on 127.2.0.0/16 only, where the machine allows it (root, nft or iptables, netem), removed on
# exit; otherwise the ping third stays healthy and the first line says so. Same output, after a line naming the variant.
# IMPAIRMENT=silent=P,delay=MIN-MAX,seed=S changes the slow variant's figures (the ping delay stays 50-500 ms).
# The ping rules hold for the whole host: another run of this script at the same time finds the same ping targets silent.
# Build first: mvn -B -q -pl launcher,testing -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
devices=${1:-1000}
window=${2:-60}
warmup=${WARMUP_S:-60}
interval=15
report=${REPORT_S:-15}
variant=${VARIANT:-healthy}
case "$variant" in
  healthy) impairment="" ;;
  slow) impairment=${IMPAIRMENT:-silent=10,delay=50-500,seed=19}
        silent_pct=$(sed -n 's/.*silent=\([0-9]*\).*/\1/p' <<< "$impairment"); silent_pct=${silent_pct:-0} ;;
  *) echo "VARIANT is healthy (the default) or slow, not $variant" >&2; exit 1 ;;
esac
tree=${AGENT_TREE:-$PWD/launcher/target/avmonitoring-agent}
[ -x "$tree/bin/avmonitoring-agent" ] || { echo "no $tree: mvn -B -q -pl launcher,testing -am package -DskipTests" >&2; exit 1; }
[ -d testing/target/classes ] || { echo "no testing/target/classes: build the testing module" >&2; exit 1; }
[ "$window" -ge 15 ] && [ "$window" -le 600 ] && [ "$devices" -ge 0 ] && [ "$devices" -le 30000 ] \
  || { echo "devices 0..30000, window 15..600 s" >&2; exit 1; }
per=$(( devices / 3 ))
work=$(mktemp -d /tmp/avm-bench-agent.XXXXXX)
pids=()
undo=()  # commands that remove what the slow variant changed in the network, run first on exit
cleanup() {
  for u in "${undo[@]}"; do $u || echo "could not undo: $u" >&2; done
  undo=()
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# A port no socket uses (TCP or UDP, any state), below the ephemeral range; bounded tries.
free_port() {
  for _ in $(seq 1 50); do
    local p=$(( 12000 + RANDOM % 20000 ))
    if ! ss -Htuan | awk '{print $5}' | grep -q ":$p\$"; then echo "$p"; return; fi
  done
  echo "no free port" >&2; exit 1
}
http_port=$(free_port); backend_port=$(free_port); pj_port=$(free_port); snmp_port=$(free_port)
# Device k of a type on 127.<net>.a.b, b in 1..254 (how ProjectorSimulatorMain counts from 127.<net>.0.1).
host() { echo "127.$1.$(( $2 / 254 )).$(( $2 % 254 + 1 ))"; }
# Device k is silent in the slow variant: the rule of testing's Impairment.silent, which the simulators apply.
silent() { (( ($1 + 1) * silent_pct / 100 > $1 * silent_pct / 100 )); }

cp=testing/target/classes
for j in "$tree"/bundles/*/jackson-*.jar; do cp="$cp:$j"; done
# start NAME READY-TEXT COMMAND...: in its own process, waits (60 s at most) until its log says READY-TEXT.
start() {
  local name=$1 ready=$2 n=0; shift 2
  "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
  until grep -qs "$ready" "$work/$name.log"; do
    if ! kill -0 "${pids[-1]}" 2>/dev/null || [ $(( n++ )) -ge 600 ]; then
      echo "$name did not start:" >&2; tail -20 "$work/$name.log" >&2; exit 1
    fi
    sleep 0.1
  done
}
sim_java=(java -Xmx256m -XX:+UseSerialGC -cp "$cp")
start backend "backend simulator on" "${sim_java[@]}" org.avmonitoring.agent.testing.backend.BackendSimulator --port "$backend_port"
if [ "$per" -gt 0 ]; then
  start pjlink ready "${sim_java[@]}" org.avmonitoring.agent.testing.pjlink.ProjectorSimulatorMain \
      --count "$per" --base 127.3.0.1 --port "$pj_port" --class 1 ${impairment:+--impairment "$impairment"}
  mkdir -p "$work/snmpd/persist"
  printf 'engineID avm-bench-%s\nsysName bench\nrocommunity bench-ro 127.0.0.0/8\n' "$$" > "$work/snmpd/snmpd.conf"
  listen=""
  if [ -n "$impairment" ]; then
    listen="udp:127.5.0.1:$snmp_port"  # behind the relay, which holds the devices' addresses
  else
    for k in $(seq 0 $(( per - 1 ))); do listen="$listen${listen:+,}udp:$(host 4 "$k"):$snmp_port"; done
  fi
  start snmpd "NET-SNMP version" env SNMP_PERSISTENT_DIR="$work/snmpd/persist" MIBS="" \
      /usr/sbin/snmpd -f -Lo -C -c "$work/snmpd/snmpd.conf" -I -smux -m "" -p "$work/snmpd/pid" "$listen"
  if [ -n "$impairment" ]; then
    start relay ready "${sim_java[@]}" org.avmonitoring.agent.testing.snmp.DelayingUdpRelay --base 127.4.0.1 \
        --count "$per" --port "$snmp_port" --server "127.5.0.1:$snmp_port" --impairment "$impairment"
  fi
fi

# The slow variant's ping third: silent targets dropped on arrival (the sender gets no error, only no answer), and
# every echo request to 127.2.0.0/16 delayed 50-500 ms (uniform, drawn per packet), where this machine allows it.
ping_variant="healthy"
targets=()
if [ -n "$impairment" ] && [ "$per" -gt 0 ]; then
  for k in $(seq 0 $(( per - 1 ))); do if silent "$k"; then targets+=("$(host 2 "$k")"); fi; done
  table="avm_bench_$$"
  if [ "$(id -u)" != 0 ]; then
    ping_silence="not root: no silent ping target"
  elif [ ${#targets[@]} -eq 0 ]; then
    ping_silence="no silent ping target among $per"
  elif command -v nft > /dev/null; then
    set_elements=$(IFS=,; echo "${targets[*]}")
    printf 'table ip %s {\n chain input {\n  type filter hook input priority 0; policy accept;\n  ip daddr { %s } icmp type echo-request drop\n }\n}\n' \
        "$table" "$set_elements" | nft -f -
    undo+=("nft delete table ip $table")
    ping_silence="${#targets[@]} silent (nft table $table)"
  elif command -v iptables > /dev/null; then
    iptables -N "$table"
    undo+=("iptables -F $table" "iptables -X $table")
    for t in "${targets[@]}"; do iptables -A "$table" -d "$t" -p icmp --icmp-type echo-request -j DROP; done
    iptables -I INPUT -d 127.2.0.0/16 -p icmp -j "$table"
    undo=("iptables -D INPUT -d 127.2.0.0/16 -p icmp -j $table" "${undo[@]}")
    ping_silence="${#targets[@]} silent (iptables chain $table)"
  else
    ping_silence="no nft or iptables here: no silent ping target"
  fi
  # lo has no queue by default: a prio root whose 4th band holds netem, chosen by a filter on 127.2.0.0/16 only.
  if [ "$(id -u)" != 0 ] || ! command -v tc > /dev/null; then
    ping_delay="no tc as root: no ping delay"
  elif [[ "$(tc qdisc show dev lo)" != "qdisc noqueue 0: root"* ]]; then
    ping_delay="lo already has a queueing discipline, left alone: no ping delay"
  elif ! tc qdisc add dev lo root handle 1: prio bands 4 priomap 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 2> "$work/tc.err"; then
    ping_delay="no ping delay: tc prio on lo failed ($(head -1 "$work/tc.err"))"
  else
    undo=("tc qdisc del dev lo root" "${undo[@]}")
    # Without a distribution table netem draws the jitter uniformly: 275 +- 225 ms.
    if tc qdisc add dev lo parent 1:4 handle 40: netem delay 275ms 225ms 2> "$work/tc.err" \
        && tc filter add dev lo parent 1: protocol ip prio 1 u32 match ip dst 127.2.0.0/16 match ip protocol 1 0xff \
           flowid 1:4 2>> "$work/tc.err"; then
      ping_delay="echo requests 50-500 ms late (tc netem on lo, 127.2.0.0/16)"
    else
      ping_delay="no ping delay: tc netem on lo failed ($(head -1 "$work/tc.err"))"
    fi
  fi
  ping_variant="$ping_silence; $ping_delay"
fi

{
  printf '{"site_name":"bench","site_token":"bench-token-CHANGE-ME","backend_url":"http://127.0.0.1:%s",' "$backend_port"
  printf '"collect_interval_s":%s,"report_interval_ok_s":%s,"report_interval_ko_s":%s,"devices":[' "$interval" "$report" "$report"
  for k in $(seq 0 $(( per - 1 ))); do
    [ "$k" -gt 0 ] && printf ','
    printf '{"id":"ping-%s","type":"ping","host":"%s"},' "$k" "$(host 2 "$k")"
    printf '{"id":"snmp-%s","type":"snmp","host":"%s","port":%s,"snmp":{"version":"2c","community":"bench-ro","interfaces":false}},' \
        "$k" "$(host 4 "$k")" "$snmp_port"
    printf '{"id":"pj-%s","type":"pjlink","host":"%s","port":%s}' "$k" "$(host 3 "$k")" "$pj_port"
  done
  printf ']}\n'
} > "$work/config.json"
mkdir -p "$work/data/deploy"
for c in ${CFG:-}; do cp "$c" "$work/data/deploy/"; done
if [ -n "$impairment" ]; then
  echo "variant slow: PJLink and SNMP $impairment (${#targets[@]} silent of each); ping: $ping_variant"
else
  echo "variant healthy: every device answers at once"
fi
echo "devices $(( 3 * per )) ($per each ping, snmp v2c, pjlink) at ${interval}s, reports every ${report}s; warm-up ${warmup}s, window ${window}s;${CFG:+ cfg: $CFG;} load: $(cut -d' ' -f1-3 /proc/loadavg)"
start agent " started in " "$tree/bin/avmonitoring-agent" --config "$work/config.json" --data-dir "$work/data" --http-port "$http_port"
agent=${pids[-1]}
metrics() { curl -s --max-time 20 "http://127.0.0.1:$http_port/metrics" || true; }
for _ in $(seq 1 600); do
  metrics | grep -q "^avmonitoring_devices_monitored $(( 3 * per ))\$" && break
  sleep 0.2
done
sleep "$warmup"

# The agent's process tree: the JVM and every descendant (fping), from /proc/<pid>/task/*/children.
tree_pids() {
  local todo=("$1") p c
  while [ ${#todo[@]} -gt 0 ]; do
    p=${todo[0]}; todo=("${todo[@]:1}"); echo "$p"
    for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do todo+=("$c"); done
  done
}
# Snapshot: "P pid utime+stime cutime+cstime" per process; per thread of the agent "T name tid ticks runs" (runs: times
# put on a CPU, from schedstat, about its wake-ups).
snapshot() {
  for p in $(tree_pids "$agent"); do
    s=$(cat /proc/"$p"/stat 2>/dev/null) || continue
    echo "P $p ${s##*) }"
  done | awk '{print $1, $2, $14 + $15, $16 + $17}'
  for t in /proc/"$agent"/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    n=$(tr ' ' '_' < "$t/comm" 2>/dev/null) || continue
    r=$(cut -d' ' -f3 "$t/schedstat" 2>/dev/null) || r=0
    echo "T ${t##*/} $n $r ${s##*) }"
  done | awk '{print $1, $3, $2, $16 + $17, $4}'
}
counters() { metrics | awk '$1 ~ /^avmonitoring_device_checks_total\{/ {n += $2} END {print n + 0}'; }
hz=$(getconf CLK_TCK)
c0=$(counters); snapshot > "$work/s0"; t0=$(date +%s%N)
sleep "$window"
c1=$(counters); snapshot > "$work/s1"; t1=$(date +%s%N)
# The kernel keeps 15 characters of a thread's name; the JVM's names by native id (hex tid), for those it knows.
jcmd "$agent" Thread.print 2>/dev/null | sed -n 's/^"\([^"]*\)".* nid=0x\([0-9a-f]*\) .*/\2 \1/p' | tr ' ' '_' | sed 's/_/ /' \
  | while read -r hex name; do echo "N $((16#$hex)) $name"; done > "$work/names" || true
m1=$(metrics)
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1e9}')
checks=$(( c1 - c0 ))

# Whole tree: the JVM's own + its reaped children's + live descendants' (a child alive in one snapshot and reaped by
# the other moves from the live sum into the JVM's cutime, so the difference counts it once).
awk -v agent="$agent" -v hz="$hz" -v wall="$wall" -v checks="$checks" '
  FNR == 1 && $1 != "N" { f++ }
  $1 == "P" { own = $3; kids = $4
              if ($2 == agent) { jvm[f] = own; reaped[f] = kids } else { live[f] += own + kids } }
  $1 == "N" { full[$2] = $3; next }
  $1 == "T" { key = ($3 in full) ? full[$3] : $2; sub(/-?[0-9]+$/, "#", key); th[f, key] += $4; runs[f, key] += $5; names[key] = 1 }
  END {
    j = jvm[2] - jvm[1]; c = (reaped[2] - reaped[1]) + (live[2] - live[1]); all = j + c
    ms = all * 1000 / hz
    printf "window %.1f s: %d checks (%.1f/s)\n", wall, checks, checks / wall
    printf "CPU, whole tree: %.0f ms = %.2f %% of a core; per check %s\n", ms, 100 * ms / 1000 / wall,
           (checks > 0 ? sprintf("%.3f ms", ms / checks) : "-")
    printf "  JVM %.0f ms, child processes (fping) %.0f ms\n", j * 1000 / hz, c * 1000 / hz
    for (k in names) { d = th[2, k] - th[1, k]; w = (runs[2, k] - runs[1, k]) / wall
                       if (d > 0 || w >= 1) printf "  thread %-34s %7.0f ms %7.1f runs/s\n", k, d * 1000 / hz, w > threads }
  }' threads="$work/threads" "$work/names" "$work/s0" "$work/s1"
sort -k3 -n -r "$work/threads" | head -25
echo "threads named x# are summed over x1, x2, ...; a thread that ended inside the window is not listed; runs/s: times"
echo "a thread was put on a CPU per second (/proc/<tid>/schedstat), about its wake-ups"
grep -E 'VmRSS|VmHWM|Threads' /proc/"$agent"/status | tr -s ' \t' ' ' | paste -sd' '
if [ "$per" -gt 0 ]; then
  # On time: the last check of every device at most one interval + 5 s old at the end of the window.
  echo "$m1" | awk -v lim=$(( interval + 5 )) -v n=$(( 3 * per )) '
    $1 ~ /^avmonitoring_device_last_check_age_seconds\{/ { seen++; if ($2 + 0 <= lim) ok++; if ($2 + 0 > max) max = $2 + 0 }
    $1 ~ /^avmonitoring_device_status\{/ { st[$2]++ }
    END { printf "devices checked on time (last check <= %d s ago): %d / %d, oldest %.1f s; status ok %d, other %d\n",
          lim, ok, n, max, st["0"] + 0, seen - st["0"] }'
  # Per type: how many devices in each status, the ko checks since the start, and the median round trip of the last
  # answered check (the slow variant's silent devices show as ko, its delays in the medians).
  echo "$m1" | awk '
    match($1, /type="[^"]*"/) { t = substr($1, RSTART + 6, RLENGTH - 7) }
    $1 ~ /^avmonitoring_device_status\{/ { st[t, $2]++; types[t] = 1 }
    $1 ~ /^avmonitoring_device_failures_total\{/ { ko[t] += $2 }
    $1 ~ /^avmonitoring_device_latency_seconds\{/ { lat[t, ++nl[t]] = $2 * 1000 }
    END { for (t in types) {
            m = nl[t] + 0; for (i = 1; i <= m; i++) v[i] = lat[t, i]
            for (i = 2; i <= m; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
            printf "  %-7s ok %d, warning %d, ko %d, unknown %d; ko checks since start %d; median latency %s\n", t,
                   st[t, "0"], st[t, "1"], st[t, "2"], st[t, "3"], ko[t], (m > 0 ? sprintf("%.1f ms", v[int((m + 1) / 2)]) : "-") } }' | sort
  echo "expected checks in the window: $(awk -v n=$(( 3 * per )) -v w="$wall" -v i=$interval 'BEGIN {printf "%.0f", n * w / i}')"
fi
echo "$m1" | grep -E '^avmonitoring_(backend_up|backend_batches_buffered|checks_in_flight) ' | paste -sd' '
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
