//! The risk register: one [`Risk`] per identified risk, with ratings, controls, treatment, actions,
//! evidence links and the acceptance record (see `risk-methods.md`, "Risk register").
//!
//! Everything here is pure: scoring and banding against the project's [`RiskMatrix`], the checks of
//! [`Risk::problems`], heat-map and band counts, bulk status changes, and CSV export/import
//! ([`risks_to_csv`], [`risks_from_csv`]). Dates are passed in; nothing reads the clock.
//!
//! # CSV layout
//!
//! One line per risk, one column per [`RegisterColumn`] (header [`RegisterColumn::header`]). Lists
//! (trustworthiness, RMF subcategories, affected groups, bow-tie ids, FMEA rows) are joined with
//! `"; "` and `\;` escaping ([`join_list`] / [`split_list`]); list items are trimmed and empty items
//! dropped. An empty cell stands for "none" in optional text, date, number and rating columns.
//!
//! Controls, actions and evidence links take one cell each in a compact form: one record per line
//! (`\n`), fields separated by `" | "`. Inside a field `\\`, `\|`, `\n` and `\r` stand for a
//! backslash, a bar, a line feed and a carriage return; on import one space on each side of a `|`
//! is dropped, so hand-written `a|b` and `a | b` both work. Field order:
//!
//! - Controls: `name | effectiveness | owner | description`
//! - Actions: `action id | status | due (YYYY-MM-DD or empty) | owner | KRI | description | effort in
//!   person-days | cost` (the two resource fields are written only when one of them is set)
//! - Evidence: `kind | reference | dataset SHA-256 (or empty) | note`
//!
//! Trailing fields may be left out on import (they are then empty or default).
//!
//! # Files
//!
//! This file holds the types; [`summary`] the register-wide operations (next id, counts, bulk status),
//! [`query`] the register view's filter, sort and flags (shared by the screen and the PDF), `csv_export` and
//! `csv_import` the CSV form.

use serde::{Deserialize, Serialize};

use super::date::IsoDate;
use super::fmea::ActionStatus;
use super::project::LineOfDefence;
use super::settings::{RiskAppetite, RiskMatrix, Settings};
use super::taxonomy::TaxonomyTags;

mod csv_export;
mod csv_import;
pub mod query;
pub mod summary;
#[cfg(test)]
mod tests;

pub use csv_export::{RegisterColumn, risks_to_csv};
pub use csv_import::{RegisterImportError, risks_from_csv};
pub use summary::{counts_by_band, heat_map_counts, import_risks, next_risk_id, set_status_bulk};

/// Prefix of generated risk ids (`R-1`, `R-2`, …).
pub const RISK_ID_PREFIX: &str = "R-";

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

use super::labelled::labelled_enum;

labelled_enum! {
    /// How well a control works, as last tested.
    #[derive(Default)]
    ControlEffectiveness, "a control effectiveness" {
        /// Tested and works as intended.
        Effective => "Effective",
        /// Works only in part or only sometimes.
        PartiallyEffective => "Partially effective",
        /// Tested and does not work.
        Ineffective => "Ineffective",
        /// Not tested yet (the default).
        #[default]
        NotTested => "Not tested",
    }
}

labelled_enum! {
    /// Risk response options of NIST AI RMF MANAGE 1.3.
    TreatmentOption, "a treatment option" {
        /// Reduce likelihood or impact with controls and actions.
        Mitigate => "Mitigate",
        /// Shift the risk to a third party (insurance, contract).
        Transfer => "Transfer",
        /// Stop the activity that gives rise to the risk.
        Avoid => "Avoid",
        /// Accept the residual risk, with a rationale and an acceptance record.
        Accept => "Accept",
    }
}

labelled_enum! {
    /// Where a risk stands in its life cycle.
    #[derive(Default)]
    RiskStatus, "a risk status" {
        /// Identified, not yet treated (the default).
        #[default]
        Open => "Open",
        /// Treatment actions under way.
        InTreatment => "In treatment",
        /// Residual risk formally accepted (needs an [`Acceptance`] record).
        Accepted => "Accepted",
        /// No longer relevant or fully treated.
        Closed => "Closed",
    }
}

