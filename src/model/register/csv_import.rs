//! Reading risks from CSV ([`risks_from_csv`]) with an error per line and column for bad cells.

use std::collections::HashSet;

use super::csv_export::read_records;
use super::{
    Acceptance, Action, CheckRef, Control, ControlEffectiveness, EvidenceKind, EvidenceLink,
    Rating, RegisterColumn, Risk, RiskStatus, TreatmentOption, next_risk_id,
};
use crate::model::csv_table::{TableProblem, TableWords};
use crate::model::date::IsoDate;
use crate::model::fmea::{ActionStatus, split_list};
use crate::model::labelled::normalise;
use crate::model::project::LineOfDefence;
use crate::model::settings::RiskMatrix;

/// Why a CSV file could not be imported as register risks. Lines are 1-based as the user sees them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegisterImportError {
    /// A problem with the table's structure: header, quoting or row length.
    #[error(transparent)]
    Table(#[from] TableProblem),
    /// A value that its column does not accept.
    #[error("line {line}, column {:?}: expected {expected}, found {found:?}", column.header())]
    Cell {
        /// 1-based line where the record starts.
        line: u64,
        /// The column.
        column: RegisterColumn,
        /// What the column accepts, in words.
        expected: String,
        /// The offending text.
        found: String,
    },
    /// A risk id used twice.
    #[error(
        "line {line}, column \"Risk ID\": risk id {risk_id:?} is used twice; expected unique ids"
    )]
    DuplicateRiskId {
        /// 1-based line of the second use.
        line: u64,
        /// The id.
        risk_id: String,
    },
}

/// The register's columns in the messages of a [`TableProblem`].
const WORDS: TableWords = TableWords {
    header_line: "register column names",
    known_column: "a register column such as \"Risk ID\" or \"Inherent likelihood\"",
};

/// A cell error before the line is known.
struct CellError {
    column: RegisterColumn,
    expected: String,
    found: String,
}

fn cell_error(column: RegisterColumn, expected: impl Into<String>, found: &str) -> CellError {
    CellError {
        column,
        expected: expected.into(),
        found: found.to_owned(),
    }
}

fn optional_text(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

fn parse_date(text: &str) -> Result<Option<IsoDate>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| "a date written YYYY-MM-DD".to_owned())
}

fn parse_level(text: &str, levels: usize, axis: &str) -> Result<Option<u8>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|v| (1..=levels).contains(&usize::from(*v)))
        .map(Some)
        .ok_or_else(|| format!("{axis} level, a whole number from 1 to {levels}"))
}

pub(super) fn parse_line_of_defence(text: &str) -> Option<LineOfDefence> {
    let key = normalise(text);
    LineOfDefence::ALL.iter().copied().find(|v| {
        normalise(v.label()) == key
            || normalise(&format!("{v:?}")) == key
            || match v {
                LineOfDefence::First => matches!(key.as_str(), "1" | "1st" | "1stline"),
                LineOfDefence::Second => matches!(key.as_str(), "2" | "2nd" | "2ndline"),
                LineOfDefence::Third => matches!(key.as_str(), "3" | "3rd" | "3rdline"),
                LineOfDefence::External => key == "external",
            }
    })
}

fn line_of_defence_expected() -> String {
    let labels: Vec<&str> = LineOfDefence::ALL.iter().map(|v| v.label()).collect();
    format!("a line of defence ({})", labels.join(", "))
}

/// Values of the columns that combine into one field, gathered before they are checked together.
#[derive(Default)]
struct Pending {
    levels: [Option<u8>; 4], // inherent L, I, residual L, I
    acceptance: [String; 5], // by, role, date, conditions, expiry
}

