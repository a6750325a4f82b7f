#!/usr/bin/env bash
# Records ./kithara's class-data sharing archive for a fresh build (run by the launcher's pom after it unpacks the
# launch folder): one decode that reads a local FLAC and an fMP4 HLS stream over HTTP from `kithara serve` on loopback,
# so that the archive holds the classes of the file path, of Jetty's client and of HLS, not only those of the start.
# The server runs without an archive of its own (KITHARA_CDS=off); the decode's JVM writes the archive at its exit.
# Never fails the build: without a server it records the local decode alone; a failed run records nothing, and the
# next run of ./kithara records the archive instead.
set -uo pipefail
root=$(cd "${BASH_SOURCE[0]%/*}/.." && pwd)
out=${1:?usage: cds-training.sh <output folder>}
log="$out/cds-training-server.log"
# both with caches of their own in the output folder: the user's cache is not touched, nor locked by the server
cache="$out/cds-training-cache"
KITHARA_CDS=off timeout 120 "$root/kithara" --set kithara.stream.cache.root="$cache/server" serve "$root/testdata" \
  --port 0 >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' EXIT
url=""
for _ in $(seq 300); do # the server's line names its address (up to 30 s: the first start may be slow)
  url=$(sed -n 's|^serving .* at \(http://[^ ]*\) .*|\1|p' "$log" 2>/dev/null)
  [ -n "$url" ] || ! kill -0 "$server" 2>/dev/null && break
  sleep 0.1
done
inputs=("$root/testdata/sine1k-1s.flac")
[ -n "$url" ] && inputs+=("${url%/}/hls/range.m3u8")
timeout 120 "$root/kithara" --set kithara.stream.cache.root="$cache/decode" decode "${inputs[@]}" \
  -o "$out/cds-training.wav"
status=$?
rm -rf "$out/cds-training.wav" "$cache"
exit $status
