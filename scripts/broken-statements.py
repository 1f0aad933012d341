#!/usr/bin/env python3
"""Writes plans of broken statements, to compare the parser's messages
before and after a change to the grammar or the parser (docs/performance.md).

    scripts/broken-statements.py OUTDIR

Every distinct statement line of examples/*.plan and tests/**/*.plan is cut
at each blank and punctuation mark and at three random points, and has a
character deleted and one inserted four times each; wrapped statements with
comments, full-width `＃` and full-width quotes are cut and mutated the
same way. The same seed always gives the same files.
"""
import glob
import os
import random
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
rng = random.Random(7)
files = sorted(glob.glob(f"{root}/examples/*.plan")) + sorted(
    glob.glob(f"{root}/tests/**/*.plan", recursive=True)
)
lines = set()
for f in files:
    for line in open(f, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            lines.add(line)

n = 0
chunk = []


def flush():
    global chunk, n
    if chunk:
        with open(f"{out}/broken{n:03}.plan", "w", encoding="utf-8") as f:
            f.write("\n".join(chunk) + "\n")
        n += 1
        chunk = []


def mutate(s, alphabet, cuts_at, deletions):
    chars = list(s)
    cuts = {i for i, c in enumerate(s) for i in (i, i + 1) if c in cuts_at}
    cuts |= {rng.randrange(len(s) + 1) for _ in range(3)}
    for i in sorted(cuts):
        t = "".join(chars[:i]).rstrip()
        if 0 < i <= len(s) and t and not t.endswith(","):
            chunk.append(t)
    for _ in range(deletions):
        i = rng.randrange(len(chars))
        chunk.append("".join(chars[:i] + chars[i + 1 :]))
        j = rng.randrange(len(chars) + 1)
        chunk.append("".join(chars[:j] + [rng.choice(alphabet)] + chars[j:]))


for line in sorted(lines):
    s = line.rstrip(",").rstrip("{").strip()
    if s:
        mutate(s, list('x1 :,."~=<>{}年到#-+%_/'), ' :,.~=<>"', 4)
    if len(chunk) > 400:
        flush()
flush()

chunk.append('plan "p"\nperiod 2010..2012\nmetric m: stock\nagency a, b, c, 市经贸委, 市外经贸局')
for s in [
    "lead 市经贸委, # c\n  市外经贸局",
    'support a, b, # comment, with "quote\n  c',
    'agency a, "x#y", # c\n  b',
    "lead a,#c\n#d\n  b",
    "lead a, # c\n  b by 2012: m >= 1",
    "each # c\n year: m >= 1",
    "each＃ year: m >= 1",
    "by 2012: m >= 1 ＃ trailing",
    "by＃2012: m >= 1",
    "metric ab＃cd: stock",
    'metric ab: stock ＃ x "y',
    'text "a" ＃ x',
    "lead a，# c\n  b",
    "lead a, ＃ c\n  b",
    "support a, # c\n  b, # d\n  c",
    "quota 南湖区 30, # c\n  秀洲区 25",
    "region 嘉兴市: 南湖区, # c\n  秀洲区",
    'agency a, # c\n  b "x"',
    "allow W0001, # c\n  W0002",
    "lead ＃",
    "＃ lead a",
    "lead a, #\n  b",
    "text “原文”",
    'metric m: stock 个 “描述\\"x”',
    "agency a “名称”, b ＂q＂",
]:
    chunk.append(s)
    mutate(s, list('#＃ ,\n"x1:“”'), ' :,.~=<>"#＃', 6)
flush()
print(f"{n} files in {out}")
