"""Drift benchmark: Riskbench vs Evidently's DataDriftPreset on the same files, in the same run.

    python scripts/bench_drift.py [--riskbench target/release/riskbench] [--work /tmp/rb-bench-drift] [--runs 3]

Needs a venv with `evidently==0.7.*`, `"pandas<3"`, numpy and scipy. Steps:
1. generate the 1,000,000-row synthetic loans file with the dataset's own generator
   (`shared/datasets/synthetic_loans/generate.py`, seed 20240611) unless it exists;
2. split it into two halves of 500,000 rows (all 12 columns), and write a copy of the whole file with an
   `application_date` column (row i of N on day floor(i * 366 / N) of 2024, so about 83,000 rows a month);
3. time `riskbench bench drift REF CUR --windows DATED` (load + drift of all columns; load + monthly windows
   with fairness drift by race and sex), best of --runs;
4. time Evidently: pandas read of both halves + Report([DataDriftPreset()]).run, best of --runs (one run by
   default for Evidently, which takes tens of seconds).
Prints one JSON object with the figures.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def find_shared():
    for d in [ROOT, *ROOT.parents]:
        if (d / "shared" / "datasets").is_dir():
            return d / "shared"
    return Path("/work/shared")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--riskbench", default=str(ROOT / "target" / "release" / "riskbench"))
    ap.add_argument("--work", default="/tmp/rb-bench-drift")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--evidently-runs", type=int, default=1)
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    full = work / "synthetic_loans_1m.csv"
    if not full.exists():
        gen = find_shared() / "datasets" / "synthetic_loans" / "generate.py"
        subprocess.run([sys.executable, str(gen), str(full), "1000000", "20240611"], check=True)
    ref, cur, dated = work / "loans_ref_500k.csv", work / "loans_cur_500k.csv", work / "loans_1m_dated.csv"
    if not (ref.exists() and cur.exists() and dated.exists()):
        with open(full, encoding="utf-8") as f:
            lines = f.read().split("\n")
        header, rows = lines[0], [l for l in lines[1:] if l]
        n = len(rows)
        half = n // 2
        ref.write_text(header + "\n" + "\n".join(rows[:half]) + "\n", encoding="utf-8")
        cur.write_text(header + "\n" + "\n".join(rows[half:]) + "\n", encoding="utf-8")
        import datetime
        start = datetime.date(2024, 1, 1)
        out = [header + ",application_date"]
        for i, r in enumerate(rows):
            out.append(f"{r},{start + datetime.timedelta(days=i * 366 // n)}")
        dated.write_text("\n".join(out) + "\n", encoding="utf-8")

    proc = subprocess.run(
        [args.riskbench, "bench", "drift", str(ref), str(cur), "--windows", str(dated), "--runs", str(args.runs)],
        check=True, capture_output=True, text=True)
    sys.stderr.write(proc.stderr)
    drift_s = float(re.search(r"drift \(load.*best ([0-9.]+) s", proc.stdout).group(1))
    windows_s = float(re.search(r"windows by month.*best ([0-9.]+) s", proc.stdout).group(1))

    import pandas as pd
    from evidently import Report
    from evidently.presets import DataDriftPreset
    best = float("inf")
    for _ in range(max(1, args.evidently_runs)):
        t = time.perf_counter()
        r = pd.read_csv(ref)
        c = pd.read_csv(cur)
        Report([DataDriftPreset()]).run(current_data=c, reference_data=r)
        best = min(best, time.perf_counter() - t)
    print(json.dumps({
        "rows": {"reference": 500000, "current": 500000, "windows_file": 1000000},
        "riskbench_load_drift_s": drift_s,
        "riskbench_windows_fairness_s": windows_s,
        "evidently_read_datadriftpreset_s": round(best, 3),
        "speedup": round(best / drift_s, 1),
        "cpu_count": os.cpu_count(),
    }, indent=1))


if __name__ == "__main__":
    main()
