//! The project → [`ReportDoc`] mapping of the "AI Risk Treatment Plan" (`report-outline.md`).
//!
//! Every number comes from the project. A section whose capability exists but has no content says so in one
//! line ("No FMEA was performed"); sections for capabilities not built yet (risk register, bow-ties, treatment
//! plan per risk, accepted residual risks, monitoring) are left out until they exist. The appendices carry
//! the NIST AI RMF coverage of the project's checklist and the attribution lines of the shipped taxonomies.

use super::doc::{
    Align, Block, Callout, CalloutKind, Cell, Column, DataTable, DocMeta, Heading, KeyValue,
    Person, ReportDoc, RichText, Signature, palette,
};
use super::figure::{BarSeries, Figure, GroupedBarChart, ReferenceLine};

mod audit_trail;
mod bowtie;
mod data_quality;
mod drift;
mod error_analysis;
mod frameworks;
mod governance;
mod incidents;
mod mitigation;
mod model_card;
mod register;
mod validation;
mod workshops;
use crate::analysis::audit::AuditEvidence;
use crate::analysis::fairness::wording::{self, result_title};
use crate::analysis::fairness::{AuditResult, GroupResult, Interval, Metric, SummaryMetric};
use crate::model::fmea::{ActionPriority, Column as FmeaColumn, FmeaWorksheet, HELP_AP_VS_RPN};
use crate::model::ids::id_order;
use crate::model::{Classification, IsoDate, LineOfDefence, Project};
pub use validation::{PlanEvidence, SuiteEvidence};

// The parts split out of this file, one file each; `build_full` below is the one place that calls them.
mod appendices;
mod approval;
mod control;
mod criteria;
mod evidence;
mod fairness;
mod fmea;
mod kill_switch;
mod method;
mod summary;
mod treatment;
use appendices::appendices;
use approval::approval;
use control::document_control;
use criteria::{risk_criteria, scope};
use evidence::evidence;
use fmea::fmea;
use method::method;
use summary::executive_summary;

/// The optional sections of the plan, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanSection {
    /// Residual posture, priorities and decisions requested.
    ExecutiveSummary,
    /// System, owner, version and classification.
    Scope,
    /// Scales, bands, acceptance authority, fairness thresholds, AP rules.
    RiskCriteria,
    /// Methods used and participants.
    Method,
    /// Datasets with their fingerprints.
    Evidence,
    /// The risk register table and the inherent and residual heat maps.
    Register,
    /// FMEA worksheets sorted by action priority.
    Fmea,
    /// Bow-tie analyses: one figure and barrier table per bow-tie (left out when there are none).
    BowTies,
    /// Treatment per risk: option, rationale, controls, actions with owners and dates.
    TreatmentPlan,
    /// Residual risks accepted by the business, with conditions, expiry and signatures.
    AcceptedRisks,
    /// Key risk indicators, triggers and the review calendar.
    Monitoring,
    /// Approval and signature blocks.
    Approval,
    /// Evidence appendix and glossary.
    Appendices,
}

impl PlanSection {
    /// Every section, in document order.
    pub const ALL: [Self; 13] = [
        Self::ExecutiveSummary,
        Self::Scope,
        Self::RiskCriteria,
        Self::Method,
        Self::Evidence,
        Self::Register,
        Self::BowTies,
        Self::Fmea,
        Self::TreatmentPlan,
        Self::AcceptedRisks,
        Self::Monitoring,
        Self::Approval,
        Self::Appendices,
    ];

    /// The heading of the section in the document.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::ExecutiveSummary => "Executive summary",
            Self::Scope => "Scope and context",
            Self::RiskCriteria => "Risk criteria",
            Self::Method => "Method and participants",
            Self::Evidence => "Evidence",
            Self::Register => "Risk register",
            Self::Fmea => "FMEA worksheets",
            Self::BowTies => "Bow-tie analyses",
            Self::TreatmentPlan => "Treatment plan",
            Self::AcceptedRisks => "Accepted residual risks",
            Self::Monitoring => "Monitoring and review",
            Self::Approval => "Approval",
            Self::Appendices => "Appendices",
        }
    }
}

/// Choices made before exporting (GUI report preview or CLI options).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOptions {
    /// Document date, printed on the cover and stored in the PDF metadata (deterministic output).
    pub date: IsoDate,
    /// Overrides the project's classification.
    pub classification: Option<Classification>,
    /// Sections to include; the cover, document control and contents are always there.
    pub sections: Vec<PlanSection>,
    /// Who signs; `None` uses the project's approvers.
    pub signatories: Option<Vec<crate::model::Person>>,
}

impl PlanOptions {
    /// Every section, the project's classification and approvers, dated `date`.
    #[must_use]
    pub fn all(date: IsoDate) -> Self {
        Self {
            date,
            classification: None,
            sections: PlanSection::ALL.to_vec(),
            signatories: None,
        }
    }

    fn has(&self, section: PlanSection) -> bool {
        self.sections.contains(&section)
    }
}

/// The document title.
pub const TITLE: &str = "AI Risk Treatment Plan";

fn h(level: u8, text: &str) -> Block {
    Block::Heading(Heading {
        level,
        text: text.to_owned(),
    })
}

