#!/usr/bin/env bash
# Regenerates the dialogue the live speech test streams with sipp (rtp_stream sends a raw file as-is):
# flite voices, band-limited to telephone audio, headerless G.711 at 8 kHz, one call per codec.
set -euo pipefail
cd "$(dirname "$0")"
make() { # name voice stretch text encoding
  flite -voice "$2" --setf duration_stretch="$3" -t "$4" -o "/tmp/$1.wav"
  sox "/tmp/$1.wav" -r 8000 -c 1 -e "$5" -t raw "$1.raw" sinc 300-3400
  rm -f "/tmp/$1.wav"
}
make ulaw-caller slt 1.0 "I would like to cancel my subscription please." u-law
make ulaw-agent awb 1.0 "I can help you with that today." u-law
make alaw-caller rms 1.15 "My internet connection keeps dropping." a-law
make alaw-agent slt 0.9 "Let me check your account." a-law
