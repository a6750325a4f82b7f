#!/usr/bin/env bash
# Runs the fuzz targets (test classes named *Fuzz, Jazzer @FuzzTest) longer than `mvn verify` does.
# Usage: scripts/fuzz.sh [SECONDS per target, default 600] [TEST pattern, default *Fuzz]
# A finding fails the run and is written as crash-<hash> in the module's folder: move it into the target's inputs
# folder (src/test/resources/<package>/<Class>Inputs/<method>/, named after what it shows) to keep it as a regression
# test, then fix the code. Coverage-growing inputs accumulate in <module>/.cifuzz-corpus (ignored by git).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-600}
pattern=${2:-*Fuzz}
cd "$root"
# jazzer.internal.arg.N are libFuzzer's arguments (0 is its program name); given last, they override the annotation's
# maxDuration.
exec mvn -B -Dstyle.color=never test -pl kithara.decoder.ffmpeg,kithara.decoder.hw,kithara.protocol.hls -am \
  -Dfuzz.test="$pattern" -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds"
