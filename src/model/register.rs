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
//! - Actions: `action id | status | due (YYYY-MM-DD or empty) | owner | KRI | description`
//! - Evidence: `kind | reference | dataset SHA-256 (or empty) | note`
//!
//! Trailing fields may be left out on import (they are then empty or default).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::date::IsoDate;
use super::fmea::{ActionStatus, join_list, split_list};
use super::project::LineOfDefence;
use super::settings::{RiskAppetite, RiskMatrix, Settings};
use super::taxonomy::TaxonomyTags;

/// Prefix of generated risk ids (`R-1`, `R-2`, …).
pub const RISK_ID_PREFIX: &str = "R-";

// ---------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------

use super::labelled::{labelled_enum, normalise};

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
        }
    }
}

impl Action {
    /// Whether the action is still to be done (Open or In progress) and its due date is before `today`.
    #[must_use]
    pub fn is_overdue(&self, today: IsoDate) -> bool {
        matches!(self.status, ActionStatus::Open | ActionStatus::InProgress)
            && self.due.is_some_and(|due| due < today)
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

/// A risk id not used in `risks`: `R-n`, one past the highest `R-<number>` id (others are ignored).
///
/// ```
/// use riskbench::model::register::{Risk, next_risk_id};
/// assert_eq!(next_risk_id(&[]), "R-1");
/// assert_eq!(next_risk_id(&[Risk::new("R-2"), Risk::new("custom")]), "R-3");
/// ```
#[must_use]
pub fn next_risk_id(risks: &[Risk]) -> String {
    next_id_in(risks.iter().map(|r| r.risk_id.as_str()))
}

fn next_id_in<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let next = ids
        .filter_map(|id| id.strip_prefix(RISK_ID_PREFIX)?.parse::<u64>().ok())
        .max()
        .map_or(1, |n| n.saturating_add(1));
    format!("{RISK_ID_PREFIX}{next}")
}

fn rating_of(risk: &Risk, residual: bool) -> Option<Rating> {
    if residual {
        risk.residual
    } else {
        risk.inherent
    }
}

/// Risk ids per heat-map cell, indexed `[likelihood - 1][impact - 1]`, for the inherent or residual
/// ratings. Risks without that rating or with a rating outside the matrix are left out.
#[must_use]
pub fn heat_map_counts(
    risks: &[Risk],
    matrix: &RiskMatrix,
    residual: bool,
) -> Vec<Vec<Vec<String>>> {
    let mut cells =
        vec![vec![Vec::new(); matrix.impact_labels.len()]; matrix.likelihood_labels.len()];
    for risk in risks {
        let Some(rating) = rating_of(risk, residual) else {
            continue;
        };
        if !rating.fits(matrix) {
            continue;
        }
        cells[usize::from(rating.likelihood) - 1][usize::from(rating.impact) - 1]
            .push(risk.risk_id.clone());
    }
    cells
}

/// Number of risks per band of `matrix` (same order as `matrix.bands`), for the inherent or residual
/// ratings. Risks without that rating, with a rating outside the matrix, or whose score falls in no
/// band are not counted.
#[must_use]
pub fn counts_by_band(risks: &[Risk], matrix: &RiskMatrix, residual: bool) -> Vec<usize> {
    let mut counts = vec![0; matrix.bands.len()];
    for risk in risks {
        let rating = rating_of(risk, residual).filter(|r| r.fits(matrix));
        if let Some(band) = rating.and_then(|r| matrix.band_index(r.score())) {
            counts[band] += 1;
        }
    }
    counts
}

/// Sets `status` on every risk whose id is in `ids`; returns how many risks changed.
pub fn set_status_bulk<S: AsRef<str>>(
    risks: &mut [Risk],
    ids: impl IntoIterator<Item = S>,
    status: RiskStatus,
) -> usize {
    let ids: HashSet<String> = ids.into_iter().map(|s| s.as_ref().to_owned()).collect();
    let mut changed = 0;
    for risk in risks.iter_mut().filter(|r| ids.contains(&r.risk_id)) {
        if risk.status != status {
            risk.status = status;
            changed += 1;
        }
    }
    changed
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

labelled_enum! {
    /// A column of the register's CSV form; [`RegisterColumn::label`] is the header text.
    RegisterColumn, "a register column" {
        /// [`Risk::risk_id`].
        RiskId => "Risk ID",
        /// [`Risk::title`].
        Title => "Title",
        /// [`Risk::description`].
        Description => "Description",
        /// [`Risk::trustworthiness`] (list).
        Trustworthiness => "Trustworthiness",
        /// [`Risk::mit_domain`].
        MitDomain => "MIT domain",
        /// [`Risk::mit_subdomain`].
        MitSubdomain => "MIT subdomain",
        /// [`Risk::rmf_subcategories`] (list).
        RmfSubcategories => "RMF subcategories",
        /// [`Risk::cause`].
        Cause => "Cause",
        /// [`Risk::event`].
        Event => "Event",
        /// [`Risk::consequence`].
        Consequence => "Consequence",
        /// [`Risk::affected_groups`] (list).
        AffectedGroups => "Affected groups",
        /// [`Risk::owner`].
        Owner => "Owner",
        /// [`Risk::line_of_defence`].
        LineOfDefence => "Line of defence",
        /// Likelihood of [`Risk::inherent`].
        InherentLikelihood => "Inherent likelihood",
        /// Impact of [`Risk::inherent`].
        InherentImpact => "Inherent impact",
        /// [`Risk::controls`] (compact form).
        Controls => "Controls",
        /// Likelihood of [`Risk::residual`].
        ResidualLikelihood => "Residual likelihood",
        /// Impact of [`Risk::residual`].
        ResidualImpact => "Residual impact",
        /// [`Risk::treatment`].
        Treatment => "Treatment",
        /// [`Risk::treatment_rationale`].
        TreatmentRationale => "Treatment rationale",
        /// [`Risk::actions`] (compact form).
        Actions => "Actions",
        /// [`Risk::status`].
        Status => "Status",
        /// [`Risk::review_date`].
        ReviewDate => "Review date",
        /// [`Risk::evidence`] (compact form).
        Evidence => "Evidence",
        /// [`Risk::bowtie_ids`] (list).
        BowtieIds => "Bow-tie IDs",
        /// [`Risk::fmea_rows`] (list).
        FmeaRows => "FMEA rows",
        /// [`Acceptance::accepted_by`].
        AcceptedBy => "Accepted by",
        /// [`Acceptance::role`].
        AcceptanceRole => "Acceptance role",
        /// [`Acceptance::date`]; required when any acceptance column has a value.
        AcceptanceDate => "Acceptance date",
        /// [`Acceptance::conditions`].
        AcceptanceConditions => "Acceptance conditions",
        /// [`Acceptance::expiry`].
        AcceptanceExpiry => "Acceptance expiry",
        /// [`BusinessImpact::kpi`].
        Kpi => "KPI",
        /// [`BusinessImpact::estimated_cost`].
        EstimatedCost => "Estimated cost",
        /// [`BusinessImpact::currency`].
        Currency => "Currency",
        /// [`Risk::needs_review`].
        NeedsReview => "Needs review",
        /// [`TaxonomyTags::mit_entity`].
        MitEntity => "MIT entity",
        /// [`TaxonomyTags::mit_intent`].
        MitIntent => "MIT intent",
        /// [`TaxonomyTags::mit_timing`].
        MitTiming => "MIT timing",
        /// [`TaxonomyTags::iso_refs`] (list).
        IsoRefs => "ISO references",
        /// [`TaxonomyTags::custom_categories`] (list of category ids).
        CustomCategories => "Custom categories",
    }
}

impl RegisterColumn {
    /// The header text in CSV files (same as [`Self::label`]).
    #[must_use]
    pub const fn header(self) -> &'static str {
        self.label()
    }

    /// The text of this column for `risk`, as written to CSV.
    #[must_use]
    pub fn cell_text(self, risk: &Risk) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let date = |d: Option<IsoDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let level = |r: Option<Rating>, f: fn(Rating) -> u8| {
            r.map(|r| f(r).to_string()).unwrap_or_default()
        };
        let acc = risk.acceptance.as_ref();
        match self {
            Self::RiskId => risk.risk_id.clone(),
            Self::Title => risk.title.clone(),
            Self::Description => risk.description.clone(),
            Self::Trustworthiness => join_list(&risk.trustworthiness),
            Self::MitDomain => opt(&risk.mit_domain),
            Self::MitSubdomain => opt(&risk.mit_subdomain),
            Self::RmfSubcategories => join_list(&risk.rmf_subcategories),
            Self::Cause => risk.cause.clone(),
            Self::Event => risk.event.clone(),
            Self::Consequence => risk.consequence.clone(),
            Self::AffectedGroups => join_list(&risk.affected_groups),
            Self::Owner => risk.owner.clone(),
            Self::LineOfDefence => risk.line_of_defence.label().to_owned(),
            Self::InherentLikelihood => level(risk.inherent, |r| r.likelihood),
            Self::InherentImpact => level(risk.inherent, |r| r.impact),
            Self::Controls => write_records(risk.controls.iter().map(|c| {
                vec![
                    c.name.clone(),
                    c.effectiveness.label().to_owned(),
                    c.owner.clone(),
                    c.description.clone(),
                ]
            })),
            Self::ResidualLikelihood => level(risk.residual, |r| r.likelihood),
            Self::ResidualImpact => level(risk.residual, |r| r.impact),
            Self::Treatment => risk
                .treatment
                .map(|t| t.label().to_owned())
                .unwrap_or_default(),
            Self::TreatmentRationale => risk.treatment_rationale.clone(),
            Self::Actions => write_records(risk.actions.iter().map(|a| {
                vec![
                    a.action_id.clone(),
                    a.status.label().to_owned(),
                    date(a.due),
                    a.owner.clone(),
                    a.kri.clone(),
                    a.description.clone(),
                ]
            })),
            Self::Status => risk.status.label().to_owned(),
            Self::ReviewDate => date(risk.review_date),
            Self::Evidence => write_records(risk.evidence.iter().map(|e| {
                let mut fields = vec![
                    e.kind.label().to_owned(),
                    e.reference.clone(),
                    opt(&e.dataset_sha256),
                    e.note.clone(),
                ];
                if !e.dataset_id.is_empty() || e.check.is_some() {
                    fields.push(e.dataset_id.clone());
                }
                if let Some(check) = &e.check {
                    fields.extend([
                        check.audit_name.clone(),
                        check.sensitive.join(" & "),
                        check.check_name.clone(),
                        check.group.clone(),
                        if check.failed { "failed" } else { "passed" }.to_owned(),
                        check.value.map(|v| v.to_string()).unwrap_or_default(),
                    ]);
                }
                fields
            })),
            Self::BowtieIds => join_list(&risk.bowtie_ids),
            Self::FmeaRows => join_list(&risk.fmea_rows),
            Self::AcceptedBy => acc.map(|a| a.accepted_by.clone()).unwrap_or_default(),
            Self::AcceptanceRole => acc.map(|a| a.role.clone()).unwrap_or_default(),
            Self::AcceptanceDate => date(acc.map(|a| a.date)),
            Self::AcceptanceConditions => acc.map(|a| a.conditions.clone()).unwrap_or_default(),
            Self::AcceptanceExpiry => date(acc.and_then(|a| a.expiry)),
            Self::Kpi => risk.business_impact.kpi.clone(),
            Self::EstimatedCost => risk
                .business_impact
                .estimated_cost
                .map(|c| c.to_string())
                .unwrap_or_default(),
            Self::Currency => risk.business_impact.currency.clone(),
            Self::NeedsReview => opt(&risk.needs_review),
            Self::MitEntity => risk
                .taxonomy
                .mit_entity
                .map(super::taxonomy::MitEntity::label)
                .unwrap_or_default()
                .to_owned(),
            Self::MitIntent => risk
                .taxonomy
                .mit_intent
                .map(super::taxonomy::MitIntent::label)
                .unwrap_or_default()
                .to_owned(),
            Self::MitTiming => risk
                .taxonomy
                .mit_timing
                .map(super::taxonomy::MitTiming::label)
                .unwrap_or_default()
                .to_owned(),
            Self::IsoRefs => join_list(&risk.taxonomy.iso_refs),
            Self::CustomCategories => join_list(&risk.taxonomy.custom_categories),
        }
    }
}

