//! `riskbench fmea PROJECT [--name WORKSHEET] [--csv OUT] [--json FILE]`: the FMEA worksheets of a project
//! with each row's RPN and Action Priority, rows in priority order (Action Priority, then severity, then
//! RPN). On a terminal it prints a table; piped, or with `--json FILE` (`-` for standard output), the JSON
//! document below; `--csv OUT` writes the chosen worksheet's rows, in the same order, as the FMEA screen
//! exports them.
//!
//! JSON: `{"riskbench_version", "project", "worksheets": [{"worksheet_id", "title", "scope",
//! "priority_counts": {"before": {"high", "medium", "low", "unrated"}, "after": {…}}, "rows": [{every field
//! of the row as in the project file, "rpn", "action_priority", "revised_rpn", "revised_action_priority"}]}]}`
//! with priorities as `"H"`, `"M"`, `"L"` or `null` when a rating is missing.

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use super::{UsageError, write_json};
use crate::model::fmea::{ActionPriority, FmeaRow, FmeaWorksheet, PriorityCounts};
use crate::model::{Project, file};

/// Options of `riskbench fmea`.
#[derive(Debug, clap::Args)]
pub struct FmeaArgs {
    /// The project file
    pub project: PathBuf,
    /// Only the worksheet with this title or id
    #[arg(long, value_name = "WORKSHEET")]
    pub name: Option<String>,
    /// Write the worksheet's rows, in priority order, as CSV to OUT (needs one worksheet: use --name when
    /// the project has several)
    #[arg(long, value_name = "OUT")]
    pub csv: Option<PathBuf>,
    /// Write the JSON to FILE (`-` for standard output) instead of the table
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// One row in the `fmea --json` document: the stored row and what is computed from its ratings.
#[derive(serde::Serialize)]
struct RowEntry<'a> {
    #[serde(flatten)]
    row: &'a FmeaRow,
    rpn: Option<u16>,
    action_priority: Option<&'static str>,
    revised_rpn: Option<u16>,
    revised_action_priority: Option<&'static str>,
}

/// One worksheet in the `fmea --json` document.
#[derive(serde::Serialize)]
struct WorksheetEntry<'a> {
    worksheet_id: &'a str,
    title: &'a str,
    scope: &'a str,
    priority_counts: PriorityCounts,
    rows: Vec<RowEntry<'a>>,
}

/// The `fmea --json` document.
#[derive(serde::Serialize)]
struct FmeaDocument<'a> {
    riskbench_version: &'a str,
    project: &'a str,
    worksheets: Vec<WorksheetEntry<'a>>,
}

/// The rows of a worksheet in priority order (see [`crate::model::fmea::compare_by_priority`]).
fn rows_by_priority(sheet: &FmeaWorksheet) -> Vec<&FmeaRow> {
    sheet
        .priority_order()
        .into_iter()
        .filter_map(|i| sheet.rows.get(i))
        .collect()
}

fn letter(priority: Option<ActionPriority>) -> Option<&'static str> {
    priority.map(ActionPriority::letter)
}

/// The worksheets `--name` selects (all of them without it).
///
/// # Errors
/// [`UsageError`] naming the worksheets when none matches, or when the project has none.
fn selected<'a>(
    project: &'a Project,
    name: Option<&str>,
    project_path: &Path,
) -> Result<Vec<&'a FmeaWorksheet>, UsageError> {
    let sheets = &project.fmea_worksheets;
    if sheets.is_empty() {
        return Err(UsageError(format!(
            "the project has no FMEA worksheets: {}",
            project_path.display()
        )));
    }
    let Some(name) = name else {
        return Ok(sheets.iter().collect());
    };
    let found: Vec<_> = sheets
        .iter()
        .filter(|s| s.title == name || s.worksheet_id == name)
        .collect();
    if found.is_empty() {
        let names: Vec<String> = sheets
            .iter()
            .map(|s| format!("{:?} ({})", s.title, s.worksheet_id))
            .collect();
        return Err(UsageError(format!(
            "the project has no FMEA worksheet named {name:?} (worksheets: {})",
            names.join(", ")
        )));
    }
    Ok(found)
}

/// Cuts `text` to `width` characters (an ellipsis marks the cut) and pads it to `width`.
fn cell(text: &str, width: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let count = text.chars().count();
    if count > width {
        let cut: String = text.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        format!("{text}{}", " ".repeat(width - count))
    }
}

fn rating(value: Option<crate::model::fmea::Rating>) -> String {
    value.map_or_else(|| "-".to_owned(), |r| r.to_string())
}