fn set_cell(
    risk: &mut Risk,
    pending: &mut Pending,
    column: RegisterColumn,
    text: &str,
    matrix: &RiskMatrix,
) -> Result<(), CellError> {
    type C = RegisterColumn;
    let err = |expected: String| cell_error(column, expected, text);
    let likelihoods = matrix.likelihood_labels.len();
    let impacts = matrix.impact_labels.len();
    match column {
        C::RiskId => {
            let id = text.trim();
            if id.contains(char::is_whitespace) {
                return Err(err("an id without spaces, such as R-1".to_owned()));
            }
            id.clone_into(&mut risk.risk_id);
        }
        C::Title => text.clone_into(&mut risk.title),
        C::Description => text.clone_into(&mut risk.description),
        C::Trustworthiness => risk.trustworthiness = split_list(text),
        C::MitDomain => risk.mit_domain = optional_text(text),
        C::MitSubdomain => risk.mit_subdomain = optional_text(text),
        C::RmfSubcategories => risk.rmf_subcategories = split_list(text),
        C::Cause => text.clone_into(&mut risk.cause),
        C::Event => text.clone_into(&mut risk.event),
        C::Consequence => text.clone_into(&mut risk.consequence),
        C::AffectedGroups => risk.affected_groups = split_list(text),
        C::Owner => text.clone_into(&mut risk.owner),
        C::LineOfDefence => {
            if !text.trim().is_empty() {
                risk.line_of_defence =
                    parse_line_of_defence(text).ok_or_else(|| err(line_of_defence_expected()))?;
            }
        }
        C::InherentLikelihood => {
            pending.levels[0] = parse_level(text, likelihoods, "a likelihood").map_err(err)?;
        }
        C::InherentImpact => {
            pending.levels[1] = parse_level(text, impacts, "an impact").map_err(err)?;
        }
        C::ResidualLikelihood => {
            pending.levels[2] = parse_level(text, likelihoods, "a likelihood").map_err(err)?;
        }
        C::ResidualImpact => {
            pending.levels[3] = parse_level(text, impacts, "an impact").map_err(err)?;
        }
        C::Controls => risk.controls = parse_controls(text).map_err(err)?,
        C::Treatment => {
            risk.treatment = if text.trim().is_empty() {
                None
            } else {
                Some(TreatmentOption::parse(text).ok_or_else(|| err(TreatmentOption::expected()))?)
            };
        }
        C::TreatmentRationale => text.clone_into(&mut risk.treatment_rationale),
        C::Actions => risk.actions = parse_actions(text).map_err(err)?,
        C::Status => {
            risk.status = if text.trim().is_empty() {
                RiskStatus::default()
            } else {
                RiskStatus::parse(text).ok_or_else(|| err(RiskStatus::expected()))?
            };
        }
        C::ReviewDate => risk.review_date = parse_date(text).map_err(err)?,
        C::Evidence => risk.evidence = parse_evidence(text).map_err(err)?,
        C::BowtieIds => risk.bowtie_ids = split_list(text),
        C::FmeaRows => risk.fmea_rows = split_list(text),
        C::AcceptedBy => text.clone_into(&mut pending.acceptance[0]),
        C::AcceptanceRole => text.clone_into(&mut pending.acceptance[1]),
        C::AcceptanceDate => {
            parse_date(text).map_err(err)?;
            text.clone_into(&mut pending.acceptance[2]);
        }
        C::AcceptanceConditions => text.clone_into(&mut pending.acceptance[3]),
        C::AcceptanceExpiry => {
            parse_date(text).map_err(err)?;
            text.clone_into(&mut pending.acceptance[4]);
        }
        C::Kpi => text.clone_into(&mut risk.business_impact.kpi),
        C::EstimatedCost => {
            risk.business_impact.estimated_cost = if text.trim().is_empty() {
                None
            } else {
                Some(
                    text.trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| {
                            err("a number such as 25000 or 1.5e6, or nothing".to_owned())
                        })?,
                )
            };
        }
        C::Currency => text.clone_into(&mut risk.business_impact.currency),
        C::NeedsReview => risk.needs_review = optional_text(text),
        C::MitEntity => risk.taxonomy.mit_entity = causal_level(text, &err)?,
        C::MitIntent => risk.taxonomy.mit_intent = causal_level(text, &err)?,
        C::MitTiming => risk.taxonomy.mit_timing = causal_level(text, &err)?,
        C::IsoRefs => risk.taxonomy.iso_refs = split_list(text),
        C::CustomCategories => risk.taxonomy.custom_categories = split_list(text),
    }
    Ok(())
}

/// Combines the rating and acceptance columns; errors name the column that is missing a value.
fn finish_row(risk: &mut Risk, pending: Pending) -> Result<(), CellError> {
    type C = RegisterColumn;
    let pairs = [
        (0, C::InherentLikelihood, C::InherentImpact, "inherent"),
        (2, C::ResidualLikelihood, C::ResidualImpact, "residual"),
    ];
    for (at, l_col, i_col, which) in pairs {
        let rating = match (pending.levels[at], pending.levels[at + 1]) {
            (Some(likelihood), Some(impact)) => Some(Rating { likelihood, impact }),
            (None, None) => None,
            (Some(_), None) => {
                return Err(cell_error(
                    i_col,
                    format!("an impact level because the {which} likelihood is given"),
                    "",
                ));
            }
            (None, Some(_)) => {
                return Err(cell_error(
                    l_col,
                    format!("a likelihood level because the {which} impact is given"),
                    "",
                ));
            }
        };
        if at == 0 {
            risk.inherent = rating;
        } else {
            risk.residual = rating;
        }
    }
    let [accepted_by, role, date, conditions, expiry] = pending.acceptance;
    if [&accepted_by, &role, &date, &conditions, &expiry]
        .iter()
        .any(|t| !t.is_empty())
    {
        // Both dates were checked when their cells were read.
        let Ok(Some(date_value)) = parse_date(&date) else {
            return Err(cell_error(
                C::AcceptanceDate,
                "a date written YYYY-MM-DD because the risk has an acceptance record",
                &date,
            ));
        };
        risk.acceptance = Some(Acceptance {
            accepted_by,
            role,
            date: date_value,
            conditions,
            expiry: parse_date(&expiry).ok().flatten(),
        });
    }
    Ok(())
}

