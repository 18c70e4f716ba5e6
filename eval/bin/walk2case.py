#!/usr/bin/env python3
"""Turns a blind walk (walks-*.md) into the answers of a rule case, by
matching each prompt and label against assets/rules.ron.
Usage: walk2case.py WALKS.md ID  -> prints ("qid", ["choice", ...]) lines."""
import re, sys
sys.path.insert(0, __file__.rsplit('/', 1)[0])
rules = open('assets/rules.ron').read()
qs = {}  # prompt -> (qid, {label: id})
cur = None
lines = rules.splitlines()
for i, line in enumerate(lines):
    m = re.match(r'^        "([a-z0-9.-]+)": \($', line)
    if m and i + 1 < len(lines) and 'prompt:' in lines[i + 1]:
        prompt = re.search(r'prompt: "(.*)",', lines[i + 1]).group(1)
        cur = (m.group(1), {})
        qs[prompt] = cur
        continue
    if cur:
        m = re.match(r'^\s+id: "([a-z0-9-]+)",$', line)
        if m and i + 1 < len(lines):
            lm = re.search(r'label: "(.*)",', lines[i + 1])
            if lm:
                cur[1][lm.group(1)] = m.group(1)
    if line.startswith('    ladders') or line.startswith('    shared_steps'):
        cur = None
text = open(sys.argv[1]).read()
sec = re.split(r'^## ', text, flags=re.M)
body = next(s for s in sec if s.startswith(sys.argv[2] + ' '))
out = []
for line in body.splitlines():
    m = re.match(r"^- (?:Question \d+: )?(.*?) -> (.*)$", line)
    if not m:
        continue
    prompt, label = m.group(1).strip(), m.group(2).strip()
    if prompt not in qs:
        hit = [p for p in qs if p.startswith(prompt[:50])]
        if not hit:
            print(f'! no question {prompt!r}', file=sys.stderr); continue
        prompt = hit[0]
    qid, choices = qs[prompt]
    cid = choices.get(label) or next((c for l, c in choices.items() if l.startswith(label[:50])), None)
    if cid is None:
        print(f'! no choice {label!r} in {qid}', file=sys.stderr); continue
    if out and out[-1][0] == qid:
        out[-1][1].append(cid)
    else:
        out.append((qid, [cid]))
for q, cs in out:
    print(f'            ("{q}", [' + ', '.join(f'"{c}"' for c in cs) + ']),')
