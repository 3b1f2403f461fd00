//! A mutation fuzzer on the stable toolchain, for machines without nightly and cargo-fuzz: the bodies of the
//! six cargo-fuzz targets in `fuzz/fuzz_targets/` run on inputs mutated from the seed corpora in
//! `fuzz/corpus/` (bit flips, byte insertions, deletions, repeats and splices, with a fixed-seed generator so
//! a failure is reproducible), with every panic caught and reported with the input that caused it.
//! `RISKBENCH_FUZZ_ITERATIONS` sets the executions per target (default 300, a smoke test); the campaign
//! figures of `fuzz/CAMPAIGN.md` were made with larger numbers.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::path::{Path, PathBuf};

use riskbench::analysis::parquet_check::check_parquet_bytes;
use riskbench::analysis::profile::{ProfileOptions, profile_frame};
use riskbench::analysis::table::{csv_frame, detect_delimiter, header_notes};
use riskbench::analysis::task::TaskControl;
use riskbench::model::RiskMatrix;
use riskbench::model::consistency;
use riskbench::model::file::{parse_project, project_to_string};
use riskbench::model::fmea::clipboard::parse_tsv;
use riskbench::model::fmea::{ml_pipeline_template, rows_from_csv, rows_to_csv};
use riskbench::model::register::{risks_from_csv, risks_to_csv};

fn csv_table(data: &[u8]) {
    let _ = detect_delimiter(data);
    let _ = header_notes(data);
    let control = TaskControl::new();
    if let Ok((df, _)) = csv_frame(Path::new("fuzz.csv"), data.to_vec(), &control)
        && df.width() <= 16
    {
        let _ = profile_frame(&df, &ProfileOptions::default(), &control);
    }
}

fn parquet(data: &[u8]) {
    use polars::prelude::{ParquetReader, SerReader as _};
    if check_parquet_bytes(data, 256 << 20).is_ok() {
        let _ = riskbench::analysis::polars_guard::guarded(|| {
            ParquetReader::new(std::io::Cursor::new(data)).finish()
        });
    }
}

fn project_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.riskbench.ron");
    let Ok(mut loaded) = parse_project(text, path) else {
        return;
    };
    let _ = consistency::check(&loaded.project);
    consistency::repair(&mut loaded.project);
    assert!(
        consistency::check(&loaded.project)
            .iter()
            .all(|i| i.repair.is_none())
    );
    let saved = project_to_string(&loaded.project).unwrap();
    let again = parse_project(&saved, path).unwrap();
    // Compared as text: a computed result may be NaN (an undefined metric), which is never equal to itself.
    assert_eq!(
        project_to_string(&again.project).unwrap(),
        saved,
        "save then load changes the project"
    );
}

fn register_csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let matrix = RiskMatrix::default();
    if let Ok(risks) = risks_from_csv(text, &matrix) {
        let csv = risks_to_csv(&risks).unwrap();
        let _ = risks_from_csv(&csv, &matrix);
    }
}

fn fmea_csv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(rows) = rows_from_csv(text) {
        let again = rows_from_csv(&rows_to_csv(&rows)).unwrap();
        assert_eq!(again, rows, "export then import changes the rows");
    }
}

fn fmea_paste(data: &[u8]) {
    let (row, column, rest) = match data {
        [r, c, rest @ ..] => (usize::from(*r % 16), usize::from(*c % 32), rest),
        _ => return,
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if let Ok(grid) = parse_tsv(text) {
        let mut sheet = ml_pipeline_template("fmea-1");
        let before = sheet.clone();
        if sheet.paste(row, column, &grid).is_err() {
            assert_eq!(sheet, before, "a refused paste changed the worksheet");
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap()
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let len = input.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 => {
                let interesting = [
                    0_u8, 0xff, b'"', b',', b';', b'\n', b'\r', b'\t', b'(', b')', b'[', b'-',
                    b'9', 0x80,
                ];
                let b = interesting[rng.below(interesting.len())];
                input.insert(rng.below(len + 1), b);
            }
            2 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(16)).min(len);
                input.drain(start..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let chunk = input[start..end].to_vec();
                let at = rng.below(input.len() + 1);
                for _ in 0..=rng.below(8) {
                    input.splice(at..at, chunk.iter().copied());
                }
            }
            4 if !seeds.is_empty() => {
                let other = &seeds[rng.below(seeds.len())];
                if !other.is_empty() {
                    let from = rng.below(other.len());
                    let cut = rng.below(len + 1);
                    input.truncate(cut);
                    input.extend_from_slice(&other[from..]);
                }
            }
            5 if len >= 8 => {
                // An interesting integer written over 4 or 8 bytes (Parquet lengths and offsets).
                let values = [
                    0_u64,
                    1,
                    0x7f,
                    0xff,
                    0x7fff_ffff,
                    0xffff_ffff,
                    u64::MAX,
                    1 << 62,
                ];
                let v = values[rng.below(values.len())].to_le_bytes();
                let width = if rng.below(2) == 0 { 4 } else { 8 };
                let at = rng.below(len - width + 1);
                input[at..at + width].copy_from_slice(&v[..width]);
            }
            _ if len > 0 => {
                let i = rng.below(len);
                input[i] = u8::try_from(rng.below(256)).unwrap();
            }
            _ => input.push(b'a'),
        }
    }
    input.truncate(1 << 16);
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .filter(|b| b.len() <= 1 << 16)
        .collect()
}

fn run(target: &str, body: fn(&[u8])) {
    let iterations: u64 = std::env::var("RISKBENCH_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seeds = corpus(target);
    assert!(!seeds.is_empty(), "{target}: no seeds");
    let mut rng = Rng(0x1919_0000 ^ target.len() as u64);
    // The seeds themselves first.
    for seed in &seeds {
        body(seed);
    }
    let mut failures = Vec::new();
    for i in 0..iterations {
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut rng, &seeds, &mut input);
        let result = std::panic::catch_unwind(|| body(&input));
        if let Err(e) = result {
            let message = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            let out = std::env::temp_dir().join(format!("riskbench-fuzz-{target}-{i}"));
            let _ = std::fs::write(&out, &input);
            failures.push(format!(
                "execution {i}: {message} (input saved to {})",
                out.display()
            ));
        }
    }
    // Straight to the standard error, past the test harness's capture: the executions are reported.
    {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "fuzz {target}: {} executions ({} seeds), {} failures",
            iterations + seeds.len() as u64,
            seeds.len(),
            failures.len()
        );
    }
    assert!(failures.is_empty(), "{target}:\n{}", failures.join("\n"));
}

#[test]
fn fuzz_csv_table() {
    run("csv_table", csv_table);
}

#[test]
fn fuzz_parquet() {
    run("parquet", parquet);
}

#[test]
fn fuzz_project_file() {
    run("project_file", project_file);
}

#[test]
fn fuzz_register_csv() {
    run("register_csv", register_csv);
}

#[test]
fn fuzz_fmea_csv() {
    run("fmea_csv", fmea_csv);
}

#[test]
fn fuzz_fmea_paste() {
    run("fmea_paste", fmea_paste);
}
