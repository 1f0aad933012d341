#!/usr/bin/env python3
"""Write a realistic Cedar policy file of about a given size, deterministic
for a seed, to compare `cedar check-parse` with `planc check` on inputs of
equal bytes (docs/performance.md).

    scripts/gen-cedar.py --bytes 10000000 --out /tmp/policies.cedar [--seed 1]

The policies are of the kinds a Cedar user writes: permit and forbid, with
`==`, `in` and `is` scopes, action lists, annotations, comments, `when` and
`unless` conditions on attributes, sets, `has`, `like` patterns, and
string literals in Chinese (the plan files they are compared with are
mostly Chinese text). It prints the number of policies written.
"""

import argparse
import random
import sys

DEPARTMENTS = ["经贸委", "外经贸局", "科技局", "农办", "发展改革委", "交通局", "统计局",
               "环保局", "教育局", "卫生局", "财政局", "民政局"]
REGIONS = ["嘉兴市", "杭州市", "宁波市", "温州市", "湖州市", "绍兴市", "金华市",
           "嘉善县", "平湖市", "海宁市", "桐乡市", "海盐县"]
ACTIONS = ["viewDocument", "editDocument", "approvePlan", "submitReport",
           "readFigures", "exportData", "deleteDraft", "commentTarget"]
TYPES = ["Document", "Report", "Plan", "Dataset"]


def policy(rng: random.Random, n: int) -> str:
    out = []
    region = rng.choice(REGIONS)
    dept = rng.choice(DEPARTMENTS)
    if rng.random() < 0.5:
        out.append(f"// {region}{dept}: access rule {n}\n")
    out.append(f'@id("policy-{n}")\n')
    if rng.random() < 0.2:
        out.append(f'@advice("联系{region}{dept}办公室")\n')
    effect = "forbid" if rng.random() < 0.2 else "permit"
    r = rng.random()
    if r < 0.5:
        principal = f'principal == User::"user-{rng.randrange(100000)}"'
    elif r < 0.85:
        principal = f'principal in Group::"{region}{dept}"'
    else:
        principal = "principal"
    r = rng.random()
    if r < 0.6:
        action = f'action == Action::"{rng.choice(ACTIONS)}"'
    else:
        acts = rng.sample(ACTIONS, rng.randrange(2, 4))
        action = "action in [" + ", ".join(f'Action::"{a}"' for a in acts) + "]"
    r = rng.random()
    if r < 0.5:
        resource = f'resource in Folder::"{region}-{rng.randrange(5000)}"'
    elif r < 0.75:
        resource = f"resource is {rng.choice(TYPES)}"
    elif r < 0.9:
        resource = f'resource == {rng.choice(TYPES)}::"doc-{rng.randrange(10**6)}"'
    else:
        resource = "resource"
    out.append(f"{effect} (\n  {principal},\n  {action},\n  {resource}\n)")
    conds = []
    for _ in range(rng.randrange(1, 4)):
        c = rng.random()
        if c < 0.2:
            conds.append(f'principal.department == "{dept}"')
        elif c < 0.35:
            conds.append(f"resource.classification <= {rng.randrange(1, 5)}")
        elif c < 0.5:
            conds.append(f"context.hour >= {rng.randrange(6, 10)} && context.hour < {rng.randrange(17, 22)}")
        elif c < 0.6:
            conds.append(f'resource.tags.contains("{rng.choice(REGIONS)}")')
        elif c < 0.7:
            conds.append(f'resource has owner && resource.owner == principal')
        elif c < 0.8:
            conds.append(f'resource.name like "{rng.choice(REGIONS)}*"')
        elif c < 0.9:
            conds.append(f'principal.regions.containsAny(["{rng.choice(REGIONS)}", "{rng.choice(REGIONS)}"])')
        else:
            conds.append(f"context.amount < {rng.randrange(1000, 10**7)}")
    out.append("\nwhen { " + " && ".join(conds) + " }")
    if rng.random() < 0.25:
        out.append("\nunless { resource.locked }")
    out.append(";\n\n")
    return "".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bytes", type=int, required=True, help="approximate size of the file")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    written = 0
    n = 0
    with open(args.out, "w", encoding="utf-8") as f:
        while written < args.bytes:
            text = policy(rng, n)
            f.write(text)
            written += len(text.encode("utf-8"))
            n += 1
    print(f"{args.out}: {written} bytes, {n} policies", file=sys.stderr)
    print(n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
