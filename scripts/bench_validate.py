"""Times Riskbench and Great Expectations 1.x on the same 20-rule suite and the same file, in one run.

Usage:
    python3 /work/shared/datasets/synthetic_loans/generate.py /tmp/loans_1m.csv 1000000 20240611
    cargo build --release
    /tmp/gxvenv/bin/python scripts/bench_validate.py /tmp/loans_1m.csv [--riskbench target/release/riskbench]
        [--suite scripts/bench_validate.suite.json] [--runs 3]

For each tool, `--runs` repetitions; the minimum and median of: read (load of the CSV), validate (the suite on
the loaded table) and total. Riskbench is timed by `riskbench bench validate FILE --suite SUITE --runs N`
(in its own process, release build); GX by this script: pandas `read_csv(keep_default_na=False,
na_values=[""])` (only empty cells are null, as Riskbench reads), then the suite validated with the
SUMMARY result format. It also checks that both give the same verdict and the same unexpected counts.
Needs great_expectations 1.x (`pip install 'great_expectations==1.24.1'`).
"""

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path


def arg(name, default):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    return default


def gx_run(path, suite_doc):
    import great_expectations as gx
    import pandas as pd
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    t0 = time.perf_counter()
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    t1 = time.perf_counter()
    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_pandas("bench")
    asset = source.add_dataframe_asset("loans")
    batch_def = asset.add_batch_definition_whole_dataframe("all")
    batch = batch_def.get_batch(batch_parameters={"dataframe": df})
    suite = gx.ExpectationSuite(name=suite_doc["name"])
    for e in suite_doc["expectations"]:
        suite.add_expectation_configuration(ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"]))
    t2 = time.perf_counter()
    outcome = batch.validate(suite, result_format="SUMMARY")
    t3 = time.perf_counter()
    return {
        "read_ms": (t1 - t0) * 1000,
        "setup_ms": (t2 - t1) * 1000,
        "validate_ms": (t3 - t2) * 1000,
        "total_ms": (t3 - t0) * 1000,
        "evaluated": len(outcome.results),
        "success": bool(outcome.success),
        "unexpected": sorted(
            (r.expectation_config.type, r.expectation_config.kwargs.get("column"), r.result.get("unexpected_count"))
            for r in outcome.results
        ),
    }


def summary(runs, key):
    values = [r[key] for r in runs]
    return {"min": min(values), "median": statistics.median(values)}


def main():
    files = [a for a in sys.argv[1:] if not a.startswith("--") and not sys.argv[sys.argv.index(a) - 1].startswith("--")]
    if len(files) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    data = files[0]
    here = Path(__file__).resolve().parent
    suite_path = arg("--suite", str(here / "bench_validate.suite.json"))
    binary = arg("--riskbench", str(here.parent / "target" / "release" / "riskbench"))
    runs = int(arg("--runs", "3"))
    suite_doc = json.loads(Path(suite_path).read_text())

    rb = subprocess.run(
        [binary, "bench", "validate", data, "--suite", suite_path, "--runs", str(runs)],
        check=True, capture_output=True, text=True,
    )
    riskbench = json.loads(rb.stdout)

    import great_expectations as gx
    import pandas as pd

    gx_runs = [gx_run(data, suite_doc) for _ in range(runs)]
    # Same verdicts: GX's evaluated count and success, as Riskbench found them.
    out = {
        "file": data,
        "suite": suite_path,
        "rules": len(suite_doc["expectations"]),
        "riskbench": riskbench,
        "great_expectations": {
            "version": gx.__version__,
            "pandas": pd.__version__,
            "runs": runs,
            "read_ms": summary(gx_runs, "read_ms"),
            "setup_ms": summary(gx_runs, "setup_ms"),
            "validate_ms": summary(gx_runs, "validate_ms"),
            "total_ms": summary(gx_runs, "total_ms"),
            "evaluated": gx_runs[0]["evaluated"],
            "success": gx_runs[0]["success"],
        },
    }
    gx_unexpected = sorted(
        u for (_, _, u) in gx_runs[0]["unexpected"] if u is not None
    )
    rb_unexpected = sorted(u for u in riskbench.get("unexpected_counts", []) if u is not None)
    out["same_unexpected_counts"] = gx_unexpected == rb_unexpected
    out["same_verdict"] = gx_runs[0]["success"] == riskbench.get("success")
    rv = riskbench["validate_ms"]["median"]
    gv = out["great_expectations"]["validate_ms"]["median"]
    out["validate_speedup_median"] = gv / rv if rv > 0 else None
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
