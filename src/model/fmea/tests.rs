//! Tests across modules: the Action Priority table against the spec's own markdown, and a RON round trip.

use super::{ActionPriority, FmeaWorksheet, Rating, ml_pipeline_template};

/// `shared/spec/risk-methods.md`, section "FMEA", pasted verbatim: the oracle for the lookup table.
const SPEC_EXCERPT: &str = r"Action Priority lookup (bands S {9–10, 7–8, 4–6, 2–3, 1} × O {8–10, 6–7, 4–5, 2–3, 1} × D {7–10, 5–6, 2–4, 1};
each cell below lists D = 7–10 / 5–6 / 2–4 / 1):

| S \ O | 8–10 | 6–7 | 4–5 | 2–3 | 1 |
|---|---|---|---|---|---|
| 9–10 | H H H H | H H H H | H H H M | H M L L | L L L L |
| 7–8 | H H H H | H H H M | H M M M | M M L L | L L L L |
| 4–6 | H H M M | M M M L | M L L L | L L L L | L L L L |
| 2–3 | M M L L | L L L L | L L L L | L L L L | L L L L |
| 1 | L L L L | L L L L | L L L L | L L L L | L L L L |

(S 10, O 2, D 2 → L.) H: action must be taken or the current controls justified; M: should; L: could. Show RPN";

/// An inclusive range written `a–b` (en dash) or `a`.
fn parse_band(text: &str) -> (u8, u8) {
    let text = text.trim();
    if let Some((lo, hi)) = text.split_once('–') {
        (lo.trim().parse().unwrap(), hi.trim().parse().unwrap())
    } else {
        let v = text.parse().unwrap();
        (v, v)
    }
}

fn band_of(bands: &[(u8, u8)], value: u8) -> usize {
    let matching: Vec<usize> = (0..bands.len())
        .filter(|&i| bands[i].0 <= value && value <= bands[i].1)
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "rating {value} must fall in exactly one band of {bands:?}"
    );
    matching[0]
}

struct Oracle {
    severity_bands: Vec<(u8, u8)>,
    occurrence_bands: Vec<(u8, u8)>,
    detection_bands: Vec<(u8, u8)>,
    /// `cells[s band][o band][d band]`
    cells: Vec<Vec<Vec<ActionPriority>>>,
}

impl Oracle {
    fn parse(text: &str) -> Self {
        let d_list = text
            .split_once("each cell below lists D = ")
            .unwrap()
            .1
            .split_once(')')
            .unwrap()
            .0;
        let detection_bands: Vec<_> = d_list.split('/').map(parse_band).collect();
        let table: Vec<Vec<&str>> = text
            .lines()
            .filter(|l| l.trim_start().starts_with('|'))
            .map(|l| {
                l.trim()
                    .trim_matches('|')
                    .split('|')
                    .map(str::trim)
                    .collect()
            })
            .collect();
        let header = &table[0];
        assert_eq!(header[0], "S \\ O");
        let occurrence_bands: Vec<_> = header[1..].iter().map(|t| parse_band(t)).collect();
        assert!(table[1].iter().all(|c| c.chars().all(|ch| ch == '-')));
        let mut severity_bands = Vec::new();
        let mut cells = Vec::new();
        for row in &table[2..] {
            severity_bands.push(parse_band(row[0]));
            assert_eq!(row.len(), occurrence_bands.len() + 1);
            cells.push(
                row[1..]
                    .iter()
                    .map(|cell| {
                        let letters: Vec<_> = cell
                            .split_whitespace()
                            .map(|l| match l {
                                "H" => ActionPriority::High,
                                "M" => ActionPriority::Medium,
                                "L" => ActionPriority::Low,
                                other => panic!("unexpected letter {other:?} in {cell:?}"),
                            })
                            .collect();
                        assert_eq!(letters.len(), detection_bands.len(), "{cell}");
                        letters
                    })
                    .collect(),
            );
        }
        Self {
            severity_bands,
            occurrence_bands,
            detection_bands,
            cells,
        }
    }

    fn lookup(&self, s: u8, o: u8, d: u8) -> ActionPriority {
        self.cells[band_of(&self.severity_bands, s)][band_of(&self.occurrence_bands, o)]
            [band_of(&self.detection_bands, d)]
    }
}

