"""Benchmark: scoring answer sheets from JSON text vs. only parsing them with ``json.loads``.

    python benchmarks/bench_scoring.py [--n 20000] [--repeat 5] [--ascii] [--bytes]

Generates N random valid sheets of the 2024 edition (fixed seed), serialises them, then times, over
all of them:

- ``json.loads(text)``: the baseline;
- ``score_json(text)``: validation (every rule, incl. repeated-key detection), scores and level;
  the result's sub-totals, explanation and gaps are lazy and not computed here;
- ``score_json(text).to_dict()``: the full score-result contract including the rule explanation
  and the gap to the next level, timed on the first ``--full`` sheets (the gap search is the slow
  part).

Each measurement is the process CPU time (``time.process_time``, less disturbed than wall time on a
shared machine) of the best of ``--repeat`` rounds, rounds interleaved, garbage collector on.
The target is a ratio score_json / json.loads of at most 2.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dxpilot.assessment.engine import load_indicator_set, score_json


def random_sheets(n: int, seed: int = 2024) -> list[dict[str, object]]:
    rng = random.Random(seed)
    iset = load_indicator_set("2024")
    industries = ["3670", "3311", "2641", "3989", "hefei-nev-chain"]
    sheets: list[dict[str, object]] = []
    for _ in range(n):
        answers: dict[str, object] = {}
        for q in iset.questions:
            keys = [o.key for o in q.options]
            if not q.is_multi:
                answers[q.code] = rng.choice(keys)
            elif q.none_key is not None and rng.random() < 0.15:
                answers[q.code] = [q.none_key]
            else:
                others = [k for k in keys if k != q.none_key]
                answers[q.code] = sorted(rng.sample(others, rng.randint(1, len(others))))
        scenes = {name: rng.randint(0, 4) for name in iset.scene_names}
        sheets.append(
            {
                "edition": "2024",
                "industry": rng.choice(industries),
                "answers": answers,
                "scenes": scenes,
            }
        )
    return sheets


def best_of(rounds: int, jobs: dict[str, Callable[[], object]]) -> dict[str, float]:
    best = dict.fromkeys(jobs, float("inf"))
    for _ in range(rounds):
        for name, job in jobs.items():
            start = time.process_time()
            job()
            best[name] = min(best[name], time.process_time() - start)
    return best


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="number of sheets")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the best one counts")
    parser.add_argument("--full", type=int, default=2_000, help="sheets timed with to_dict()")
    parser.add_argument("--ascii", action="store_true", help="serialise with ensure_ascii=True")
    parser.add_argument("--bytes", action="store_true", help="time UTF-8 bytes instead of str")
    args = parser.parse_args(argv)

    sheets = random_sheets(args.n)
    texts: list[str] | list[bytes] = [json.dumps(s, ensure_ascii=args.ascii) for s in sheets]
    if args.bytes:
        texts = [t.encode() for t in texts]
    full = texts[: args.full]
    loads = json.loads

    def parse_all() -> None:
        for text in texts:
            loads(text)

    def score_all() -> None:
        for text in texts:
            score_json(text)

    def full_all() -> None:
        for text in full:
            score_json(text).to_dict()

    score_all()  # warm up: load the edition, fill caches
    times = best_of(args.repeat, {"json.loads": parse_all, "score_json": score_all})
    full_time = best_of(max(1, args.repeat // 2), {"to_dict": full_all})["to_dict"]

    size = sum(len(t) for t in texts) / len(texts)
    kind = "bytes" if args.bytes else "str"
    print(f"{args.n} random valid sheets, {size:.0f} {kind} units each on average")
    loads_rate = args.n / times["json.loads"]
    score_rate = args.n / times["score_json"]
    full_rate = len(full) / full_time
    print(f"json.loads                  {loads_rate:12,.0f} sheets/s  {1e6 / loads_rate:7.2f} µs")
    print(f"score_json                  {score_rate:12,.0f} sheets/s  {1e6 / score_rate:7.2f} µs")
    print(f"score_json(...).to_dict()   {full_rate:12,.0f} sheets/s  {1e6 / full_rate:7.2f} µs")
    print(f"ratio score_json / json.loads          {loads_rate / score_rate:5.2f}  (target <= 2)")
    print(f"ratio with to_dict (rules + gaps)      {loads_rate / full_rate:5.2f}")


if __name__ == "__main__":
    main()