labelled_enum! {
    /// What a piece of linked evidence is.
    EvidenceKind, "an evidence kind" {
        /// A fairness audit check (e.g. a failing demographic parity ratio).
        AuditCheck => "Audit check",
        /// A data validation rule result.
        ValidationRule => "Validation rule",
        /// A drift detection result.
        DriftResult => "Drift result",
        /// A data alert (e.g. small group, likely proxy).
        DataAlert => "Data alert",
        /// Any other document (policy, test report, minutes).
        Document => "Document",
    }
}

fn default_action_status() -> ActionStatus {
    ActionStatus::Open
}

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// A likelihood × impact rating, levels counted from 1 on the project's [`RiskMatrix`] scales.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rating {
    /// Likelihood level, 1..=number of likelihood labels.
    pub likelihood: u8,
    /// Impact level, 1..=number of impact labels.
    pub impact: u8,
}

impl Rating {
    /// A rating from its two levels.
    #[must_use]
    pub const fn new(likelihood: u8, impact: u8) -> Self {
        Self { likelihood, impact }
    }

    /// Likelihood × impact (see [`score`]).
    #[must_use]
    pub fn score(self) -> u32 {
        score(&self)
    }

    /// Whether both levels lie on the matrix's scales.
    #[must_use]
    pub fn fits(self, matrix: &RiskMatrix) -> bool {
        (1..=matrix.likelihood_labels.len()).contains(&usize::from(self.likelihood))
            && (1..=matrix.impact_labels.len()).contains(&usize::from(self.impact))
    }
}

/// The score of a rating: likelihood × impact.
///
/// ```
/// use riskbench::model::register::{Rating, score};
/// assert_eq!(score(&Rating::new(4, 5)), 20);
/// ```
#[must_use]
pub fn score(rating: &Rating) -> u32 {
    u32::from(rating.likelihood) * u32::from(rating.impact)
}

/// A control that acts on a risk.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Control {
    /// Short name (e.g. "Quarterly fairness audit").
    pub name: String,
    /// What the control does and how.
    #[serde(default)]
    pub description: String,
    /// How well it works, as last tested.
    #[serde(default)]
    pub effectiveness: ControlEffectiveness,
    /// Accountable person.
    #[serde(default)]
    pub owner: String,
}

/// A treatment action with its owner, due date, status and key risk indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// Id within the risk (e.g. `A-1`).
    pub action_id: String,
    /// What will be done.
    #[serde(default)]
    pub description: String,
    /// Accountable person.
    #[serde(default)]
    pub owner: String,
    /// When it is due.
    #[serde(default)]
    pub due: Option<IsoDate>,
    /// Open / In progress / Done / Not implemented.
    #[serde(default = "default_action_status")]
    pub status: ActionStatus,
    /// Key risk indicator that shows whether the action works.
    #[serde(default)]
    pub kri: String,
    /// Effort the action needs, in person-days. Left out of the file while unset.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::finite::option_f64"
    )]
    pub effort_days: Option<f64>,
    /// What the action costs (budget, licences, external work), in the organisation's currency. Left out of
    /// the file while unset.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::finite::option_f64"
    )]
    pub cost: Option<f64>,
}

impl Default for Action {
    fn default() -> Self {
        Self {
            action_id: String::new(),
            description: String::new(),
            owner: String::new(),
            due: None,
            status: ActionStatus::Open,
            kri: String::new(),
            effort_days: None,
            cost: None,
        }
    }
}

/// An effort or cost as written in the CSV and the plan: up to two decimals, no trailing zeros
/// (`2.5`, `12000`).
///
/// ```
/// use riskbench::model::register::amount_text;
/// assert_eq!(amount_text(2.5), "2.5");
/// assert_eq!(amount_text(12000.0), "12000");
/// assert_eq!(amount_text(0.126), "0.13");
/// ```
#[must_use]
pub fn amount_text(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Reads an effort or a cost: empty is `None`; otherwise a finite number, not negative.
///
/// # Errors
///
/// What was expected, when the text is not such a number.
pub fn parse_amount(text: &str) -> Result<Option<f64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        Ok(_) => Err("a number of at least 0".to_owned()),
        Err(_) => Err("a number".to_owned()),
    }
}

impl Action {
    /// Whether the action is still to be done (Open or In progress) and its due date is before `today`.
    #[must_use]
    pub fn is_overdue(&self, today: IsoDate) -> bool {
        self.status.is_open() && self.due.is_some_and(|due| due < today)
    }
}