fn p(text: &str) -> Block {
    Block::Paragraph(RichText::markup(text))
}

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_owned()
    } else {
        text.to_owned()
    }
}

/// A warning titled `title` listing `problems` ("; "-separated), pushed when there is any.
fn push_problems(blocks: &mut Vec<Block>, title: &str, problems: &[impl ToString]) {
    if problems.is_empty() {
        return;
    }
    blocks.push(Block::Callout(Callout {
        kind: CalloutKind::Warning,
        title: title.to_owned(),
        body: RichText::plain(
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }));
}

fn people(list: &[crate::model::Person]) -> Vec<Person> {
    list.iter()
        .map(|x| {
            Person::new(
                x.name.clone(),
                format!("{} · {}", x.role, x.line_of_defence.label()),
            )
        })
        .collect()
}

/// Builds the plan from the project and the results of its saved fairness audits (computed by the caller,
/// see [`crate::analysis::audit::run_saved_audits`]; pass an empty slice when they have not been run).
#[must_use]
pub fn build(project: &Project, options: &PlanOptions, audits: &[AuditEvidence]) -> ReportDoc {
    build_with_profiles(project, options, audits, &[])
}

/// [`build`] with the dataset profiles for the data-quality evidence (see
/// [`crate::analysis::evidence::profile_datasets`]); without them that subsection is left out.
#[must_use]
pub fn build_with_profiles(
    project: &Project,
    options: &PlanOptions,
    audits: &[AuditEvidence],
    profiles: &[crate::analysis::evidence::ProfileEvidence],
) -> ReportDoc {
    build_full(project, options, audits, profiles, &PlanEvidence::default())
}

/// [`build_with_profiles`] with the validation results and the deployment gate's verdict (see
/// [`PlanEvidence::compute`]): the evidence gets a "Data validation" subsection and the executive summary
/// the gate's verdict.
#[must_use]
pub fn build_full(
    project: &Project,
    options: &PlanOptions,
    audits: &[AuditEvidence],
    profiles: &[crate::analysis::evidence::ProfileEvidence],
    checks: &PlanEvidence,
) -> ReportDoc {
    let m = &project.metadata;
    let classification = options.classification.unwrap_or(m.classification);
    let meta = DocMeta {
        title: TITLE.to_owned(),
        subtitle: "Pre-deployment risk assessment and treatment".to_owned(),
        system_name: m.system_name.clone(),
        organisation: m.organisation.clone(),
        classification: classification.label().to_owned(),
        authors: people(&m.authors),
        approvers: people(&m.approvers),
        subject: format!("AI risk treatment plan for {}", m.system_name),
        keywords: vec![
            "AI risk".to_owned(),
            "NIST AI RMF".to_owned(),
            "risk treatment".to_owned(),
            m.system_name.clone(),
        ],
        date: options.date.to_string(),
        version: or_dash(&m.system_version),
        status: "Draft for approval".to_owned(),
        next_review: kill_switch::next_review_text(project, options.date),
    };
    let mut blocks = vec![Block::TableOfContents];
    document_control(project, options, &mut blocks);
    if options.has(PlanSection::ExecutiveSummary) {
        executive_summary(
            project,
            audits,
            options.date,
            validation::gate_points(checks),
            &mut blocks,
        );
    }
    if options.has(PlanSection::Scope) {
        scope(project, classification, &mut blocks);
    }
    if options.has(PlanSection::RiskCriteria) {
        risk_criteria(project, &mut blocks);
    }
    if options.has(PlanSection::Method) {
        method(project, &mut blocks);
    }
    if options.has(PlanSection::Evidence) {
        evidence(project, audits, profiles, &mut blocks);
        validation::validation_evidence(checks, &mut blocks);
        error_analysis::error_analysis_evidence(project, &checks.error_analyses, &mut blocks);
    }
    if options.has(PlanSection::Register) {
        register::register(project, PlanSection::Register.title(), &mut blocks);
    }
    if options.has(PlanSection::BowTies) {
        bowtie::bowties(project, PlanSection::BowTies.title(), &mut blocks);
    }
    if options.has(PlanSection::Fmea) {
        fmea(project, &mut blocks);
    }
    if options.has(PlanSection::TreatmentPlan) {
        register::treatment_plan(
            project,
            PlanSection::TreatmentPlan.title(),
            options.date,
            &mut blocks,
        );
        mitigation::treatment_citations(project, &mut blocks);
        incidents::incidents(project, &mut blocks);
    }
    if options.has(PlanSection::AcceptedRisks) {
        register::accepted(
            project,
            PlanSection::AcceptedRisks.title(),
            options.date,
            &mut blocks,
        );
    }
    if options.has(PlanSection::Monitoring) {
        register::monitoring(project, PlanSection::Monitoring.title(), &mut blocks);
        drift::drift_monitoring(project, &mut blocks);
        kill_switch::kill_switch(project, options.date, &mut blocks);
        governance::governance(project, &mut blocks);
    }
    if options.has(PlanSection::Approval) {
        approval(project, options, &mut blocks);
    }
    if options.has(PlanSection::Appendices) {
        appendices(project, options, &mut blocks);
    }
    ReportDoc {
        meta,
        blocks,
        options: super::RenderOptions::default(),
    }
}