fn escape_field(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            _ => out.push(c),
        }
    }
}

/// Writes records in the compact form: one record a line, fields separated by `" | "`.
fn write_records(records: impl Iterator<Item = Vec<String>>) -> String {
    let mut text = String::new();
    for (i, record) in records.enumerate() {
        if i > 0 {
            text.push('\n');
        }
        for (j, field) in record.iter().enumerate() {
            if j > 0 {
                text.push_str(" | ");
            }
            escape_field(field, &mut text);
        }
    }
    text
}

/// Reads the compact form written by [`write_records`]; blank lines are skipped.
fn read_records(cell: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    for line in cell.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = vec![String::new()];
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            let current = fields.last_mut();
            let Some(current) = current else { break };
            match c {
                '\\' => match chars.peek() {
                    Some('\\') => {
                        current.push('\\');
                        chars.next();
                    }
                    Some('|') => {
                        current.push('|');
                        chars.next();
                    }
                    Some('n') => {
                        current.push('\n');
                        chars.next();
                    }
                    Some('r') => {
                        current.push('\r');
                        chars.next();
                    }
                    _ => current.push('\\'),
                },
                '|' => fields.push(String::new()),
                _ => current.push(c),
            }
        }
        // Escaped characters never count as the separator's spaces, but only raw spaces can
        // surround a `|`, so stripping one raw space per side is exact for written text.
        let last = fields.len() - 1;
        for (i, field) in fields.iter_mut().enumerate() {
            if i > 0 && field.starts_with(' ') {
                field.remove(0);
            }
            if i < last && field.ends_with(' ') {
                field.pop();
            }
        }
        records.push(fields);
    }
    records
}