/// A link from a risk to evidence: an audit check, validation or drift result, data alert or document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceLink {
    /// What the evidence is.
    pub kind: EvidenceKind,
    /// Id or path of the evidence (e.g. an audit id and check name).
    #[serde(default)]
    pub reference: String,
    /// SHA-256 of the dataset the evidence was computed on; a change flags the risk for review.
    #[serde(default)]
    pub dataset_sha256: Option<String>,
    /// Free text (e.g. "demographic parity ratio 0.62 < 0.8").
    #[serde(default)]
    pub note: String,
    /// The project dataset the evidence was computed on (schema 3); empty for documents.
    #[serde(default)]
    pub dataset_id: String,
    /// The audit check this evidence is, with its outcome when linked (schema 3); a flip flags the risk.
    #[serde(default)]
    pub check: Option<CheckRef>,
}

/// Which audit check a piece of evidence is, and what it showed when the link was made.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckRef {
    /// The saved audit's name.
    pub audit_name: String,
    /// The audited column(s); several = their intersection.
    pub sensitive: Vec<String>,
    /// The check's name (e.g. `demographic_parity_ratio`).
    pub check_name: String,
    /// The group checked (`sex=female`); empty for dataset-level checks.
    pub group: String,
    /// Whether the check failed when the link was made.
    pub failed: bool,
    /// The checked value then.
    pub value: Option<f64>,
}

/// The formal acceptance of a residual risk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Acceptance {
    /// Who accepted (name).
    #[serde(default)]
    pub accepted_by: String,
    /// Their role; should match the band's acceptance authority.
    #[serde(default)]
    pub role: String,
    /// When it was accepted.
    pub date: IsoDate,
    /// Conditions attached to the acceptance.
    #[serde(default)]
    pub conditions: String,
    /// When the acceptance lapses and must be renewed.
    #[serde(default)]
    pub expiry: Option<IsoDate>,
}

/// The business side of a risk: the KPI it threatens and what it may cost.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessImpact {
    /// The KPI the risk threatens (e.g. "loan approval rate").
    pub kpi: String,
    /// Estimated cost if the risk materialises.
    #[serde(default, deserialize_with = "crate::model::finite::option_f64")]
    pub estimated_cost: Option<f64>,
    /// Currency of the cost (e.g. "EUR").
    pub currency: String,
}

/// One entry of the risk register.
///
/// Field order is the order in the project file, chosen so diffs read top to bottom: identity,
/// categories, cause → event → consequence, ownership, inherent rating, controls, residual rating,
/// treatment, actions, status, links, acceptance, business impact.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Risk {
    /// Stable id (`R-1`), used by links from bow-ties, FMEA rows and the report.
    pub risk_id: String,
    /// One-line name of the risk.
    #[serde(default)]
    pub title: String,
    /// Longer description.
    #[serde(default)]
    pub description: String,
    /// NIST trustworthiness characteristic ids.
    #[serde(default)]
    pub trustworthiness: Vec<String>,
    /// MIT AI Risk Repository domain.
    #[serde(default)]
    pub mit_domain: Option<String>,
    /// MIT AI Risk Repository subdomain.
    #[serde(default)]
    pub mit_subdomain: Option<String>,
    /// NIST AI RMF subcategory ids (e.g. "MEASURE 2.11").
    #[serde(default)]
    pub rmf_subcategories: Vec<String>,
    /// What gives rise to the risk.
    #[serde(default)]
    pub cause: String,
    /// The event that would happen.
    #[serde(default)]
    pub event: String,
    /// What follows from the event.
    #[serde(default)]
    pub consequence: String,
    /// Groups of people the consequence falls on.
    #[serde(default)]
    pub affected_groups: Vec<String>,
    /// Risk owner (name).
    #[serde(default)]
    pub owner: String,
    /// The owner's line of defence.
    #[serde(default)]
    pub line_of_defence: LineOfDefence,
    /// Rating before controls.
    #[serde(default)]
    pub inherent: Option<Rating>,
    /// Controls in place, with their effectiveness.
    #[serde(default)]
    pub controls: Vec<Control>,
    /// Rating with the controls in place.
    #[serde(default)]
    pub residual: Option<Rating>,
    /// Chosen response (NIST MANAGE 1.3).
    #[serde(default)]
    pub treatment: Option<TreatmentOption>,
    /// Why that response was chosen.
    #[serde(default)]
    pub treatment_rationale: String,
    /// Treatment actions.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Life-cycle status.
    #[serde(default)]
    pub status: RiskStatus,
    /// When the risk is next due for review.
    #[serde(default)]
    pub review_date: Option<IsoDate>,
    /// Linked evidence.
    #[serde(default)]
    pub evidence: Vec<EvidenceLink>,
    /// Ids of linked bow-ties.
    #[serde(default)]
    pub bowtie_ids: Vec<String>,
    /// Linked FMEA rows as `worksheet/row` (e.g. "fmea-1/FM-3").
    #[serde(default)]
    pub fmea_rows: Vec<String>,
    /// Acceptance record of the residual risk.
    #[serde(default)]
    pub acceptance: Option<Acceptance>,
    /// KPI threatened and estimated cost.
    #[serde(default)]
    pub business_impact: BusinessImpact,
    /// Why the risk was flagged for review (e.g. "dataset changed"), or `None`.
    #[serde(default)]
    pub needs_review: Option<String>,
    /// MIT causal entity / intent / timing, ISO/IEC 23894 and 42001 references, custom category ids (schema 3).
    #[serde(default)]
    pub taxonomy: TaxonomyTags,
}

