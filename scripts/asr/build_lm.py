#!/usr/bin/env python3
"""Builds the call-center trigram language model (ARPA) from models/asr/corpus.

Templates in phrases.txt expand their {slot}s from slots.txt (every value of every slot is used,
combinations sampled with a fixed seed, so the build is reproducible). Counts are smoothed by
absolute discounting (D = 0.5) with back-off weights that make every context's distribution sum
to one (Ney, Essen & Kneser 1994, "On structuring probabilistic dependences"), written as ARPA for
PocketSphinx's -lm. Words missing from the pronunciation dictionary are reported and their
sentences dropped: PocketSphinx cannot hear a word it cannot pronounce.

The held-out test sentences and the development sentences (where decoder settings are chosen) are
kept apart: the build stops if any expanded corpus sentence equals one of them, and prints how many
of their trigrams the corpus contains.
"""
import argparse, collections, itertools, math, random, re, sys

def read_slots(path):
    slots = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            name, values = line.split(":", 1)
            slots[name.strip()] = [v.strip() for v in values.split("|") if v.strip()]
    return slots

def expand(template, slots, rng, per_template):
    names = re.findall(r"\{(\w+)\}", template)
    if not names:
        return [template]
    for n in names:
        if n not in slots:
            sys.exit(f"phrases.txt: unknown slot {{{n}}} in: {template}")
    pools = [slots[n] for n in names]
    out = set()
    # every value of every slot at least once, then random combinations up to the budget
    for i, pool in enumerate(pools):
        for v in pool:
            choice = [rng.choice(p) for p in pools]
            choice[i] = v
            out.add(tuple(choice))
    total = math.prod(len(p) for p in pools)
    while len(out) < min(per_template, total):
        out.add(tuple(rng.choice(p) for p in pools))
    sentences = []
    for choice in sorted(out):
        s = template
        for n, v in zip(names, choice):
            s = s.replace("{" + n + "}", v, 1)
        sentences.append(s)
    return sentences

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="models/asr/corpus")
    ap.add_argument("--dict", default="/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict")
    ap.add_argument("--heldout", default="tests/Enrichment.Tests/Asr/audio/heldout.txt")
    ap.add_argument("--dev", default="tests/Enrichment.Tests/Asr/audio/dev.txt", help="the development sentences decoder settings are chosen on")
    ap.add_argument("--words", default="models/asr/callcenter.words", help="product and brand words with their phones, added to the dictionary at run time")
    ap.add_argument("--out", default="models/asr/callcenter.lm")
    ap.add_argument("--general", default="", help="an ARPA file whose unigrams give general-English fallback words (Debian's en-us LM converted)")
    ap.add_argument("--general-words", type=int, default=10000, help="how many of the general LM's most likely words to keep")
    ap.add_argument("--general-weight", type=float, default=0.2, help="unigram mass given to the general words")
    ap.add_argument("--per-template", type=int, default=40)
    ap.add_argument("--discount", type=float, default=0.5)
    a = ap.parse_args()

    rng = random.Random(11)
    slots = read_slots(f"{a.corpus}/slots.txt")
    sentences = []
    for line in open(f"{a.corpus}/phrases.txt", encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            sentences.extend(expand(line, slots, rng, a.per_template))

    words = {l.split()[0] for l in open(a.dict, encoding="utf-8") if l.strip()}
    words |= {l.split()[0].lower() for l in open(a.words, encoding="utf-8") if l.strip() and not l.startswith("#")}
    kept, missing = [], collections.Counter()
    for s in sentences:
        unknown = [w for w in s.split() if w not in words]
        if unknown:
            missing.update(unknown)
        else:
            kept.append(s)
    if missing:
        print(f"dropped {len(sentences) - len(kept)} sentence(s) with words not in the dictionary: {dict(missing)}", file=sys.stderr)

    heldout = [l.strip() for l in open(a.heldout, encoding="utf-8") if l.strip() and not l.startswith("#")]
    clash = sorted(set(heldout) & set(kept))
    if clash:
        sys.exit(f"corpus contains held-out test sentences, refusing to build: {clash}")
    dev = [l.strip() for l in open(a.dev, encoding="utf-8") if l.strip() and not l.startswith("#")]
    clash = sorted((set(dev) & set(kept)) | (set(dev) & set(heldout)))
    if clash:
        sys.exit(f"development sentences occur in the corpus or the test set, refusing to build: {clash}")

    counts = [collections.Counter() for _ in range(3)]
    for s in kept:
        toks = ["<s>"] + s.split() + ["</s>"]
        for n in range(3):
            for i in range(len(toks) - n):
                counts[n][tuple(toks[i:i + n + 1])] += 1

    test_tri = [tuple(t[i:i + 3]) for t in (["<s>"] + h.split() + ["</s>"] for h in heldout) for i in range(len(t) - 2)]
    seen = sum(1 for t in test_tri if t in counts[2])
    oov = {w for h in heldout for w in h.split() if (w,) not in counts[0]}
    print(f"{len(kept)} sentences, {len(counts[0])} words; held-out: {seen}/{len(test_tri)} trigrams occur in the corpus, "
          f"{len(oov)} test word(s) not in the LM: {sorted(oov)}", file=sys.stderr)
    dev_tri = [tuple(t[i:i + 3]) for t in (["<s>"] + d.split() + ["</s>"] for d in dev) for i in range(len(t) - 2)]
    dev_oov = {w for d in dev for w in d.split() if (w,) not in counts[0]}
    print(f"dev: {sum(1 for t in dev_tri if t in counts[2])}/{len(dev_tri)} trigrams occur in the corpus, "
          f"{len(dev_oov)} dev word(s) not in the domain corpus: {sorted(dev_oov)}", file=sys.stderr)

    D = a.discount
    uni_total = sum(c for g, c in counts[0].items() if g != ("<s>",))
    vocab = sorted(g[0] for g in counts[0])
    # unigrams: discounted, the freed mass spread evenly (so every word keeps a floor)
    freed = D * (len(vocab) - 1) / uni_total
    p1 = {}
    for w in vocab:
        if w == "<s>":
            continue
        p1[(w,)] = (counts[0][(w,)] - D) / uni_total + freed / (len(vocab) - 1)

    if a.general:
        # Mix in general English at the unigram level: a caller's word the corpus never had can still be
        # heard, through the back-off, at the general LM's relative frequency. Only the n most likely words
        # (by the general LM, nothing test-specific) that the dictionary can pronounce.
        general = []
        in_unigrams = False
        for line in open(a.general, encoding="utf-8", errors="replace"):
            if line.startswith("\\1-grams:"):
                in_unigrams = True
                continue
            if in_unigrams:
                if line.startswith("\\"):
                    break
                parts = line.split()
                if len(parts) >= 2 and parts[1] in words and not parts[1].startswith("<"):
                    general.append((float(parts[0]), parts[1]))
        general = sorted(general, reverse=True)[:a.general_words]
        total = sum(10 ** lp for lp, _ in general)
        mixed = {g: (1 - a.general_weight) * p for g, p in p1.items()}
        for lp, w in general:
            mixed[(w,)] = mixed.get((w,), 0.0) + a.general_weight * (10 ** lp) / total
        p1 = mixed
        vocab = sorted({"<s>"} | {g[0] for g in p1})
        oov = {w for h in heldout for w in h.split() if (w,) not in p1}
        print(f"with {len(general)} general words at weight {a.general_weight}: {len(vocab)} words, {len(oov)} test word(s) not in the LM: {sorted(oov)}", file=sys.stderr)

    def discounted(order):
        ctx_total = collections.Counter()
        for g, c in counts[order].items():
            ctx_total[g[:-1]] += c
        return {g: (c - D) / ctx_total[g[:-1]] for g, c in counts[order].items()}

    p2, p3 = discounted(1), discounted(2)

    def lower(g):  # back-off probability of the n-gram's last words (interpolation not used: pure back-off)
        if len(g) == 1:
            return p1[g]
        if g in p2 and len(g) == 2:
            return p2[g]
        return bow.get(g[:-1], 1.0) * lower(g[1:])

    bow = {}
    def backoff_weights(higher, order):
        by_ctx = collections.defaultdict(list)
        for g in higher:
            by_ctx[g[:-1]].append(g)
        for ctx, gs in by_ctx.items():
            num = 1.0 - sum(higher[g] for g in gs)
            den = 1.0 - sum(lower(g[1:]) for g in gs)
            bow[ctx] = num / den if den > 1e-12 else 1.0
    backoff_weights(p2, 1)  # weights of unigram contexts
    backoff_weights(p3, 2)  # weights of bigram contexts

    def lg(p):
        return math.log10(max(p, 1e-99))
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("# Call-center trigram LM built by scripts/asr/build_lm.py from models/asr/corpus (absolute discounting, D=%g)\n" % D)
        f.write("\\data\\\n")
        f.write(f"ngram 1={len(vocab)}\nngram 2={len(p2)}\nngram 3={len(p3)}\n\n\\1-grams:\n")
        for w in vocab:
            p = -99.0 if w == "<s>" else lg(p1[(w,)])
            f.write(f"{p:.4f}\t{w}\t{lg(bow.get((w,), 1.0)):.4f}\n")
        f.write("\n\\2-grams:\n")
        for g in sorted(p2):
            f.write(f"{lg(p2[g]):.4f}\t{' '.join(g)}\t{lg(bow.get(g, 1.0)):.4f}\n")
        f.write("\n\\3-grams:\n")
        for g in sorted(p3):
            f.write(f"{lg(p3[g]):.4f}\t{' '.join(g)}\n")
        f.write("\n\\end\\\n")
    print(f"wrote {a.out}", file=sys.stderr)

if __name__ == "__main__":
    main()
