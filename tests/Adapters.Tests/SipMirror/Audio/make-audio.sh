#!/usr/bin/env bash
# Regenerates the speech the SIP mirror tests stream with sipp (rtp_stream sends a raw file as-is):
# flite's "slt" voice, band-limited to telephone audio and encoded as headerless G.711 at 8 kHz.
set -euo pipefail
cd "$(dirname "$0")"
make() { # name text encoding
  flite -voice slt -t "$2" -o "/tmp/$1.wav"
  sox "/tmp/$1.wav" -r 8000 -c 1 -e "$3" -t raw "$1.raw" sinc 300-3400
  rm -f "/tmp/$1.wav"
}
make caller-ulaw "Hello, I would like to check the status of my order please." u-law
make agent-ulaw "Thank you for calling. Let me look that up for you right away." u-law
make caller-alaw "Hello, I would like to check the status of my order please." a-law