// ---------------------------------------------------------------------------------------------
// Logic
// ---------------------------------------------------------------------------------------------

impl Risk {
    /// An empty risk with the given id.
    #[must_use]
    pub fn new(risk_id: impl Into<String>) -> Self {
        Self {
            risk_id: risk_id.into(),
            ..Self::default()
        }
    }

    /// The band index of the inherent rating in `matrix`, or `None` without a rating.
    #[must_use]
    pub fn inherent_band(&self, matrix: &RiskMatrix) -> Option<usize> {
        matrix.band_index(score(self.inherent.as_ref()?))
    }

    /// The band index of the residual rating in `matrix`, or `None` without a rating.
    #[must_use]
    pub fn residual_band(&self, matrix: &RiskMatrix) -> Option<usize> {
        matrix.band_index(score(self.residual.as_ref()?))
    }

    /// Actions still to be done whose due date is before `today`.
    #[must_use]
    pub fn overdue_actions(&self, today: IsoDate) -> Vec<&Action> {
        self.actions
            .iter()
            .filter(|a| a.is_overdue(today))
            .collect()
    }

    /// What is wrong or missing in this risk, in plain words; empty when nothing is.
    ///
    /// Checks: ratings outside the matrix's scales; a residual score above the inherent one; status
    /// Accepted without an acceptance record; an acceptance whose expiry is before `today`; treatment
    /// Accept without a rationale; actions without an owner or a due date; a review date before `today`
    /// (not for Closed risks); treatment Mitigate with neither controls nor actions.
    #[must_use]
    pub fn problems(&self, matrix: &RiskMatrix, today: IsoDate) -> Vec<String> {
        let mut problems = Vec::new();
        let levels = [
            ("likelihood", matrix.likelihood_labels.len()),
            ("impact", matrix.impact_labels.len()),
        ];
        for (which, rating) in [("inherent", self.inherent), ("residual", self.residual)] {
            let Some(rating) = rating else { continue };
            for ((axis, n), value) in levels.iter().zip([rating.likelihood, rating.impact]) {
                if !(1..=*n).contains(&usize::from(value)) {
                    problems.push(format!(
                        "the {which} {axis} {value} is outside the matrix's levels 1 to {n}"
                    ));
                }
            }
        }
        if let (Some(inherent), Some(residual)) = (self.inherent, self.residual)
            && residual.score() > inherent.score()
        {
            problems.push(format!(
                "the residual score {} is above the inherent score {}; controls should not raise a risk",
                residual.score(),
                inherent.score()
            ));
        }
        if self.status == RiskStatus::Accepted && self.acceptance.is_none() {
            problems.push(
                "the risk is marked Accepted but has no acceptance record (who, when, conditions)"
                    .to_owned(),
            );
        }
        if let Some(expiry) = self.acceptance.as_ref().and_then(|a| a.expiry)
            && expiry < today
        {
            problems.push(format!(
                "the acceptance expired on {expiry}; it must be renewed or the risk treated"
            ));
        }
        if self.treatment == Some(TreatmentOption::Accept)
            && self.treatment_rationale.trim().is_empty()
        {
            problems.push("the treatment is Accept but no rationale is given".to_owned());
        }
        for (i, action) in self.actions.iter().enumerate() {
            let name = if action.action_id.trim().is_empty() {
                format!("action {}", i + 1)
            } else {
                format!("action {}", action.action_id)
            };
            if action.owner.trim().is_empty() {
                problems.push(format!("{name} has no owner"));
            }
            if action.due.is_none() {
                problems.push(format!("{name} has no due date"));
            }
        }
        if self.status != RiskStatus::Closed
            && let Some(review) = self.review_date
            && review < today
        {
            problems.push(format!("the review date {review} has passed"));
        }
        if self.treatment == Some(TreatmentOption::Mitigate)
            && self.controls.is_empty()
            && self.actions.is_empty()
        {
            problems.push(
                "the treatment is Mitigate but there are no controls and no actions".to_owned(),
            );
        }
        problems
    }
}