fn check_width(
    records: &[Vec<String>],
    what: &str,
    layout: &str,
    width: usize,
) -> Result<(), String> {
    for (i, record) in records.iter().enumerate() {
        if record.len() > width {
            return Err(format!(
                "in {what} {} at most {width} fields `{layout}`, {} given",
                i + 1,
                record.len()
            ));
        }
    }
    Ok(())
}

/// A causal level of the MIT taxonomy by its label ("AI", "Post-deployment"), or `None` for an empty cell.
fn causal_level<T: CausalLevelLabel>(
    text: &str,
    err: &dyn Fn(String) -> CellError,
) -> Result<Option<T>, CellError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    T::all()
        .iter()
        .copied()
        .find(|v| normalise(v.level_label()) == normalise(text))
        .map(Some)
        .ok_or_else(|| {
            let labels: Vec<&str> = T::all().iter().map(|v| v.level_label()).collect();
            err(format!("one of {}, or nothing", labels.join(", ")))
        })
}

/// The three MIT causal enums, for [`causal_level`].
trait CausalLevelLabel: Copy + 'static {
    fn all() -> &'static [Self];
    fn level_label(self) -> &'static str;
}

macro_rules! causal_label {
    ($($ty:ty),+) => {
        $(impl CausalLevelLabel for $ty {
            fn all() -> &'static [Self] {
                &<$ty>::ALL
            }
            fn level_label(self) -> &'static str {
                self.label()
            }
        })+
    };
}
causal_label!(
    crate::model::taxonomy::MitEntity,
    crate::model::taxonomy::MitIntent,
    crate::model::taxonomy::MitTiming
);

fn field(record: &[String], index: usize) -> String {
    record.get(index).cloned().unwrap_or_default()
}

pub(super) fn parse_controls(text: &str) -> Result<Vec<Control>, String> {
    let records = read_records(text);
    check_width(
        &records,
        "control",
        "name | effectiveness | owner | description",
        4,
    )?;
    let mut controls = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let effectiveness = field(record, 1);
        let effectiveness = if effectiveness.trim().is_empty() {
            ControlEffectiveness::default()
        } else {
            ControlEffectiveness::parse(&effectiveness).ok_or_else(|| {
                format!(
                    "in control {} {}, not {effectiveness:?}",
                    i + 1,
                    ControlEffectiveness::expected()
                )
            })?
        };
        controls.push(Control {
            name: field(record, 0),
            effectiveness,
            owner: field(record, 2),
            description: field(record, 3),
        });
    }
    Ok(controls)
}

pub(super) fn parse_actions(text: &str) -> Result<Vec<Action>, String> {
    let records = read_records(text);
    check_width(
        &records,
        "action",
        "action id | status | due | owner | KRI | description | effort (person-days) | cost",
        8,
    )?;
    let mut actions = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let status = field(record, 1);
        let status = if status.trim().is_empty() {
            ActionStatus::Open
        } else {
            ActionStatus::parse(&status).ok_or_else(|| {
                let labels: Vec<&str> = ActionStatus::ALL.iter().map(|s| s.label()).collect();
                format!(
                    "in action {} an action status ({}), not {status:?}",
                    i + 1,
                    labels.join(", ")
                )
            })?
        };
        let due = field(record, 2);
        let due = parse_date(&due)
            .map_err(|e| format!("in action {} a due date: {e}, not {due:?}", i + 1))?;
        let amount = |at: usize, what: &str| {
            let text = field(record, at);
            super::parse_amount(&text)
                .map_err(|e| format!("in action {} {what}: {e}, not {text:?}", i + 1))
        };
        actions.push(Action {
            action_id: field(record, 0),
            status,
            due,
            owner: field(record, 3),
            kri: field(record, 4),
            description: field(record, 5),
            effort_days: amount(6, "an effort in person-days")?,
            cost: amount(7, "a cost")?,
        });
    }
    Ok(actions)
}