/// Writes risks as CSV (comma-separated, `\r\n` line ends, quotes only where needed, no byte-order
/// mark) with a header line of every [`RegisterColumn`] in order. See the module docs for the layout.
///
/// # Errors
/// Only if the CSV writer fails on its in-memory buffer (not expected).
pub fn risks_to_csv(risks: &[Risk]) -> std::io::Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header: Vec<&str> = RegisterColumn::ALL.iter().map(|c| c.header()).collect();
    writer
        .write_record(&header)
        .map_err(std::io::Error::other)?;
    for risk in risks {
        let cells: Vec<String> = RegisterColumn::ALL
            .iter()
            .map(|c| c.cell_text(risk))
            .collect();
        writer.write_record(&cells).map_err(std::io::Error::other)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

/// Why a CSV file could not be imported as register risks. Lines are 1-based as the user sees them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegisterImportError {
    /// No header line.
    #[error("line 1: the file is empty; expected a header line with register column names")]
    Empty,
    /// The CSV reader failed (for example on invalid quoting).
    #[error("line {line}: {message}")]
    Malformed {
        /// 1-based line.
        line: u64,
        /// The reader's message.
        message: String,
    },
    /// A header that names no register column.
    #[error(
        "line 1, column {position}: unknown column header {header:?}; expected a register column such as \
         \"Risk ID\" or \"Inherent likelihood\""
    )]
    UnknownHeader {
        /// 1-based column position.
        position: usize,
        /// The header text.
        header: String,
    },
    /// A column named twice.
    #[error(
        "line 1, column {position}: column {header:?} appears twice; expected each column once"
    )]
    DuplicateHeader {
        /// 1-based column position of the second occurrence.
        position: usize,
        /// The header text.
        header: String,
    },
    /// A line with a different number of cells than the header.
    #[error("line {line}: expected {expected} cells as in the header line, found {found}")]
    RowLength {
        /// 1-based line where the record starts.
        line: u64,
        /// Cells in the header line.
        expected: usize,
        /// Cells in this line.
        found: usize,
    },
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

