#!/usr/bin/env python3
"""Replays a blind walk (from walks-A.md / walks-B.md) on a dilemma binary, by
choice labels, and prints the first three plan steps."""
import os, re, subprocess, sys
DATA = os.environ.get('REWALK_DATA')

def answers(path, case):
    text = open(path).read()
    sec = re.split(r'^## ', text, flags=re.M)
    body = next(s for s in sec if s.startswith(case + ' '))
    out = []  # list of (prompt, [labels])
    for line in body.splitlines():
        m = re.match(r'^- (.*?) -> (.*)$', line)
        if not m: continue
        prompt, labels = m.group(1).strip(), m.group(2).strip()
        labs = [l.strip() for l in labels.split('; ')] if '; ' in labels else [labels]
        if out and out[-1][0] == prompt and not prompt.startswith('Q'):
            out[-1][1].extend(labs)
        else:
            out.append((prompt, labs))
    sit = re.search(r'Situation typed: "?([^"\n]*)', body)
    return (sit.group(1) if sit else 'x'), out

def run(binary, lines):
    save = ['--data-dir', DATA] if DATA else ['--no-save']
    p = subprocess.run([binary, '--plain', *save], input='\n'.join(lines) + '\n',
                       capture_output=True, text=True, timeout=20)
    return p.stdout

def main():
    binary, path, case = sys.argv[1:4]
    sit, ans = answers(path, case)
    lines = [sit]
    for prompt, labs in ans:
        out = run(binary, lines)
        # the last question shown
        block = out[out.rfind('Question '):]
        opts = dict((lab.strip(), n) for n, lab in re.findall(r'^\s+(\d+)\. (.*)$', block, flags=re.M))
        nums = []
        for lab in labs:
            hit = [n for l, n in opts.items() if l.startswith(lab[:60]) or lab.startswith(l[:60])]
            if not hit:
                print(f'  ! no option for {lab!r} at {block.splitlines()[0][:90]!r}', file=sys.stderr)
                continue
            nums.append(hit[0])
        lines.append(' '.join(nums) if nums else '1')
    out = run(binary, lines + ['n'] * 12)
    plan = re.findall(r'^\s*(\d+)\. \*\*(.*?)\*\* ?(.*)$', out, flags=re.M)
    for n, urg, text in plan[:3]:
        print(f'{n}. {urg} {text[:150]}')

main()