/// The table `riskbench fmea` prints on a terminal: per worksheet, its priority counts, then one line per
/// row in priority order with AP, S, O, D, RPN, id, item and failure mode, and the action's status.
#[must_use]
pub fn fmea_text(sheets: &[&FmeaWorksheet]) -> String {
    let mut out = String::new();
    for (i, sheet) in sheets.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let counts = sheet.priority_counts().before;
        let _ = writeln!(
            out,
            "FMEA {} ({}): {} rows; Action Priority {} high, {} medium, {} low, {} unrated",
            sheet.title,
            sheet.worksheet_id,
            sheet.rows.len(),
            counts.high,
            counts.medium,
            counts.low,
            counts.unrated
        );
        let _ = writeln!(
            out,
            "AP  S  O  D  RPN  {} {} {} Action status",
            cell("Row", 8),
            cell("Item", 18),
            cell("Failure mode", 40)
        );
        for row in rows_by_priority(sheet) {
            let _ = writeln!(
                out,
                "{:<2} {:>2} {:>2} {:>2} {:>4}  {} {} {} {}",
                letter(row.action_priority()).unwrap_or("-"),
                rating(row.severity),
                rating(row.occurrence),
                rating(row.detection),
                row.rpn().map_or_else(|| "-".to_owned(), |r| r.to_string()),
                cell(&row.row_id, 8),
                cell(&row.item, 18),
                cell(&row.failure_mode, 40),
                row.status.map_or("no action", |s| s.label())
            );
        }
    }
    out
}

/// `riskbench fmea`.
///
/// # Errors
/// Usage and input errors (exit code 2): an unreadable project, no worksheet (of that name), `--csv` with
/// several worksheets, a file that cannot be written.
pub fn run_fmea(args: &FmeaArgs) -> anyhow::Result<()> {
    let project = file::load_project(&args.project)?.project;
    let sheets = selected(&project, args.name.as_deref(), &args.project)?;
    if let Some(out) = &args.csv {
        let [sheet] = sheets.as_slice() else {
            let names: Vec<&str> = sheets.iter().map(|s| s.title.as_str()).collect();
            return Err(UsageError(format!(
                "--csv writes one worksheet; choose it with --name (worksheets: {})",
                names.join(", ")
            ))
            .into());
        };
        let rows: Vec<FmeaRow> = rows_by_priority(sheet).into_iter().cloned().collect();
        file::write_atomic(out, crate::model::fmea::rows_to_csv(&rows).as_bytes())?;
        eprintln!("wrote {} ({} rows)", out.display(), rows.len());
    }
    let json_to = match args.json.as_deref() {
        Some(path) if path == Path::new("-") => Some(None),
        Some(path) => Some(Some(path)),
        None if std::io::stdout().is_terminal() => None,
        None => Some(None),
    };
    match json_to {
        Some(to) => {
            let document = FmeaDocument {
                riskbench_version: crate::VERSION,
                project: &project.metadata.system_name,
                worksheets: sheets
                    .iter()
                    .map(|sheet| WorksheetEntry {
                        worksheet_id: &sheet.worksheet_id,
                        title: &sheet.title,
                        scope: &sheet.scope,
                        priority_counts: sheet.priority_counts(),
                        rows: rows_by_priority(sheet)
                            .into_iter()
                            .map(|row| RowEntry {
                                row,
                                rpn: row.rpn(),
                                action_priority: letter(row.action_priority()),
                                revised_rpn: row.revised_rpn(),
                                revised_action_priority: letter(row.revised_action_priority()),
                            })
                            .collect(),
                    })
                    .collect(),
            };
            write_json(&document, to)
        }
        None => {
            std::io::stdout().write_all(fmea_text(&sheets).as_bytes())?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fmea::Rating;

    fn row(id: &str, s: u8, o: u8, d: u8) -> FmeaRow {
        let mut row = FmeaRow::new(id);
        row.item = "Labelling".to_owned();
        row.failure_mode = "Systematic label noise against one group of applicants".to_owned();
        row.severity = Rating::new(s);
        row.occurrence = Rating::new(o);
        row.detection = Rating::new(d);
        row
    }

    #[test]
    fn the_table_lists_rows_by_priority_with_their_ratings() {
        let mut sheet = FmeaWorksheet::new("fmea-1", "Scoring model");
        sheet.rows = vec![
            row("FM-1", 2, 2, 2),
            row("FM-2", 9, 6, 4),
            FmeaRow::new("FM-3"),
        ];
        let text = fmea_text(&[&sheet]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5, "{text}");
        assert_eq!(
            lines[0],
            "FMEA Scoring model (fmea-1): 3 rows; Action Priority 1 high, 0 medium, 1 low, 1 unrated"
        );
        assert_eq!(
            lines[2],
            "H   9  6  4  216  FM-2     Labelling          Systematic label noise against one grou… no action"
        );
        assert!(lines[3].starts_with("L   2  2  2    8  FM-1 "), "{text}");
        assert!(lines[4].starts_with("-   -  -  -    -  FM-3 "), "{text}");
    }
}
