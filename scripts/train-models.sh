#!/usr/bin/env bash
# Rebuilds every shipped text classifier under models/ from ../shared/data (see docs/models.md for
# what each reached). CPU-heavy: runs under nice; about 6 minutes on one core.
# Usage: scripts/train-models.sh [task-lang ...]   e.g. scripts/train-models.sh sentiment-zh
set -euo pipefail
cd "$(dirname "$0")/.."
D=${DATA:-../shared/data}
dotnet build src/Host -c Release -nologo -v q >/dev/null
# The header's trainedAt: the last commit of the training code and this script, so a rerun at the same
# code writes the same bytes (training is deterministic: seeded splits and solvers, no threads racing).
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct -- src/Enrichment src/Host/Cli scripts/train-models.sh)}
MW="nice -n 10 dotnet src/Host/bin/Release/net10.0/middleware.dll train"
BITEXT=$D/intent-en/bitext/Bitext_Sample_Customer_Support_Training_Dataset_4514.csv
ALL="${*:-sentiment-zh sentiment-en emotion-zh emotion-en intent-zh intent-en}"
for m in $ALL; do
  case $m in
    sentiment-zh) $MW sentiment --lang zh --data $D/sentiment/online_shopping_train.csv --out models/sentiment-zh.model ;;
    sentiment-en) $MW sentiment --lang en --data $D/sentiment-en/sst2_train.tsv $D/emotion-en/train.tsv --out models/sentiment-en.model ;;
    emotion-zh)   $MW emotion --lang zh --data $D/sentiment/cluemotion/valid.txt --out models/emotion-zh.model ;;
    emotion-en)   $MW emotion --lang en --data $D/emotion-en/train.tsv --out models/emotion-en.model ;;
    intent-zh)    $MW intent --lang zh --data $D/sentiment/online_shopping_train.csv --out models/intent-zh.model \
                    --out-of-scope $D/sentiment/waimai_10k.csv ;;
    intent-en)    $MW intent --lang en --data $D/intent-en/banking77_train.csv --out models/intent-en.model \
                    --out-of-scope $BITEXT --out-of-scope-labels ORDER,DELIVERY,SHIPPING_ADDRESS,NEWSLETTER,INVOICE,FEEDBACK,CONTACT ;;
    *) echo "unknown model $m" >&2; exit 2 ;;
  esac
done
