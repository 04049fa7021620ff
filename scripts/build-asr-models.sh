#!/usr/bin/env bash
# Rebuilds the speech files in models/asr (see models/asr/README.md):
#   callcenter.lm          trigram LM from models/asr/corpus, general-English unigrams from Debian's en-us LM mixed in
#   telephone.feat.params  the acoustic model's feature parameters with a cepstral-mean start measured on telephone speech
# Needs: pocketsphinx-en-us, sphinxbase-utils (sphinx_lm_convert, sphinx_fe), flite, sox, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=/usr/share/pocketsphinx/model/en-us
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# sphinx_lm_convert 5prealpha asserts while writing the bigrams of this trie LM, after the unigrams are out:
# the unigrams are all the build takes from it.
sphinx_lm_convert -i "$MODEL/en-us.lm.bin" -o "$tmp/general.arpa" -ofmt arpa >/dev/null 2>&1 || true
grep -q '\\2-grams:' "$tmp/general.arpa" || grep -q '1-grams:' "$tmp/general.arpa" || { echo "no unigrams from $MODEL/en-us.lm.bin" >&2; exit 1; }
python3 scripts/asr/build_lm.py --general "$tmp/general.arpa" "$@"

# Cepstral-mean start: calibration sentences are corpus templates without slots (never test sentences),
# spoken by the four flite voices, G.711 µ-law at 8 kHz, 300-3400 Hz, upsampled to 16 kHz like the engine does.
voices=(slt kal awb rms); i=0
grep -v '^#' models/asr/corpus/phrases.txt | grep -v '{' | head -n 24 | while IFS= read -r text; do
  flite -voice "${voices[$((i % 4))]}" -t "$text" -o "$tmp/r.wav"
  sox "$tmp/r.wav" -r 8000 -c 1 -e u-law "$tmp/t.wav" sinc 300-3400
  sox "$tmp/t.wav" -r 16000 -e signed -b 16 "$tmp/u$i.wav"
  sphinx_fe -argfile "$MODEL/en-us/feat.params" -samprate 16000 -mswav yes -i "$tmp/u$i.wav" -o "$tmp/u$i.mfc" >/dev/null 2>&1
  i=$((i + 1))
done
cmn=$(python3 - "$tmp" <<'PY'
import glob, struct, sys
tot, n = [0.0] * 13, 0
for f in glob.glob(sys.argv[1] + "/u*.mfc"):
    b = open(f, "rb").read()
    e = "<" if struct.unpack("<i", b[:4])[0] * 4 + 4 == len(b) else ">"
    count = struct.unpack(e + "i", b[:4])[0]
    v = struct.unpack(e + "%df" % count, b[4:4 + count * 4])
    for k in range(0, count, 13):
        if v[k] >= 3:  # frames with energy: the speech the mean is normalized over
            tot = [t + x for t, x in zip(tot, v[k:k + 13])]
            n += 1
print(",".join("%.2f" % (t / n) for t in tot))
PY
)
sed "s/^-cmninit .*/-cmninit $cmn/" "$MODEL/en-us/feat.params" > models/asr/telephone.feat.params
echo "wrote models/asr/telephone.feat.params (cmninit $cmn)" >&2
