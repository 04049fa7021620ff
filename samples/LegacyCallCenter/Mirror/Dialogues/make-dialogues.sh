#!/usr/bin/env bash
# Regenerates the demo's dialogue audio from dialogues.tsv with Debian's flite voices and sox:
# band-limited to telephone audio, headerless G.711 mu-law at 8 kHz (what the sample SBC mirrors as RTP).
set -euo pipefail
cd "$(dirname "$0")"
grep -v '^#' dialogues.tsv | while IFS=$'\t' read -r number speaker voice stretch text; do
  flite -voice "$voice" --setf duration_stretch="$stretch" -t "$text" -o /tmp/dialogue.wav
  sox /tmp/dialogue.wav -r 8000 -c 1 -e u-law -t raw "$number-$speaker.ul" sinc 300-3400
done
rm -f /tmp/dialogue.wav
