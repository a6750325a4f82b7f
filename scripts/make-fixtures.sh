#!/usr/bin/env bash
# Regenerates the committed test fixtures in testdata/ with Debian's ffmpeg CLI (apt-get install ffmpeg).
# Deterministic inputs (lavfi sine generators); the outputs are committed so a fresh clone needs no ffmpeg.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/testdata"
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
# 4 s, long enough for a decoder swap mid-stream (the platform decoder's hot-swap tests)
ff -f lavfi -i "sine=frequency=523.25:sample_rate=44100:duration=4" -ac 2 -c:a flac -map_metadata -1 sine523-4s.flac
ff -f lavfi -i "sine=frequency=523.25:sample_rate=44100:duration=4" -ac 2 -c:a libmp3lame -b:a 128k -map_metadata -1 sine523-4s.mp3
ls -l

# Codec and container coverage for the FFmpeg decoder (testdata/codecs): 0.5 s of a 440 Hz sine, stereo
# 44.1 kHz for compressed codecs; PCM variants 0.25 s mono 22.05 kHz to stay small.
mkdir -p codecs && cd codecs
tone() { echo "-f lavfi -i sine=frequency=440:sample_rate=$1:duration=$2"; }
st=$(tone 44100 0.5)
ff $st -ac 2 -c:a aac -b:a 64k -movflags +faststart -map_metadata -1 aac-lc.m4a
ff $st -ac 2 -c:a aac -b:a 64k -map_metadata -1 aac-lc-moov-at-end.m4a
ff $st -ac 2 -c:a aac -b:a 64k -f adts aac-lc.aac
ff $st -ac 2 -c:a aac -b:a 64k -f mpegts aac-lc.ts
ff $st -ac 2 -c:a aac -b:a 64k -movflags frag_keyframe+empty_moov+default_base_moof -map_metadata -1 aac-lc-fragmented.mp4
rm -rf hls && mkdir hls
ff $st -ac 2 -c:a aac -b:a 64k -f hls -hls_segment_type fmp4 -hls_time 10 -hls_fmp4_init_filename init.mp4 \
   -hls_segment_filename 'hls/seg%d.m4s' hls/index.m3u8
mv hls/init.mp4 aac-lc-init.mp4 && mv hls/seg0.m4s aac-lc-seg0.m4s && rm -rf hls
ff $st -ac 2 -c:a libmp3lame -b:a 96k -map_metadata -1 mp3.mp3
ff $st -ac 2 -c:a flac -map_metadata -1 flac.flac
ff $st -ac 2 -c:a flac -map_metadata -1 flac.mka
ff $st -ac 2 -c:a libvorbis -q:a 2 -map_metadata -1 vorbis.ogg
ff $(tone 48000 0.5) -ac 2 -c:a libopus -b:a 64k -map_metadata -1 opus.ogg
ff $(tone 48000 0.5) -ac 2 -c:a libopus -b:a 64k -map_metadata -1 opus.webm
ff $st -ac 2 -c:a alac -map_metadata -1 alac.m4a
ff $st -ac 2 -c:a alac -map_metadata -1 alac.caf
pcm=$(tone 22050 0.25)
for f in s16le s24le s32le f32le; do ff $pcm -c:a pcm_$f -map_metadata -1 pcm-$f.wav; done
for f in s16be s24be s32be; do ff $pcm -c:a pcm_$f -map_metadata -1 pcm-$f.aiff; done
ff $pcm -c:a pcm_f32be -map_metadata -1 pcm-f32be.caf
ls -l

# HLS layouts beyond the corpus's fMP4 (testdata/hls): MPEG-TS segments, and one fMP4 file addressed with
# EXT-X-BYTERANGE; 3 s of a 440 Hz tone in 1 s segments.
mkdir -p "$root/testdata/hls" && cd "$root/testdata/hls" && rm -f ./*
tone3="sine=frequency=440:sample_rate=44100:duration=3"
ff -f lavfi -i "$tone3" -ac 2 -c:a aac -b:a 64k -f hls -hls_time 1 -hls_playlist_type vod \
   -hls_segment_filename 'ts-%d.ts' ts.m3u8
ff -f lavfi -i "$tone3" -ac 2 -c:a aac -b:a 64k -f hls -hls_time 1 -hls_playlist_type vod -hls_segment_type fmp4 \
   -hls_flags single_file -hls_fmp4_init_filename range-init.mp4 range.m3u8
ff -f lavfi -i "$tone3" -ac 2 -c:a libmp3lame -b:a 128k -write_xing 0 -id3v2_version 0 -f segment -segment_time 1 \
   -segment_list mp3.m3u8 -segment_list_type m3u8 'mp3-%d.mp3'
ls -l

# The built-in demo of 'kithara demo' (kithara.launcher/src/main/resources/demo): 16 s of a chord, as an HLS
# ladder of two AAC variants and a FLAC one (fMP4, 4 s segments: ABR switches codec as it climbs) and as a
# progressive MP3.
mkdir -p "$root/kithara.launcher/src/main/resources" && cd "$root/kithara.launcher/src/main/resources" && rm -rf demo && mkdir -p demo/hls && cd demo
chord="sine=frequency=261.63:duration=16[a];sine=frequency=329.63:duration=16[b];sine=frequency=392:duration=16[c];[a][b][c]amix=inputs=3,aformat=channel_layouts=stereo,volume=2"
ff -f lavfi -i "anullsrc=r=44100:cl=stereo" -filter_complex "$chord" -t 16 -c:a libmp3lame -b:a 96k -map_metadata -1 progressive.mp3
for v in 0:aac:64k 1:aac:128k 2:flac:0; do
  i=${v%%:*}; rest=${v#*:}; codec=${rest%%:*}; b=${rest##*:}
  ff -f lavfi -i "anullsrc=r=44100:cl=stereo" -filter_complex "$chord" -t 16 -c:a $codec -b:a $b -strict -2 -f hls -hls_time 4 \
     -hls_playlist_type vod -hls_segment_type fmp4 -hls_fmp4_init_filename init-$i.mp4 \
     -hls_segment_filename "hls/seg-$i-%d.m4s" hls/variant-$i.m3u8
done
printf '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.2"\nvariant-0.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=140000,CODECS="mp4a.40.2"\nvariant-1.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=450000,CODECS="fLaC"\nvariant-2.m3u8\n' > hls/master.m3u8
ls -lR
