#!/usr/bin/env bash
# Start-up of the kithara command line, best of N runs (default 5) of each, whole process, in one run:
#   java -version                      the JVM alone, the floor
#   ./kithara version                  framework, every bundle, FFmpeg and GStreamer loaded, one command
#   ./kithara decode <1 s FLAC> -o     the same and a 1-second decode to a WAV file
# Usage: scripts/startup-bench.sh [N]. The launcher is built first if needed (not timed).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-5}
out=$(mktemp -d "${TMPDIR:-/tmp}/kithara-startup.XXXXXX")
trap 'rm -rf "$out"' EXIT
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$root/kithara" version >/dev/null # build if stale (not timed)

best() {
  local best=""
  for _ in $(seq "$runs"); do
    local start end ms
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

printf '%-34s %8s\n' "command (best of $runs)" "ms"
printf '%-34s %8s\n' "java -version" "$(best "$java" -version)"
printf '%-34s %8s\n' "kithara version" "$(best "$root/kithara" version)"
printf '%-34s %8s\n' "kithara decode (1 s FLAC to WAV)" \
  "$(best "$root/kithara" decode "$root/testdata/sine1k-1s.flac" -o "$out/one.wav")"
