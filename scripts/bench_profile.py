"""Times pandas + ydata-profiling on the table of `riskbench bench profile`, for the README's comparison.

Usage:
    riskbench bench profile --runs 1 --keep /tmp/profile_bench.csv     # writes the same fixed-seed table
    python scripts/bench_profile.py /tmp/profile_bench.csv [--full]

Reports pandas' read time, the ydata-profiling time (minimal mode by default: no correlations; --full for
the default configuration with correlations) and the process's peak memory (ru_maxrss). Needs pandas and
ydata-profiling (`pip install ydata-profiling`; it pins pandas < 3, so use a separate virtual environment).
"""

import json
import resource
import sys
import time


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    full = "--full" in sys.argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    import pandas as pd

    try:
        from ydata_profiling import ProfileReport
        import ydata_profiling
    except ImportError:
        print("ydata-profiling is not installed: pip install ydata-profiling", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    df = pd.read_csv(args[0])
    t1 = time.perf_counter()
    report = ProfileReport(df, minimal=not full, progress_bar=False)
    description = report.get_description()
    t2 = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "what": f"pandas read + ydata-profiling ({'full' if full else 'minimal'}) of {args[0]}",
                "rows": len(df),
                "columns": len(df.columns),
                "read_ms": (t1 - t0) * 1000,
                "profile_ms": (t2 - t1) * 1000,
                "total_ms": (t2 - t0) * 1000,
                "peak_memory_bytes": peak_kb * 1024,
                "alerts": len(description.alerts),
                "pandas": pd.__version__,
                "ydata_profiling": ydata_profiling.__version__,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
