#!/usr/bin/env bash
# Capacity of Kithara next to LavaPlayer 2.2.4 in one run: the same streams, the same harness (kithara loadtest's
# pacing, underrun rule and footprint), one engine after the other in a fresh JVM each, both with G1.
#   scripts/capacity-vs-lavaplayer.sh STREAMS SECONDS URL...
# Builds the benchmarks jar first if needed (mvn -Pbench). Prints each engine's summary line.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ $# -lt 3 ]; then
  echo "usage: $0 STREAMS SECONDS URL..." >&2
  exit 2
fi
streams=$1 seconds=$2
shift 2
ramp=$(( seconds / 3 ))
bench="$root/kithara.bench/target/benchmarks.jar"
if [ ! -f "$bench" ]; then
  (cd "$root" && mvn -B -q -Dstyle.color=never -Pbench -DskipTests -Dfuzz.skip=true package -pl kithara.bench -am) >&2
fi
urls=()
for u in "$@"; do urls+=(--url "$u"); done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

kithara=$("$root/kithara" loadtest --streams "$streams" --seconds "$seconds" --ramp "$ramp" "${urls[@]}" 2>/dev/null | tail -1)
lavaplayer=$("$java" -XX:+UseG1GC -cp "$bench" kithara.bench.lavaplayer.LavaPlayerLoad --streams "$streams" \
  --seconds "$seconds" --ramp "$ramp" "${urls[@]}" 2>/dev/null | tail -1)
printf '%-16s %s\n' "kithara" "$kithara" "lavaplayer 2.2.4" "$lavaplayer"