fn parse_line_of_defence(text: &str) -> Option<LineOfDefence> {
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
    super::taxonomy::MitEntity,
    super::taxonomy::MitIntent,
    super::taxonomy::MitTiming
);

fn field(record: &[String], index: usize) -> String {
    record.get(index).cloned().unwrap_or_default()
}

fn parse_controls(text: &str) -> Result<Vec<Control>, String> {
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

fn parse_actions(text: &str) -> Result<Vec<Action>, String> {
    let records = read_records(text);
    check_width(
        &records,
        "action",
        "action id | status | due | owner | KRI | description",
        6,
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
        actions.push(Action {
            action_id: field(record, 0),
            status,
            due,
            owner: field(record, 3),
            kri: field(record, 4),
            description: field(record, 5),
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

impl From<crate::model::csv_table::TableProblem> for RegisterImportError {
    fn from(problem: crate::model::csv_table::TableProblem) -> Self {
        use crate::model::csv_table::TableProblem as P;
        match problem {
            P::Empty => Self::Empty,
            P::Malformed { line, message } => Self::Malformed { line, message },
            P::UnknownHeader { position, header } => Self::UnknownHeader { position, header },
            P::DuplicateHeader { position, header } => Self::DuplicateHeader { position, header },
            P::RowLength {
                line,
                expected,
                found,
            } => Self::RowLength {
                line,
                expected,
                found,
            },
        }
    }
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
    let (columns, records) = crate::model::csv_table::read_table(text, RegisterColumn::parse)?;
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
                    return Err(RegisterImportError::Malformed {
                        line,
                        message: "a value under an empty header; expected a column name in line 1"
                            .to_owned(),
                    });
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

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> IsoDate {
        text.parse().unwrap()
    }

    fn today() -> IsoDate {
        d("2026-11-28")
    }

    fn rated(id: &str, inherent: (u8, u8), residual: Option<(u8, u8)>) -> Risk {
        Risk {
            inherent: Some(Rating::new(inherent.0, inherent.1)),
            residual: residual.map(|(l, i)| Rating::new(l, i)),
            ..Risk::new(id)
        }
    }

    /// A risk with every field filled, with awkward text.
    fn full_risk() -> Risk {
        Risk {
            risk_id: "R-7".to_owned(),
            title: "Gender bias, \"credit\" model".to_owned(),
            description: "Line one\nline two, with comma\r\nand CRLF; semicolon | bar \\ backslash — ünïcødé 漢字"
                .to_owned(),
            trustworthiness: vec!["fair".to_owned(), "valid; reliable".to_owned()],
            mit_domain: Some("1. Discrimination & Toxicity".to_owned()),
            mit_subdomain: Some("1.1 Unfair discrimination".to_owned()),
            rmf_subcategories: vec!["MEASURE 2.11".to_owned(), "MAP 1.5".to_owned()],
            cause: "Historic data, \"biased\"".to_owned(),
            event: "Unequal approvals".to_owned(),
            consequence: "Harm to applicants\nand fines".to_owned(),
            affected_groups: vec!["Women".to_owned(), "Applicants 60+".to_owned()],
            owner: "Ana Müller".to_owned(),
            line_of_defence: LineOfDefence::Second,
            inherent: Some(Rating::new(4, 5)),
            controls: vec![
                Control {
                    name: "Fairness audit | quarterly".to_owned(),
                    description: " leading space, trailing space \nnew line\\n literal".to_owned(),
                    effectiveness: ControlEffectiveness::PartiallyEffective,
                    owner: "Bo".to_owned(),
                },
                Control {
                    name: String::new(),
                    description: String::new(),
                    effectiveness: ControlEffectiveness::NotTested,
                    owner: String::new(),
                },
            ],
            residual: Some(Rating::new(2, 5)),
            treatment: Some(TreatmentOption::Accept),
            treatment_rationale: "Cost, \"benefit\"".to_owned(),
            actions: vec![
                Action {
                    action_id: "A-1".to_owned(),
                    description: "Reweigh | resample; \"retrain\"".to_owned(),
                    owner: "Cé".to_owned(),
                    due: Some(d("2027-01-31")),
                    status: ActionStatus::InProgress,
                    kri: "DP ratio ≥ 0.8".to_owned(),
                },
                Action {
                    action_id: "A-2".to_owned(),
                    due: None,
                    status: ActionStatus::NotImplemented,
                    ..Action::default()
                },
            ],
            status: RiskStatus::Accepted,
            review_date: Some(d("2027-03-01")),
            evidence: vec![
                EvidenceLink {
                    kind: EvidenceKind::AuditCheck,
                    reference: "audit-1/demographic_parity".to_owned(),
                    dataset_sha256: Some("ab".repeat(32)),
                    note: "ratio 0.62 < 0.8".to_owned(),
                    dataset_id: "ds-1".to_owned(),
                    check: Some(CheckRef {
                        audit_name: "Sex".to_owned(),
                        sensitive: vec!["sex".to_owned(), "age_group".to_owned()],
                        check_name: "demographic_parity_ratio".to_owned(),
                        group: String::new(),
                        failed: true,
                        value: Some(0.62),
                    }),
                },
                EvidenceLink {
                    kind: EvidenceKind::Document,
                    reference: "minutes.pdf".to_owned(),
                    dataset_sha256: None,
                    note: String::new(),
                    dataset_id: String::new(),
                    check: None,
                },
            ],
            bowtie_ids: vec!["bowtie-1".to_owned()],
            fmea_rows: vec!["fmea-1/FM-3".to_owned(), "fmea-2/FM-1".to_owned()],
            acceptance: Some(Acceptance {
                accepted_by: "Dana".to_owned(),
                role: "Executive committee".to_owned(),
                date: d("2026-11-01"),
                conditions: "Re-audit, quarterly".to_owned(),
                expiry: Some(d("2027-11-01")),
            }),
            business_impact: BusinessImpact {
                kpi: "Approval rate".to_owned(),
                estimated_cost: Some(1_234_567.891),
                currency: "EUR".to_owned(),
            },
            needs_review: Some("dataset changed".to_owned()),
            taxonomy: TaxonomyTags::default(),
        }
    }

    #[test]
    fn scores_and_bands_on_default_matrix() {
        let m = RiskMatrix::default();
        assert_eq!(score(&Rating::new(1, 1)), 1);
        assert_eq!(Rating::new(4, 5).score(), 20);
        let names = |r: &Risk, residual: bool| {
            let band = if residual {
                r.residual_band(&m)
            } else {
                r.inherent_band(&m)
            };
            band.map(|b| m.bands[b].name.clone())
        };
        let cases = [
            ((1, 4), "Low"),
            ((1, 5), "Medium"),
            ((3, 3), "Medium"),
            ((2, 5), "High"),
            ((4, 4), "High"),
            ((3, 6), "Critical"),
            ((5, 5), "Critical"),
        ];
        for ((l, i), band) in cases {
            let r = rated("R-1", (l, i), Some((l, i)));
            assert_eq!(names(&r, false).as_deref(), Some(band), "{l}×{i}");
            assert_eq!(names(&r, true).as_deref(), Some(band), "{l}×{i}");
        }
        assert_eq!(Risk::new("R-1").inherent_band(&m), None);
        assert_eq!(Risk::new("R-1").residual_band(&m), None);
        assert_eq!(rated("R-1", (0, 3), None).inherent_band(&m), None);
    }

    #[test]
    fn a_complete_risk_has_no_problems() {
        let mut risk = full_risk();
        risk.actions[1].owner = "Ed".to_owned();
        risk.actions[1].due = Some(d("2027-02-01"));
        assert_eq!(
            risk.problems(&RiskMatrix::default(), today()),
            Vec::<String>::new()
        );
        assert!(
            Risk::new("R-1")
                .problems(&RiskMatrix::default(), today())
                .is_empty()
        );
    }

    fn problems_of(risk: &Risk) -> Vec<String> {
        risk.problems(&RiskMatrix::default(), today())
    }

    #[test]
    fn problem_rules() {
        let out = problems_of(&rated("R-1", (6, 0), Some((1, 9))));
        assert_eq!(
            out,
            [
                "the inherent likelihood 6 is outside the matrix's levels 1 to 5",
                "the inherent impact 0 is outside the matrix's levels 1 to 5",
                "the residual impact 9 is outside the matrix's levels 1 to 5",
                "the residual score 9 is above the inherent score 0; controls should not raise a risk",
            ]
        );
        assert_eq!(
            problems_of(&rated("R-1", (2, 2), Some((3, 2)))),
            [
                "the residual score 6 is above the inherent score 4; controls should not raise a risk"
            ]
        );
        assert!(problems_of(&rated("R-1", (2, 2), Some((2, 2)))).is_empty());

        let mut accepted = Risk {
            status: RiskStatus::Accepted,
            ..Risk::new("R-1")
        };
        assert_eq!(
            problems_of(&accepted),
            ["the risk is marked Accepted but has no acceptance record (who, when, conditions)"]
        );
        accepted.acceptance = Some(Acceptance {
            accepted_by: "Dana".to_owned(),
            role: String::new(),
            date: d("2025-01-01"),
            conditions: String::new(),
            expiry: Some(d("2026-11-27")),
        });
        assert_eq!(
            problems_of(&accepted),
            ["the acceptance expired on 2026-11-27; it must be renewed or the risk treated"]
        );
        if let Some(a) = accepted.acceptance.as_mut() {
            a.expiry = Some(today());
        }
        assert!(
            problems_of(&accepted).is_empty(),
            "valid through the expiry day"
        );

        let mut accept = Risk {
            treatment: Some(TreatmentOption::Accept),
            ..Risk::new("R-1")
        };
        assert_eq!(
            problems_of(&accept),
            ["the treatment is Accept but no rationale is given"]
        );
        accept.treatment_rationale = "  ".to_owned();
        assert_eq!(problems_of(&accept).len(), 1);
        accept.treatment_rationale = "Low cost".to_owned();
        assert!(problems_of(&accept).is_empty());

        let actions = Risk {
            actions: vec![
                Action {
                    action_id: "A-1".to_owned(),
                    ..Action::default()
                },
                Action {
                    owner: "Bo".to_owned(),
                    due: Some(today()),
                    ..Action::default()
                },
            ],
            ..Risk::new("R-1")
        };
        assert_eq!(
            problems_of(&actions),
            ["action A-1 has no owner", "action A-1 has no due date"]
        );

        let mut review = Risk {
            review_date: Some(d("2026-11-27")),
            ..Risk::new("R-1")
        };
        assert_eq!(
            problems_of(&review),
            ["the review date 2026-11-27 has passed"]
        );
        review.review_date = Some(today());
        assert!(problems_of(&review).is_empty());
        review.review_date = Some(d("2020-01-01"));
        review.status = RiskStatus::Closed;
        assert!(
            problems_of(&review).is_empty(),
            "closed risks need no review"
        );

        let mut mitigate = Risk {
            treatment: Some(TreatmentOption::Mitigate),
            ..Risk::new("R-1")
        };
        assert_eq!(
            problems_of(&mitigate),
            ["the treatment is Mitigate but there are no controls and no actions"]
        );
        mitigate.controls.push(Control {
            name: "Audit".to_owned(),
            ..Control::default()
        });
        assert!(problems_of(&mitigate).is_empty());
    }

    #[test]
    fn overdue_actions_are_open_or_in_progress_and_past_due() {
        let action = |id: &str, due: &str, status| Action {
            action_id: id.to_owned(),
            due: Some(d(due)),
            status,
            ..Action::default()
        };
        let risk = Risk {
            actions: vec![
                action("A-1", "2026-11-27", ActionStatus::Open),
                action("A-2", "2026-11-27", ActionStatus::InProgress),
                action("A-3", "2026-11-27", ActionStatus::Done),
                action("A-4", "2026-11-27", ActionStatus::NotImplemented),
                action("A-5", "2026-11-28", ActionStatus::Open),
                Action {
                    action_id: "A-6".to_owned(),
                    ..Action::default()
                },
            ],
            ..Risk::new("R-1")
        };
        let ids: Vec<&str> = risk
            .overdue_actions(today())
            .iter()
            .map(|a| a.action_id.as_str())
            .collect();
        assert_eq!(ids, ["A-1", "A-2"]);
    }

    #[test]
    fn next_ids_skip_foreign_ids() {
        let risks = [
            Risk::new("R-2"),
            Risk::new("R-x"),
            Risk::new("R-10"),
            Risk::new("other"),
        ];
        assert_eq!(next_risk_id(&risks), "R-11");
        assert_eq!(next_risk_id(&[]), "R-1");
    }

    #[test]
    fn heat_map_and_band_counts() {
        let m = RiskMatrix::default();
        let risks = [
            rated("R-1", (4, 5), Some((2, 5))),
            rated("R-2", (4, 5), Some((1, 1))),
            rated("R-3", (1, 1), None),
            rated("R-4", (7, 1), None),
            Risk::new("R-5"),
        ];
        let inherent = heat_map_counts(&risks, &m, false);
        assert_eq!(inherent.len(), 5);
        assert!(inherent.iter().all(|row| row.len() == 5));
        assert_eq!(inherent[3][4], ["R-1", "R-2"]);
        assert_eq!(inherent[0][0], ["R-3"]);
        assert_eq!(inherent.iter().flatten().map(Vec::len).sum::<usize>(), 3);
        let residual = heat_map_counts(&risks, &m, true);
        assert_eq!(residual[1][4], ["R-1"]);
        assert_eq!(residual[0][0], ["R-2"]);
        assert_eq!(residual.iter().flatten().map(Vec::len).sum::<usize>(), 2);

        assert_eq!(counts_by_band(&risks, &m, false), [1, 0, 0, 2]);
        assert_eq!(counts_by_band(&risks, &m, true), [1, 0, 1, 0]);
    }

    #[test]
    fn bulk_status() {
        let mut risks = [Risk::new("R-1"), Risk::new("R-2"), Risk::new("R-3")];
        risks[1].status = RiskStatus::Closed;
        let changed = set_status_bulk(&mut risks, ["R-1", "R-2", "R-9"], RiskStatus::Closed);
        assert_eq!(changed, 1);
        let statuses: Vec<RiskStatus> = risks.iter().map(|r| r.status).collect();
        assert_eq!(
            statuses,
            [RiskStatus::Closed, RiskStatus::Closed, RiskStatus::Open]
        );
        let ids = vec!["R-3".to_owned()];
        assert_eq!(
            set_status_bulk(&mut risks, &ids, RiskStatus::InTreatment),
            1
        );
        assert_eq!(risks[2].status, RiskStatus::InTreatment);
    }

    #[test]
    fn labels_and_parsing() {
        for status in RiskStatus::ALL {
            assert_eq!(RiskStatus::parse(status.label()), Some(*status));
            assert_eq!(RiskStatus::parse(&format!("{status:?}")), Some(*status));
        }
        for v in TreatmentOption::ALL {
            assert_eq!(TreatmentOption::parse(v.label()), Some(*v));
        }
        for v in ControlEffectiveness::ALL {
            assert_eq!(ControlEffectiveness::parse(v.label()), Some(*v));
        }
        for v in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::parse(v.label()), Some(*v));
        }
        for v in RegisterColumn::ALL {
            assert_eq!(RegisterColumn::parse(v.header()), Some(*v));
        }
        for v in LineOfDefence::ALL {
            assert_eq!(parse_line_of_defence(v.label()), Some(v));
        }
        assert_eq!(parse_line_of_defence("2nd"), Some(LineOfDefence::Second));
        assert_eq!(
            RiskStatus::parse("in-treatment"),
            Some(RiskStatus::InTreatment)
        );
        assert_eq!(RiskStatus::parse("maybe"), None);
        assert_eq!(RiskStatus::InTreatment.to_string(), "In treatment");
    }

    #[test]
    fn csv_round_trip_is_exact() {
        let m = RiskMatrix::default();
        let mut other = Risk::new("R-8");
        other.business_impact.estimated_cost = Some(0.1 + 0.2);
        let risks = vec![full_risk(), other, Risk::new("R-9")];
        let text = risks_to_csv(&risks).unwrap();
        assert!(text.starts_with("Risk ID,Title,Description,"));
        assert!(text.contains("\r\n"));
        let back = risks_from_csv(&text, &m).unwrap();
        assert_eq!(back, risks);
        assert_eq!(risks_to_csv(&back).unwrap(), text);
    }

    #[test]
    fn compact_cells_are_readable_and_lenient() {
        let risk = full_risk();
        assert_eq!(
            RegisterColumn::Actions.cell_text(&risk),
            "A-1 | In progress | 2027-01-31 | Cé | DP ratio ≥ 0.8 | Reweigh \\| resample; \"retrain\"\n\
             A-2 | Not implemented |  |  |  | "
        );
        let controls =
            parse_controls("Audit|effective|Bo\n\n  Review |  not tested  \r\n").unwrap();
        assert_eq!(controls.len(), 2);
        assert_eq!(controls[0].name, "Audit");
        assert_eq!(controls[0].effectiveness, ControlEffectiveness::Effective);
        assert_eq!(controls[0].owner, "Bo");
        assert_eq!(controls[1].name, "  Review");
        assert_eq!(controls[1].effectiveness, ControlEffectiveness::NotTested);
    }

    #[test]
    fn import_reports_line_and_column() {
        let m = RiskMatrix::default();
        let err = |text: &str| risks_from_csv(text, &m).unwrap_err().to_string();
        assert_eq!(
            err("Risk ID,Review date\nR-1,2026-01-01\n\"R-2\",\"31/12/2026\"\n"),
            "line 3, column \"Review date\": expected a date written YYYY-MM-DD, found \"31/12/2026\""
        );
        assert_eq!(
            err("Title,Status\n\"multi\nline\",Open\nx,Pending\n"),
            "line 4, column \"Status\": expected a risk status (Open, In treatment, Accepted, Closed), found \"Pending\""
        );
        assert_eq!(
            err("Title,Residual impact\nx,0\n"),
            "line 2, column \"Residual impact\": expected an impact level, a whole number from 1 to 5, found \"0\""
        );
        assert_eq!(
            err("Title,Inherent likelihood\nx,3\n"),
            "line 2, column \"Inherent impact\": expected an impact level because the inherent likelihood is given, found \"\""
        );
        assert_eq!(
            err("Title,Controls\nx,\"A | good\"\n"),
            "line 2, column \"Controls\": expected in control 1 a control effectiveness (Effective, Partially effective, Ineffective, Not tested), not \"good\", found \"A | good\""
        );
        assert_eq!(
            err("Actions\n\"A-1 | Open | tomorrow\"\n"),
            "line 2, column \"Actions\": expected in action 1 a due date: a date written YYYY-MM-DD, not \"tomorrow\", found \"A-1 | Open | tomorrow\""
        );
        assert_eq!(
            err("Evidence\nfoo | bar\n"),
            "line 2, column \"Evidence\": expected in evidence link 1 an evidence kind (Audit check, Validation rule, Drift result, Data alert, Document), not \"foo\", found \"foo | bar\""
        );
        assert_eq!(
            err("Controls\na|b|c|d|e\n"),
            "line 2, column \"Controls\": expected in control 1 at most 4 fields `name | effectiveness | owner | description`, 5 given, found \"a|b|c|d|e\""
        );
        assert_eq!(
            err("Accepted by\nDana\n"),
            "line 2, column \"Acceptance date\": expected a date written YYYY-MM-DD because the risk has an acceptance record, found \"\""
        );
        assert_eq!(
            err("Estimated cost\nlots\n"),
            "line 2, column \"Estimated cost\": expected a number such as 25000 or 1.5e6, or nothing, found \"lots\""
        );
        assert_eq!(
            err("Line of defence\n4th\n"),
            "line 2, column \"Line of defence\": expected a line of defence (1st line (operations), 2nd line (risk & compliance), 3rd line (internal audit), External / board), found \"4th\""
        );
        assert_eq!(
            err("Title,Colour\nx,red\n"),
            "line 1, column 2: unknown column header \"Colour\"; expected a register column such as \"Risk ID\" or \"Inherent likelihood\""
        );
        assert_eq!(
            err("Title,title\nx,y\n"),
            "line 1, column 2: column \"title\" appears twice; expected each column once"
        );
        assert_eq!(
            err("Title,Owner\nx\n"),
            "line 2: expected 2 cells as in the header line, found 1"
        );
        assert_eq!(
            err("Risk ID\nR-1\nR-1\n"),
            "line 3, column \"Risk ID\": risk id \"R-1\" is used twice; expected unique ids"
        );
        assert_eq!(
            err(""),
            "line 1: the file is empty; expected a header line with register column names"
        );
    }

    #[test]
    fn import_fills_missing_ids_and_skips_blank_lines() {
        let m = RiskMatrix::default();
        let risks = risks_from_csv("\u{feff}risk id,TITLE,\nR-3,a,\n,,\n,b,\n", &m).unwrap();
        let ids: Vec<&str> = risks.iter().map(|r| r.risk_id.as_str()).collect();
        assert_eq!(ids, ["R-3", "R-4"]);
        assert_eq!(risks[1].title, "b");
    }

    #[test]
    fn ron_round_trip() {
        let risks = vec![full_risk(), Risk::new("R-2")];
        let text = ron::ser::to_string_pretty(&risks, ron::ser::PrettyConfig::default()).unwrap();
        let back: Vec<Risk> = ron::from_str(&text).unwrap();
        assert_eq!(back, risks);
        let minimal: Risk = ron::from_str("(risk_id: \"R-5\")").unwrap();
        assert_eq!(minimal, Risk::new("R-5"));
        assert!(
            ron::from_str::<Risk>("(title: \"x\")").is_err(),
            "risk_id is required"
        );
    }

    fn accepted_high(role: &str) -> (Risk, Settings) {
        let mut settings = Settings::default();
        settings.risk_matrix.bands[2].acceptance_authority = "Executive committee".to_owned();
        settings.appetite.push(RiskAppetite {
            category: "fair".to_owned(),
            max_residual_band: "medium".to_owned(),
            statement: "No unmitigated unfair treatment".to_owned(),
        });
        let mut risk = Risk::new("R-1");
        risk.trustworthiness = vec!["fair".to_owned()];
        risk.inherent = Some(Rating::new(5, 4));
        risk.residual = Some(Rating::new(3, 4)); // 12 = High
        risk.status = RiskStatus::Accepted;
        risk.treatment = Some(TreatmentOption::Accept);
        risk.treatment_rationale = "Benefit outweighs".to_owned();
        risk.acceptance = Some(Acceptance {
            accepted_by: "Dana".to_owned(),
            role: role.to_owned(),
            date: IsoDate::from_ymd(2026, 11, 1).unwrap(),
            conditions: String::new(),
            expiry: None,
        });
        (risk, settings)
    }

    #[test]
    fn acceptance_must_come_from_the_band_authority() {
        let today = IsoDate::from_ymd(2026, 11, 28).unwrap();
        let (risk, settings) = accepted_high("Executive Committee (chair)");
        assert!(risk.authority_problem(&settings.risk_matrix).is_none());
        assert!(risk.all_problems(&settings, today).is_empty());
        let (risk, settings) = accepted_high("Model risk manager");
        let problem = risk.authority_problem(&settings.risk_matrix).unwrap();
        assert!(
            problem.contains("band High must be accepted by Executive committee"),
            "{problem}"
        );
        assert_eq!(risk.all_problems(&settings, today), vec![problem]);
    }

    #[test]
    fn appetite_breaches_follow_the_residual_band_and_category() {
        let today = IsoDate::from_ymd(2026, 11, 28).unwrap();
        let (mut risk, settings) = accepted_high("Executive committee");
        assert_eq!(risk.appetite_breaches(&settings).len(), 1);
        // Accepted: documented, not a problem.
        assert!(risk.all_problems(&settings, today).is_empty());
        risk.status = RiskStatus::InTreatment;
        let problems = risk.all_problems(&settings, today);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("above the appetite for fair")),
            "{problems:?}"
        );
        // Medium residual (2 × 4 = 8) is within appetite.
        risk.residual = Some(Rating::new(2, 4));
        assert!(risk.appetite_breaches(&settings).is_empty());
        // Another category has no appetite set.
        risk.residual = Some(Rating::new(3, 4));
        risk.trustworthiness = vec!["safe".to_owned()];
        assert!(risk.appetite_breaches(&settings).is_empty());
    }

    #[test]
    fn appetite_rows_must_name_bands() {
        let mut settings = Settings::default();
        settings.appetite.push(RiskAppetite {
            category: "fair".to_owned(),
            max_residual_band: "Severe".to_owned(),
            statement: String::new(),
        });
        let problems = settings.appetite_problems();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("not a band"));
    }
}
