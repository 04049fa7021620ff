#!/usr/bin/env bash
# Makes the telephone test audio from SET.txt (heldout, the default, or dev): Debian flite voices (slt, kal, awb, rms in turn),
# two speaking rates (duration_stretch 1.0 and 1.25), G.711 µ-law and A-law in turn, band-limited to
# 300-3400 Hz at 8 kHz the way a phone line is (sox). Writes NN-voice-codec-stretch.wav and
# heldout.tsv (file<TAB>reference), or for dev dev-NN-voice-codec-stretch.wav and dev.tsv.
# Re-run after editing SET.txt; commit the outputs.
set -euo pipefail
cd "$(dirname "$0")"
command -v flite >/dev/null && command -v sox >/dev/null || { echo "needs: apt-get install flite sox" >&2; exit 1; }
set=${1:-heldout}
case "$set" in heldout) prefix="" ;; dev) prefix="dev-" ;; *) echo "usage: $0 [heldout|dev]" >&2; exit 2 ;; esac
voices=(slt kal awb rms)
rm -f ./"$prefix"[0-9][0-9]-*.wav "$set.tsv"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
i=0
grep -v '^#' "$set.txt" | while IFS= read -r text; do
  [[ -z "$text" ]] && continue
  voice=${voices[$((i % 4))]}
  if (( i % 2 )); then codec=a-law; else codec=u-law; fi
  if (( (i / 4) % 2 )); then stretch=1.25; else stretch=1.0; fi
  name=$(printf '%s%02d-%s-%s-%s.wav' "$prefix" "$i" "$voice" "${codec%-law}law" "$stretch")
  flite -voice "$voice" --setf duration_stretch="$stretch" -t "$text" -o "$tmp/raw.wav"
  # Half a second of line silence either side, as a caller's leg has around a sentence.
  sox "$tmp/raw.wav" -r 8000 -c 1 -e "$codec" "$name" sinc 300-3400 pad 0.5 0.5
  printf '%s\t%s\n' "$name" "$text" >> "$set.tsv"
  i=$((i + 1))
done
echo "wrote $(wc -l < "$set.tsv") utterances to $set.tsv" >&2