#[test]
fn action_priority_matches_the_spec_table_for_all_1000_combinations() {
    let oracle = Oracle::parse(SPEC_EXCERPT);
    assert_eq!(oracle.severity_bands.len(), 5);
    assert_eq!(oracle.occurrence_bands.len(), 5);
    assert_eq!(oracle.detection_bands.len(), 4);
    let mut checked = 0;
    let mut per_priority = [0_usize; 3];
    for s in Rating::all() {
        for o in Rating::all() {
            for d in Rating::all() {
                let want = oracle.lookup(s.get(), o.get(), d.get());
                assert_eq!(ActionPriority::of(s, o, d), want, "S {s}, O {o}, D {d}");
                per_priority[want as usize] += 1;
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 1000);
    // Every priority occurs, so the test would notice a table collapsed to one value.
    assert!(per_priority.iter().all(|&n| n > 0), "{per_priority:?}");
}

#[test]
fn spec_example_s10_o2_d2_is_low() {
    let example = SPEC_EXCERPT
        .split_once("(S 10, O 2, D 2 → ")
        .unwrap()
        .1
        .split_once('.')
        .unwrap()
        .0;
    let r = |v| Rating::new(v).unwrap();
    assert_eq!(example, "L");
    assert_eq!(ActionPriority::of(r(10), r(2), r(2)), ActionPriority::Low);
    assert_eq!(
        Oracle::parse(SPEC_EXCERPT).lookup(10, 2, 2),
        ActionPriority::Low
    );
}

#[test]
fn worksheets_round_trip_through_ron() {
    let mut sheet = ml_pipeline_template("fmea-1");
    let row = &mut sheet.rows[0];
    row.owner = "Head of data".to_owned();
    row.target_date = "2026-09-30".parse().ok();
    row.revised_occurrence = Rating::new(3);
    row.evidence = vec!["finding:representation-2026-04".to_owned()];
    row.risk_id = Some("R-4".to_owned());
    row.barrier_ids = vec!["B-2".to_owned()];
    let sheets = vec![sheet, FmeaWorksheet::new("fmea-2", "Empty")];
    let text = ron::ser::to_string_pretty(&sheets, ron::ser::PrettyConfig::default()).unwrap();
    let back: Vec<FmeaWorksheet> = ron::from_str(&text).unwrap();
    assert_eq!(back, sheets);
    assert!(text.contains("target_date: Some(\"2026-09-30\")"), "{text}");
}

#[test]
fn ron_fills_missing_fields_and_rejects_bad_ratings() {
    let sheet: FmeaWorksheet =
        ron::from_str(r#"(worksheet_id: "fmea-9", rows: [(row_id: "FM-1", severity: Some(9))])"#)
            .unwrap();
    assert_eq!(sheet.title, "");
    assert_eq!(sheet.rows[0].severity, Rating::new(9));
    assert_eq!(sheet.rows[0].status, None);
    let bad = ron::from_str::<FmeaWorksheet>(
        r#"(worksheet_id: "x", rows: [(row_id: "FM-1", severity: Some(11))])"#,
    );
    assert!(bad.is_err());
    let bad_date = ron::from_str::<FmeaWorksheet>(
        r#"(worksheet_id: "x", rows: [(row_id: "FM-1", target_date: Some("2026-02-30"))])"#,
    );
    assert!(bad_date.is_err());
}

/// Deterministic pseudo-random texts over an alphabet of delimiters, quotes, digits and multi-byte
/// characters: parsing, import and cell edits must return errors, never panic.
#[test]
fn arbitrary_input_never_panics() {
    const ALPHABET: [&str; 16] = [
        "\t", "\n", "\r", "\r\n", "\"", ",", ";", "\\", "1", "10", "-", " ", "é", "数", "✓",
        "\u{feff}",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap()
    };
    let mut sheet = super::FmeaWorksheet::new("fmea-1", "Fuzz");
    for _ in 0..2000 {
        let len = next() % 24;
        let text: String = (0..len)
            .map(|_| ALPHABET[next() % ALPHABET.len()])
            .collect();
        if let Ok(grid) = super::clipboard::parse_tsv(&text) {
            let column = next() % (super::Column::COUNT + 1);
            let _ = sheet.paste(next() % (sheet.rows.len() + 2), column, &grid);
        }
        let _ = super::rows_from_csv(&format!("Cause,Severity (S),ID\n{text}"));
        let _ = super::rows_from_csv(&text);
        for column in super::Column::ALL {
            let mut row = super::FmeaRow::new("FM-1");
            let _ = row.set_cell(column, &text);
        }
        let _ = text.parse::<super::IsoDate>();
        let _ = super::split_list(&text);
    }
    // Round trips still hold after all that.
    assert_eq!(super::rows_from_csv(&sheet.to_csv()).unwrap(), sheet.rows);
}