impl Risk {
    /// The category ids this risk carries: trustworthiness characteristics, then its MIT domain and subdomain,
    /// then its custom categories.
    pub fn category_ids(&self) -> impl Iterator<Item = &str> {
        self.trustworthiness
            .iter()
            .map(String::as_str)
            .chain(self.mit_domain.as_deref())
            .chain(self.mit_subdomain.as_deref())
            .chain(self.taxonomy.custom_categories.iter().map(String::as_str))
    }

    /// The appetite entries this risk's residual rating exceeds (its residual band is above the entry's
    /// highest band). Entries naming unknown bands are ignored (see [`Settings::appetite_problems`]).
    #[must_use]
    pub fn appetite_breaches<'a>(&self, settings: &'a Settings) -> Vec<&'a RiskAppetite> {
        let matrix = &settings.risk_matrix;
        let Some(band) = self.residual_band(matrix) else {
            return Vec::new();
        };
        settings
            .appetite
            .iter()
            .filter(|a| self.category_ids().any(|c| c == a.category))
            .filter(|a| {
                matrix
                    .band_named(&a.max_residual_band)
                    .is_some_and(|max| band > max)
            })
            .collect()
    }

    /// When the risk is accepted, whether the acceptor's role matches the acceptance authority of the
    /// residual band; the message says who must accept instead. `None` when nothing is wrong.
    #[must_use]
    pub fn authority_problem(&self, matrix: &RiskMatrix) -> Option<String> {
        let acceptance = self.acceptance.as_ref()?;
        let band = matrix.bands.get(self.residual_band(matrix)?)?;
        let needed = band.acceptance_authority.trim();
        if needed.is_empty() {
            return None;
        }
        let role = acceptance.role.trim().to_lowercase();
        let needed_lower = needed.to_lowercase();
        if !role.is_empty() && (role.contains(&needed_lower) || needed_lower.contains(&role)) {
            return None;
        }
        Some(format!(
            "a residual risk in band {} must be accepted by {needed}; it was accepted by {} ({})",
            band.name,
            if acceptance.accepted_by.trim().is_empty() {
                "someone unnamed"
            } else {
                acceptance.accepted_by.trim()
            },
            if role.is_empty() {
                "no role given".to_owned()
            } else {
                acceptance.role.trim().to_owned()
            }
        ))
    }

    /// Every problem of this risk under the project's settings: [`Risk::problems`], the acceptance authority
    /// check, and appetite breaches of risks that are not formally accepted.
    #[must_use]
    pub fn all_problems(&self, settings: &Settings, today: IsoDate) -> Vec<String> {
        let matrix = &settings.risk_matrix;
        let mut problems = self.problems(matrix, today);
        problems.extend(self.authority_problem(matrix));
        if self.status != RiskStatus::Accepted {
            for appetite in self.appetite_breaches(settings) {
                problems.push(format!(
                    "the residual risk is above the appetite for {} (at most {}) and is not formally accepted",
                    appetite.category, appetite.max_residual_band
                ));
            }
        }
        problems
    }
}