fn parse_evidence(text: &str) -> Result<Vec<EvidenceLink>, String> {
    let records = read_records(text);
    check_width(
        &records,
        "evidence link",
        "kind | reference | dataset SHA-256 | note | dataset id | audit | sensitive columns | check | group \
         | failed/passed | value",
        11,
    )?;
    let mut links = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        let kind = field(record, 0);
        let kind = EvidenceKind::parse(&kind).ok_or_else(|| {
            format!(
                "in evidence link {} {}, not {kind:?}",
                i + 1,
                EvidenceKind::expected()
            )
        })?;
        let check = if record.len() > 5 {
            let value = field(record, 10);
            Some(CheckRef {
                audit_name: field(record, 5),
                sensitive: field(record, 6)
                    .split(" & ")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
                check_name: field(record, 7),
                group: field(record, 8),
                failed: match field(record, 9).trim() {
                    "failed" => true,
                    "passed" | "" => false,
                    other => {
                        return Err(format!(
                            "in evidence link {}, the check outcome is \"failed\" or \"passed\", not {other:?}",
                            i + 1
                        ));
                    }
                },
                value: if value.trim().is_empty() {
                    None
                } else {
                    Some(value.trim().parse::<f64>().map_err(|_| {
                        format!(
                            "in evidence link {}, the check value is a number, not {value:?}",
                            i + 1
                        )
                    })?)
                },
            })
        } else {
            None
        };
        links.push(EvidenceLink {
            kind,
            reference: field(record, 1),
            dataset_sha256: optional_text(&field(record, 2)),
            note: field(record, 3),
            dataset_id: field(record, 4),
            check,
        });
    }
    Ok(links)
}

/// Reads risks from CSV written by [`risks_to_csv`] or by a spreadsheet; ratings are checked against
/// `matrix`.
///
/// The first line names the columns ([`RegisterColumn::parse`]: header text or name, any case, any
/// order, any subset). A leading byte-order mark, lines with no value at all and columns with an empty
/// header and no values are ignored. Risks without an id get `R-n` ids after the highest one.
///
/// ```
/// use riskbench::model::RiskMatrix;
/// use riskbench::model::register::risks_from_csv;
/// let m = RiskMatrix::default();
/// let risks = risks_from_csv("Title,Inherent likelihood,Inherent impact\n\"Bias, gender\",4,5\n", &m).unwrap();
/// assert_eq!(risks[0].risk_id, "R-1");
/// assert_eq!(risks[0].inherent.map(|r| r.score()), Some(20));
/// let err = risks_from_csv("Title,Inherent likelihood,Inherent impact\nBias,6,5\n", &m).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "line 2, column \"Inherent likelihood\": expected a likelihood level, a whole number from 1 to 5, found \"6\""
/// );
/// ```
///
/// # Errors
/// [`RegisterImportError`] with the line (and column where there is one) and what was expected.
pub fn risks_from_csv(text: &str, matrix: &RiskMatrix) -> Result<Vec<Risk>, RegisterImportError> {
    let (columns, records) =
        crate::model::csv_table::read_table(text, RegisterColumn::parse, WORDS)?;
    let mut risks: Vec<Risk> = Vec::new();
    let mut seen = HashSet::new();
    let mut unnamed = Vec::new();
    for (line, record) in records {
        let to_error = |e: CellError| RegisterImportError::Cell {
            line,
            column: e.column,
            expected: e.expected,
            found: e.found,
        };
        let mut risk = Risk::default();
        let mut pending = Pending::default();
        for (text, column) in record.iter().zip(&columns) {
            match column {
                None if text.is_empty() => {}
                None => {
                    return Err(TableProblem::Malformed {
                        line,
                        message: "a value under an empty header; expected a column name in line 1"
                            .to_owned(),
                    }
                    .into());
                }
                Some(column) => {
                    set_cell(&mut risk, &mut pending, *column, text, matrix).map_err(to_error)?;
                }
            }
        }
        finish_row(&mut risk, pending).map_err(to_error)?;
        if risk.risk_id.is_empty() {
            unnamed.push(risks.len());
        } else if !seen.insert(risk.risk_id.clone()) {
            return Err(RegisterImportError::DuplicateRiskId {
                line,
                risk_id: risk.risk_id,
            });
        }
        risks.push(risk);
    }
    for index in unnamed {
        risks[index].risk_id = next_risk_id(&risks);
    }
    Ok(risks)
}
