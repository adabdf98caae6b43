#!/usr/bin/env bash
# Benchmark of the installation tree (issue 2): its size, the cold start time to "all bundles active and HTTP
# answering" (median of N runs, fresh data dir each time), and the resident memory once idle.
# Usage: scripts/bench-startup.sh [runs=5] [idle_seconds=30]   (build first: mvn -B -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
idle=${2:-30}
tree=launcher/target/avmonitoring-agent
[ -x "$tree/bin/avmonitoring-agent" ] || { echo "no $tree: run mvn -B -DskipTests package first" >&2; exit 1; }
work=$(mktemp -d)
trap 'pkill -f "avmonitoring.home=$PWD/$tree" 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/config.json" <<'JSON'
{"site_name":"bench","site_token":"CHANGE-ME","backend_url":"","devices":[]}
JSON
port=18181

echo "tree: $(du -sb "$tree" | cut -f1) bytes ($(du -sh "$tree" | cut -f1)), $(find "$tree" -name '*.jar' | wc -l) jars"
echo "tarball: $(du -b launcher/target/avmonitoring-agent-*.tar.gz | cut -f1) bytes"

times=()
for i in $(seq 1 "$runs"); do
  rm -rf "$work/data"
  start=$(date +%s%N)
  "$tree/bin/avmonitoring-agent" --config "$work/config.json" --data-dir "$work/data" --http-port $port \
      > "$work/run-$i.log" 2>&1 &
  pid=$!
  # Started = the launcher's line, printed once every level is up and HTTP accepts connections; then confirm HTTP.
  for _ in $(seq 1 600); do
    grep -q " started in " "$work/run-$i.log" && curl -s -o /dev/null "http://127.0.0.1:$port/system/console" && break
    sleep 0.05
  done
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
  if [ "$i" -lt "$runs" ]; then kill -TERM $pid; wait $pid || true; fi
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
echo "cold start to all bundles active + HTTP answering, ms: ${times[*]} (median $median)"
sleep "$idle"
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
threads=$(awk '/Threads/ {print $2}' /proc/$pid/status)
echo "idle after ${idle}s: RSS $((rss / 1024)) MB, $threads threads"
kill -TERM $pid; wait $pid || true
