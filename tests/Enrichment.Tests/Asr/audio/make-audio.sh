#!/usr/bin/env bash
# Makes the telephone test audio from heldout.txt: Debian flite voices (slt, kal, awb, rms in turn),
# two speaking rates (duration_stretch 1.0 and 1.25), G.711 µ-law and A-law in turn, band-limited to
# 300-3400 Hz at 8 kHz the way a phone line is (sox). Writes NN-voice-codec-stretch.wav and
# heldout.tsv (file<TAB>reference). Re-run after editing heldout.txt; commit the outputs.
set -euo pipefail
cd "$(dirname "$0")"
command -v flite >/dev/null && command -v sox >/dev/null || { echo "needs: apt-get install flite sox" >&2; exit 1; }
voices=(slt kal awb rms)
rm -f ./[0-9][0-9]-*.wav heldout.tsv
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
i=0
grep -v '^#' heldout.txt | while IFS= read -r text; do
  [[ -z "$text" ]] && continue
  voice=${voices[$((i % 4))]}
  if (( i % 2 )); then codec=a-law; else codec=u-law; fi
  if (( (i / 4) % 2 )); then stretch=1.25; else stretch=1.0; fi
  name=$(printf '%02d-%s-%s-%s.wav' "$i" "$voice" "${codec%-law}law" "$stretch")
  flite -voice "$voice" --setf duration_stretch="$stretch" -t "$text" -o "$tmp/raw.wav"
  # Half a second of line silence either side, as a caller's leg has around a sentence.
  sox "$tmp/raw.wav" -r 8000 -c 1 -e "$codec" "$name" sinc 300-3400 pad 0.5 0.5
  printf '%s\t%s\n' "$name" "$text" >> heldout.tsv
  i=$((i + 1))
done
echo "wrote $(wc -l < heldout.tsv) utterances" >&2
