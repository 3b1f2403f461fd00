#!/usr/bin/env bash
# Time and peak memory of `riskbench audit`, `riskbench drift` and `riskbench profile` on large synthetic loans files (issue 19's
# "data larger than memory" benchmark): 5, 10 and 20 million rows by default.
#
#   scripts/bench_large.sh [ROWS...]
#
# Environment:
#   RISKBENCH      the binary to time (default: target/release/riskbench; build it with `cargo build --release`)
#   BENCH_DIR      where the generated files go (default: /tmp/riskbench-bench-large); about 70 bytes a row
#   PYTHON         a Python with numpy and pandas for the generator (default: python3)
#   GENERATOR      the generator (default: ../shared/datasets/synthetic_loans/generate.py, else /work/shared/…)
#   KEEP=1         keep the generated files (they are deleted at the end otherwise)
#
#   MEMORY_LIMIT   the memory limit the commands run under (RISKBENCH_MEMORY_LIMIT; default: 512MB), so a file
#                  whose whole read would pass it (size × 3) is read in blocks
#
# Each run is a fresh process measured by GNU time (`/usr/bin/time -v`): wall-clock time and the maximum
# resident set size. The audit is the synthetic-loans one (label, prediction, sensitive race and sex); drift
# compares the N-row file (current) with the first 5,000 rows of the same generator (reference, the shared
# sample), every column. The profile has the label and sensitive race and sex (so its fairness part runs). The
# figures go to standard output as a Markdown table. PROFILE=0 leaves the profile out (it reads the file once per
# batch of columns and once per pair of correlation groups: many passes at a small limit).
#
# The generator holds every column of the file in memory (pandas): 20,000,000 rows at once need more than 18 GB.
# A file of more than 5,000,000 rows is therefore made of 5,000,000-row parts with seeds 20240611, 20240612, …
# concatenated (applicant ids repeat from part to part; nothing here uses them as keys).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
riskbench="${RISKBENCH:-$root/target/release/riskbench}"
dir="${BENCH_DIR:-/tmp/riskbench-bench-large}"
python="${PYTHON:-python3}"
generator="${GENERATOR:-}"
if [[ -z "$generator" ]]; then
    for candidate in "$root/../shared/datasets/synthetic_loans/generate.py" \
        /work/shared/datasets/synthetic_loans/generate.py; do
        if [[ -f "$candidate" ]]; then generator="$candidate"; break; fi
    done
fi
[[ -x "$riskbench" ]] || { echo "no riskbench binary at $riskbench (set RISKBENCH)" >&2; exit 2; }
[[ -f "$generator" ]] || { echo "no generator found (set GENERATOR)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is needed" >&2; exit 2; }
rows=("$@")
[[ ${#rows[@]} -gt 0 ]] || rows=(5000000 10000000 20000000)

mkdir -p "$dir"
reference="$dir/loans_reference_5000.csv"
sample="$(dirname "$generator")/synthetic_loans_sample_5000.csv"
if [[ -f "$sample" ]]; then cp "$sample" "$reference"; else "$python" "$generator" "$reference" 5000 20240611; fi

# measure NAME ROWS -- COMMAND...: prints one table row.
measure() {
    local name="$1" n="$2"; shift 3
    local log="$dir/time.log"
    if ! /usr/bin/time -v "$@" >/dev/null 2>"$log"; then
        echo "| $name | $n | failed: $(grep -m1 'riskbench: error' "$log" || tail -n 1 "$log") | |"
        return
    fi
    local wall rss
    wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")"
    rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")"
    printf '| %s | %s | %s | %d MB |\n' "$name" "$n" "$wall" "$((rss / 1024))"
}

echo "| command | rows | wall clock (m:ss) | peak memory (max RSS) |"
echo "|---|---|---|---|"
export RISKBENCH_MEMORY_LIMIT="${MEMORY_LIMIT:-512MB}"
part_rows=5000000
# generate FILE ROWS: ROWS rows, in parts of at most 5,000,000.
generate() {
    local file="$1" n="$2" k=0 left="$2"
    if (( n <= part_rows )); then
        "$python" "$generator" "$file" "$n" 20240611 >/dev/null
        return
    fi
    : > "$file"
    while (( left > 0 )); do
        local m=$(( left < part_rows ? left : part_rows ))
        "$python" "$generator" "$dir/part.csv" "$m" $(( 20240611 + k )) >/dev/null
        if (( k == 0 )); then cat "$dir/part.csv" >> "$file"; else tail -n +2 "$dir/part.csv" >> "$file"; fi
        rm -f "$dir/part.csv"
        left=$(( left - m )); k=$(( k + 1 ))
    done
}

for n in "${rows[@]}"; do
    file="$dir/loans_$n.csv"
    if [[ ! -f "$file" ]]; then
        generate "$file" "$n"
    fi
    measure audit "$n" -- "$riskbench" audit "$file" --label label --prediction prediction \
        --sensitive race,sex --json "$dir/audit_$n.json"
    measure drift "$n" -- "$riskbench" drift "$reference" "$file" --json "$dir/drift_$n.json"
    if [[ "${PROFILE:-1}" != 0 ]]; then
        measure profile "$n" -- "$riskbench" profile "$file" --label label --sensitive race,sex \
            --json "$dir/profile_$n.json"
    fi
    if [[ "${KEEP:-0}" != 1 ]]; then rm -f "$file"; fi
done
