#!/usr/bin/env python3
"""Measure every starter on real buyer messages and write docs/starters-figures.json.

usage (from the repository root, with the development set beside it):
    python3 docs/measure-starters.py [--dev ../shared/realq-dev] [--ids all|odd|even]
then:
    go test ./internal/starters -run TestStartersDoc -update

With --ids all (the default) it also records each starter's figures on the
even ids alone (`held_out`): the pack and the starters were tuned on the odd
ids, so the even ids are the honest expectation for new buyers.

For each category it runs `xm init --category C` into a temporary folder and
scores it with the development set's own score.py, which prints the figures;
this script only parses them. The messages never enter the repository: only
the rates do. Needs python3 and PyYAML (score.py reads the project's YAML).
"""
import argparse, json, os, re, subprocess, sys, tempfile

CATEGORIES = ['general', 'apparel', 'shoes', 'food', 'appliances', 'electronics', 'beauty']


def parse(out, ids):
    pct = lambda s: float(s.rstrip('%'))
    f = {'set': f'development set, {ids} ids' if ids != 'all' else 'development set, all ids', 'by_topic': {}}
    for line in out.splitlines():
        m = re.match(r'topical\s+(\d+)\s+right\s+([\d.]+)%\s+wrong\s+([\d.]+)%\s+fallback\s+([\d.]+)%', line)
        if m:
            f['topical'], f['right'], f['wrong'], f['fallback'] = int(m[1]), pct(m[2]), pct(m[3]), pct(m[4])
        m = re.match(r'to a human\s+\d+\s+handed over or dispute\s+([\d.]+)%', line)
        if m:
            f['to_human'] = pct(m[1])
        m = re.match(r'chit-chat\s+\d+\s+a script fired\s+([\d.]+)%', line)
        if m:
            f['chit_chat_fired'] = pct(m[1])
        m = re.match(r'\s+([a-z-]+)\s+\d+\s+([\d.]+)%\s+[\d.]+%\s+[\d.]+%$', line)
        if m:
            f['by_topic'][m[1]] = pct(m[2])
    if 'topical' not in f:
        sys.exit('score.py printed no figures:\n' + out)
    return f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dev', default=os.path.join('..', 'shared', 'realq-dev'))
    ap.add_argument('--ids', choices=('all', 'odd', 'even'), default='all')
    a = ap.parse_args()
    score = os.path.join(a.dev, 'score.py')
    if not os.path.exists(score):
        sys.exit(f'no {score}: point --dev at the development set')
    with tempfile.TemporaryDirectory() as t:
        xm = os.path.join(t, 'xm')
        subprocess.run(['go', 'build', '-o', xm, './cmd/xm'], check=True)
        figs = {}
        for c in CATEGORIES:
            proj = os.path.join(t, c)
            subprocess.run([xm, 'init', '--category', c, proj], check=True, capture_output=True)
            out = subprocess.run([sys.executable, score, '--xm', xm, '--ids', a.ids, proj],
                                 check=True, capture_output=True, text=True).stdout
            figs[c] = parse(out, a.ids)
            if a.ids == 'all':
                # The pack and starters were tuned on the odd ids; the even
                # ids, which nobody read while tuning, say what to expect on
                # a shop's own buyers.
                held = subprocess.run([sys.executable, score, '--xm', xm, '--ids', 'even', proj],
                                      check=True, capture_output=True, text=True).stdout
                h = parse(held, 'even')
                figs[c]['held_out'] = {k: h[k] for k in ('set', 'topical', 'right', 'wrong', 'fallback', 'to_human', 'chit_chat_fired')}
            print(f"{c:12} right {figs[c]['right']:5.1f}%  wrong {figs[c]['wrong']:5.1f}%  "
                  f"to a human {figs[c]['to_human']:5.1f}%  chit-chat fired {figs[c]['chit_chat_fired']:5.1f}%")
    with open(os.path.join('docs', 'starters-figures.json'), 'w', encoding='utf-8') as f:
        json.dump(figs, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write('\n')


main()
