#!/usr/bin/env bash
# Regenerates the committed test fixtures in testdata/ with Debian's ffmpeg CLI (apt-get install ffmpeg).
# Deterministic inputs (lavfi sine generators); the outputs are committed so a fresh clone needs no ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/../testdata"
ff() { ffmpeg -hide_banner -loglevel error -y -bitexact "$@"; }
# 2 s of a 440 Hz sine, stereo 44.1 kHz, AAC-LC in M4A (index at the front): the smoke-test fixture.
ff -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=2" -ac 2 -c:a aac -b:a 96k \
   -movflags +faststart -fflags +bitexact -map_metadata -1 sine440-2s.m4a
# The same tone, 1 s, mono 48 kHz, 16-bit WAV: uncompressed ground truth.
ff -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=1" -c:a pcm_s16le -map_metadata -1 sine440-1s-mono48k.wav
# 1 s of a 1 kHz sine, stereo 44.1 kHz, MP3 with LAME/Xing header.
ff -f lavfi -i "sine=frequency=1000:sample_rate=44100:duration=1" -ac 2 -c:a libmp3lame -b:a 128k -map_metadata -1 sine1k-1s.mp3
# 1 s of a 1 kHz sine, stereo 44.1 kHz, FLAC.
ff -f lavfi -i "sine=frequency=1000:sample_rate=44100:duration=1" -ac 2 -c:a flac -map_metadata -1 sine1k-1s.flac
ls -l
