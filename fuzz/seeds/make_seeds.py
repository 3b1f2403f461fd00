"""Seeds the fuzz corpora (fuzz/corpus/<target>/) from the project's own small fixtures and datasets; run by
scripts/fuzz.sh before a campaign (python3, standard library only). The register and FMEA CSV seeds use the
exact column headers of src/model/register.rs and src/model/fmea/row.rs, with rows in the importers' formats.
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(os.path.dirname(HERE), "corpus")
HOSTILE = os.path.join(ROOT, "tests", "fixtures", "hostile")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def head(path, lines):
    with open(path, "rb") as f:
        return b"".join(f.readline() for _ in range(lines))


# CSV tables: the small hostile CSV files and the first rows of the bundled datasets.
for name in sorted(os.listdir(os.path.join(HOSTILE, "csv"))):
    p = os.path.join(HOSTILE, "csv", name)
    if os.path.getsize(p) <= 4096:
        put("csv_table", name, open(p, "rb").read())
data = os.path.join(ROOT, "sample_projects", "loan_approval", "data")
put("csv_table", "german_head.csv", head(os.path.join(data, "german_credit_with_predictions.csv"), 40))
put("csv_table", "loans_head.csv", head(os.path.join(data, "synthetic_loans_sample_5000.csv"), 40))
for name in ["edge_cases.csv", "time_histogram.csv"]:
    put("csv_table", name, head(os.path.join(ROOT, "tests", "fixtures", "profile", name), 60))

# Parquet: the valid files.
for name in ["handmade_good.parquet", "handmade_two_groups.parquet", "handmade_zero_rows.parquet"]:
    put("parquet", name, open(os.path.join(HOSTILE, "parquet", name), "rb").read())
for name in ["base_types.parquet", "base_nested.parquet"]:
    put("parquet", name, open(os.path.join(HOSTILE, name), "rb").read())

# Project files: the blank base project and the bundled sample.
put("project_file", "base.riskbench.ron", open(os.path.join(HOSTILE, "base_project.riskbench.ron"), "rb").read())
put("project_file", "sample.riskbench.ron",
    open(os.path.join(ROOT, "sample_projects", "loan_approval", "loan_approval.riskbench.ron"), "rb").read())

REGISTER = ["Risk ID", "Title", "Description", "Trustworthiness", "MIT domain", "MIT subdomain", "RMF subcategories",
            "Cause", "Event", "Consequence", "Affected groups", "Owner", "Line of defence", "Inherent likelihood",
            "Inherent impact", "Controls", "Residual likelihood", "Residual impact", "Treatment",
            "Treatment rationale", "Actions", "Status", "Review date", "Evidence", "Bow-tie IDs", "FMEA rows",
            "Accepted by", "Acceptance role", "Acceptance date", "Acceptance conditions", "Acceptance expiry", "KPI",
            "Estimated cost", "Currency", "Needs review", "MIT entity", "MIT intent", "MIT timing", "ISO references",
            "Custom categories"]
row = {"Risk ID": "R-1", "Title": "Unfair denials", "Inherent likelihood": "4", "Inherent impact": "5",
       "Residual likelihood": "2", "Residual impact": "4", "Owner": "CRO", "Review date": "2026-12-01",
       "Affected groups": "women; applicants over 60", "Estimated cost": "1000.5", "Currency": "EUR"}
line = ",".join('"%s"' % row.get(h, "") for h in REGISTER)
put("register_csv", "register.csv", (",".join(REGISTER) + "\n" + line + "\n").encode())
put("register_csv", "register_min.csv", b"Risk ID,Title\nR-1,a\nR-2,b\n")

FMEA = ["ID", "Item / pipeline step", "Function", "Failure mode", "Effect", "Affected groups", "Severity (S)", "Cause",
        "Prevention controls", "Occurrence (O)", "Detection controls", "Detection (D)", "RPN", "AP",
        "Recommended action", "Owner", "Target date", "Status", "Action taken", "Revised S", "Revised O", "Revised D",
        "Revised RPN", "Revised AP", "Evidence", "Risk ID", "Barrier IDs"]
frow = {"ID": "FM-1", "Item / pipeline step": "Data collection", "Failure mode": "Sampling bias", "Severity (S)": "8",
        "Occurrence (O)": "5", "Detection (D)": "6", "Target date": "2026-12-31", "Risk ID": "R-1"}
put("fmea_csv", "fmea.csv", (",".join(FMEA) + "\n" + ",".join('"%s"' % frow.get(h, "") for h in FMEA) + "\n").encode())
put("fmea_csv", "fmea_min.csv", b"ID,Failure mode,Severity (S)\nFM-1,x,3\n")

# Clipboard paste: two bytes choose row and column, then TSV text as spreadsheets copy it.
put("fmea_paste", "grid.tsv", b"\x00\x06" + b"9\tData drift\tNone\n7\t\"Label\nnoise\"\tGuidelines\n")
put("fmea_paste", "one.tsv", b"\x02\x03" + b"Sampling bias\n")
# Great Expectations suites and Model Card Toolkit JSON: the reference fixtures.
for folder, target, suffix in [("validation", "gx_suite", ".suite.json"), ("model_card", "model_card_json", ".json")]:
    d = os.path.join(ROOT, "tests", "fixtures", folder)
    for name in sorted(os.listdir(d)):
        if name.endswith(suffix):
            put(target, name, open(os.path.join(d, name), "rb").read())
print("seeded", CORPUS)
