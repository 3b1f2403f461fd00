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

mod bowtie;
mod data_quality;
mod drift;
mod error_analysis;
mod frameworks;
mod mitigation;
mod register;
mod validation;
use crate::analysis::audit::AuditEvidence;
use crate::analysis::fairness::wording::{self, result_title};
use crate::analysis::fairness::{AuditResult, GroupResult, Interval, Metric, SummaryMetric};
use crate::model::fmea::{ActionPriority, Column as FmeaColumn, FmeaWorksheet, HELP_AP_VS_RPN};
use crate::model::ids::id_order;
use crate::model::{Classification, IsoDate, LineOfDefence, Project};
pub use validation::{PlanEvidence, SuiteEvidence};

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
        next_review: String::new(),
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

fn document_control(project: &Project, options: &PlanOptions, blocks: &mut Vec<Block>) {
    let m = &project.metadata;
    blocks.push(h(1, "Document control"));
    blocks.push(Block::KeyValues(vec![
        KeyValue::new("System", m.system_name.clone()),
        KeyValue::new("System version", or_dash(&m.system_version)),
        KeyValue::new("Organisation", or_dash(&m.organisation)),
        KeyValue::new("System owner", or_dash(&m.owner)),
        KeyValue::new(
            "Classification",
            options.classification.unwrap_or(m.classification).label(),
        ),
        KeyValue::new("Document date", options.date.to_string()),
        KeyValue::new("Assessment started", m.created.to_string()),
        KeyValue::new("Project last saved", m.modified.to_string()),
        KeyValue::new("Produced by", format!("Riskbench {}", crate::VERSION)),
    ]));
    blocks.push(h(2, "Revision history"));
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("Date", 1.0),
            Column::new("Event", 3.0),
            Column::new("By", 2.0),
        ],
        rows: vec![
            vec![
                Cell::new(m.created.to_string()),
                Cell::new("Assessment project created"),
                Cell::new(
                    m.authors
                        .first()
                        .map_or_else(|| "—".to_owned(), |a| a.name.clone()),
                ),
            ],
            vec![
                Cell::new(options.date.to_string()),
                Cell::new("Treatment plan issued for approval"),
                Cell::new(
                    m.authors
                        .iter()
                        .map(|a| a.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ],
        ],
        empty_text: String::new(),
    }));
}

fn fmea_totals(project: &Project) -> (usize, usize, usize, usize, usize) {
    let mut rows = 0;
    let (mut high, mut medium, mut low, mut high_after) = (0, 0, 0, 0);
    for w in &project.fmea_worksheets {
        let counts = w.priority_counts();
        rows += w.rows.len();
        high += counts.before.high;
        medium += counts.before.medium;
        low += counts.before.low;
        high_after += counts.after.high;
    }
    (rows, high, medium, low, high_after)
}

fn executive_summary(
    project: &Project,
    audits: &[AuditEvidence],
    date: IsoDate,
    gate: Vec<RichText>,
    blocks: &mut Vec<Block>,
) {
    let m = &project.metadata;
    blocks.push(h(1, PlanSection::ExecutiveSummary.title()));
    blocks.push(p(&format!(
        "This plan sets out how the risks of **{}**{} are treated before deployment and which decisions the \
         approvers are asked to take. It is generated by Riskbench from the assessment project; every number \
         below is computed from the project and its fingerprinted datasets.",
        m.system_name,
        if m.system_version.trim().is_empty() {
            String::new()
        } else {
            format!(" (version {})", m.system_version)
        }
    )));
    let (rows, high, medium, low, high_after) = fmea_totals(project);
    let fairness_points = fairness_summary(project, audits);
    let mut points = vec![RichText::markup(&format!(
        "Evidence: **{}** dataset(s) with {} rows in total, each identified by its SHA-256.",
        project.datasets.len(),
        project.datasets.iter().map(|d| d.rows).sum::<u64>()
    ))];
    points.extend(gate);
    points.extend(register::posture(project, date));
    points.extend(frameworks::position(project, date));
    points.extend(fairness_points);
    if rows == 0 {
        points.push(RichText::plain("No FMEA was performed."));
    } else {
        points.push(RichText::markup(&format!(
            "FMEA: **{rows}** failure modes in {} worksheet(s); action priority **{high} high**, {medium} \
             medium, {low} low before actions; **{high_after}** high after the actions recorded so far.",
            project.fmea_worksheets.len()
        )));
        let unactioned: usize = project
            .fmea_worksheets
            .iter()
            .map(|w| w.rows_lacking_required_action().len())
            .sum();
        if unactioned > 0 {
            points.push(RichText::markup(&format!(
                "**{unactioned}** high-priority failure mode(s) have no recommended action: AIAG-VDA requires an \
                 action or a documented justification of the current controls."
            )));
        }
    }
    blocks.push(Block::Bullets(points));
    if let Some(table) = register::top_risks(project, 5) {
        blocks.push(h(2, "Highest residual risks"));
        blocks.push(table);
    }
    let top = top_failure_modes(project, 5);
    if !top.is_empty() {
        blocks.push(h(2, "Highest-priority failure modes"));
        blocks.push(Block::Table(DataTable {
            caption: "Sorted by action priority, then severity, then RPN".to_owned(),
            columns: vec![
                Column::new("Worksheet", 2.0),
                Column::new("Failure mode", 4.0),
                Column::new("S/O/D", 1.0).align(Align::Centre),
                Column::new("AP", 0.7).align(Align::Centre),
                Column::new("Recommended action", 4.0),
            ],
            rows: top,
            empty_text: String::new(),
        }));
    }
    blocks.push(h(2, "Decisions requested"));
    let approvers: Vec<String> = m
        .approvers
        .iter()
        .map(|a| format!("{} ({})", a.name, or_dash(&a.role)))
        .collect();
    blocks.push(p(&format!(
        "The approvers{} are asked to approve this treatment plan, the risk criteria in section \"Risk \
         criteria\" and the owners and dates of the actions it lists.",
        if approvers.is_empty() {
            String::new()
        } else {
            format!(" — {} —", approvers.join(", "))
        }
    )));
}

fn ap_fill(ap: Option<ActionPriority>) -> Option<crate::model::palette::Rgb> {
    match ap {
        Some(ActionPriority::High) => Some(palette::FAIL),
        Some(ActionPriority::Medium) => Some(palette::WARN),
        Some(ActionPriority::Low) => Some(palette::PASS),
        None => None,
    }
}

fn ap_cell(ap: Option<ActionPriority>) -> Cell {
    let cell = Cell::new(ap.map_or("—", ActionPriority::letter));
    match ap_fill(ap) {
        Some(fill) => cell.fill(fill).bold(),
        None => cell,
    }
}

fn sod(w: &FmeaWorksheet, row: usize) -> String {
    let get = |c| w.cell_text(row, c).unwrap_or_default();
    let (s, o, d) = (
        get(FmeaColumn::Severity),
        get(FmeaColumn::Occurrence),
        get(FmeaColumn::Detection),
    );
    format!("{}/{}/{}", or_dash(&s), or_dash(&o), or_dash(&d))
}

fn top_failure_modes(project: &Project, limit: usize) -> Vec<Vec<Cell>> {
    let mut all: Vec<(&FmeaWorksheet, usize)> = Vec::new();
    for w in &project.fmea_worksheets {
        all.extend(w.priority_order().into_iter().map(|i| (w, i)));
    }
    all.sort_by(|a, b| crate::model::fmea::compare_by_priority(&a.0.rows[a.1], &b.0.rows[b.1]));
    all.into_iter()
        .filter(|(w, i)| w.rows[*i].action_priority() == Some(ActionPriority::High))
        .take(limit)
        .map(|(w, i)| {
            let row = &w.rows[i];
            vec![
                Cell::new(w.title.clone()),
                Cell::new(format!(
                    "{}: {}",
                    or_dash(&row.item),
                    or_dash(&row.failure_mode)
                )),
                Cell::new(sod(w, i)),
                ap_cell(row.action_priority()),
                Cell::new(or_dash(&row.recommended_action)),
            ]
        })
        .collect()
}

fn scope(project: &Project, classification: Classification, blocks: &mut Vec<Block>) {
    let m = &project.metadata;
    blocks.push(h(1, PlanSection::Scope.title()));
    blocks.push(p(&or_dash(&m.description)));
    blocks.push(Block::KeyValues(vec![
        KeyValue::new("System", m.system_name.clone()),
        KeyValue::new("Version assessed", or_dash(&m.system_version)),
        KeyValue::new("Accountable owner", or_dash(&m.owner)),
        KeyValue::new("Organisation", or_dash(&m.organisation)),
        KeyValue::new("Classification of this plan", classification.label()),
    ]));
    register::context(project, blocks);
}

fn risk_criteria(project: &Project, blocks: &mut Vec<Block>) {
    let matrix = &project.settings.risk_matrix;
    let f = &project.settings.fairness;
    blocks.push(h(1, PlanSection::RiskCriteria.title()));
    blocks.push(p(
        "Each risk is rated on a likelihood scale and an impact scale; its score is the product of the two \
         levels and the score's band sets who may accept the risk.",
    ));
    blocks.push(h(2, "Likelihood and impact scales"));
    let levels = matrix
        .likelihood_labels
        .len()
        .max(matrix.impact_labels.len());
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("Level", 0.6).align(Align::Centre),
            Column::new("Likelihood", 2.0),
            Column::new("Impact", 2.0),
        ],
        rows: (0..levels)
            .map(|i| {
                vec![
                    Cell::new((i + 1).to_string()),
                    Cell::new(matrix.likelihood_labels.get(i).cloned().unwrap_or_default()),
                    Cell::new(matrix.impact_labels.get(i).cloned().unwrap_or_default()),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
    blocks.push(h(2, "Bands and acceptance authority"));
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("Band", 1.2),
            Column::new("Scores", 1.0).align(Align::Centre),
            Column::new("May accept a residual risk", 3.0),
        ],
        rows: matrix
            .bands
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let range = matrix
                    .band_range(i)
                    .map_or_else(String::new, |(lo, hi)| format!("{lo}–{hi}"));
                vec![
                    Cell::new(b.name.clone()).fill(b.colour).bold(),
                    Cell::new(range),
                    Cell::new(or_dash(&b.acceptance_authority)),
                ]
            })
            .collect(),
        empty_text: String::new(),
    }));
    register::appetite(project, blocks);
    blocks.push(h(2, "Risk matrix"));
    let mut columns = vec![Column::new("Likelihood \\ impact", 2.2)];
    columns.extend(
        matrix
            .impact_labels
            .iter()
            .enumerate()
            .map(|(i, l)| Column::new(format!("{} {l}", i + 1), 1.0).align(Align::Centre)),
    );
    let rows = (0..matrix.likelihood_labels.len())
        .rev()
        .map(|l| {
            let mut row =
                vec![Cell::new(format!("{} {}", l + 1, matrix.likelihood_labels[l])).bold()];
            for i in 0..matrix.impact_labels.len() {
                let likelihood = u32::try_from(l + 1).unwrap_or(u32::MAX);
                let impact = u32::try_from(i + 1).unwrap_or(u32::MAX);
                let score = likelihood * impact;
                let cell = match matrix.band_of(likelihood, impact) {
                    Some(b) => Cell::new(format!("{score} {}", b.name)).fill(b.colour),
                    None => Cell::new(score.to_string()),
                };
                row.push(cell);
            }
            row
        })
        .collect();
    blocks.push(Block::Table(DataTable {
        caption: "Score and band of every cell (likelihood level × impact level)".to_owned(),
        columns,
        rows,
        empty_text: String::new(),
    }));
    blocks.push(h(2, "Fairness thresholds"));
    blocks.push(Block::KeyValues(vec![
        KeyValue::new(
            "Ratio checks",
            format!(
                "pass when the ratio is at least {:.2} (four-fifths rule); a ratio to the reference group passes \
                 between {:.2} and {:.2}",
                f.ratio_min, f.ratio_min, f.ratio_max
            ),
        ),
        KeyValue::new(
            "Difference checks",
            format!("pass when the absolute difference is at most {:.2}", f.difference_max),
        ),
        KeyValue::new(
            "Small groups",
            format!("groups with fewer than {} rows are flagged \"small sample\"", f.min_group_size),
        ),
        KeyValue::new(
            "Uncertainty",
            format!(
                "{:.0}% intervals: Wilson score intervals, and a stratified bootstrap with {} resamples (seed {})",
                f.confidence_level * 100.0,
                f.bootstrap_resamples,
                f.bootstrap_seed
            ),
        ),
        KeyValue::new(
            "Proxy features",
            format!("flagged when their association with a sensitive column is at least {:.2}", f.proxy_threshold),
        ),
    ]));
    blocks.push(h(2, "FMEA action priority"));
    blocks.push(p(
        "FMEA rows are prioritised with the AIAG-VDA Action Priority table from severity (S), occurrence (O) \
         and detection (D), each rated 1–10. **H**: action must be taken or the current controls justified; \
         **M**: action should be taken; **L**: action could be taken. The risk priority number RPN = S × O × D \
         is shown for reference only.",
    ));
    for para in HELP_AP_VS_RPN
        .split("\n\n")
        .filter(|s| !s.trim().is_empty())
    {
        blocks.push(p(&para.replace('\n', " ")));
    }
}

fn method(project: &Project, blocks: &mut Vec<Block>) {
    let m = &project.metadata;
    blocks.push(h(1, PlanSection::Method.title()));
    let mut methods = Vec::new();
    if !project.datasets.is_empty() {
        methods.push(RichText::markup(&format!(
            "**Evidence management**: {} dataset(s) registered by relative path and SHA-256 fingerprint, \
             re-checked whenever the project is opened.",
            project.datasets.len()
        )));
    }
    if !project.fmea_worksheets.is_empty() {
        methods.push(RichText::markup(&format!(
            "**FMEA** (AIAG-VDA action priority, rating criteria adapted to ML systems): {} worksheet(s).",
            project.fmea_worksheets.len()
        )));
    }
    if methods.is_empty() {
        blocks.push(p("No assessment method has been applied yet."));
    } else {
        blocks.push(Block::Bullets(methods));
    }
    blocks.push(h(2, "Participants"));
    let mut rows = Vec::new();
    for (who, list) in [("Author", &m.authors), ("Approver", &m.approvers)] {
        for x in list {
            rows.push(vec![
                Cell::new(x.name.clone()),
                Cell::new(or_dash(&x.role)),
                Cell::new(x.line_of_defence.label()),
                Cell::new(who),
            ]);
        }
    }
    blocks.push(Block::Table(DataTable {
        caption: String::new(),
        columns: vec![
            Column::new("Name", 2.0),
            Column::new("Role", 3.0),
            Column::new("Line of defence", 2.5),
            Column::new("Part", 1.0),
        ],
        rows,
        empty_text: "No participants recorded.".to_owned(),
    }));
}

fn datasets_table(project: &Project) -> DataTable {
    DataTable {
        caption: "Datasets used as evidence".to_owned(),
        columns: vec![
            Column::new("Dataset", 2.3),
            Column::new("Role", 1.4),
            Column::new("Path (relative to the project)", 2.4),
            Column::new("Rows", 0.8).align(Align::Right),
            Column::new("Cols", 0.6).align(Align::Right),
            Column::new("SHA-256", 3.2),
        ],
        rows: project
            .datasets
            .iter()
            .map(|d| {
                vec![
                    Cell::new(d.name.clone()),
                    Cell::new(d.role.label()),
                    Cell::new(d.path.clone()),
                    Cell::new(d.rows.to_string()),
                    Cell::new(d.columns.to_string()),
                    Cell::new(d.sha256.clone()),
                ]
            })
            .collect(),
        empty_text: "No datasets were used.".to_owned(),
    }
}

fn evidence(
    project: &Project,
    audits: &[AuditEvidence],
    profiles: &[crate::analysis::evidence::ProfileEvidence],
    blocks: &mut Vec<Block>,
) {
    blocks.push(h(1, PlanSection::Evidence.title()));
    blocks.push(p(
        "Each dataset is identified by its SHA-256 fingerprint: a finding in this plan can be reproduced only \
         from a file with the same fingerprint.",
    ));
    blocks.push(Block::Table(datasets_table(project)));
    data_quality::data_quality(project, profiles, blocks);
    fairness_evidence(project, audits, blocks);
    drift::drift_evidence(project, blocks);
    mitigation::mitigation_options(project, blocks);
}

fn fmea(project: &Project, blocks: &mut Vec<Block>) {
    blocks.push(h(1, PlanSection::Fmea.title()));
    if project.fmea_worksheets.is_empty() {
        blocks.push(p("No FMEA was performed."));
        return;
    }
    let mut categories = Vec::new();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for w in &project.fmea_worksheets {
        let c = w.priority_counts();
        for (name, b, a) in [
            ("H", c.before.high, c.after.high),
            ("M", c.before.medium, c.after.medium),
            ("L", c.before.low, c.after.low),
        ] {
            categories.push(if project.fmea_worksheets.len() > 1 {
                format!("{} {name}", w.title)
            } else {
                name.to_owned()
            });
            #[expect(clippy::cast_precision_loss, reason = "row counts are small")]
            {
                before.push(b as f32);
                after.push(a as f32);
            }
        }
    }
    blocks.push(Block::Figure(Figure::grouped_bar_chart(
        "Failure modes by action priority, before and after the recorded actions",
        &GroupedBarChart {
            title: String::new(),
            y_label: "Failure modes".to_owned(),
            categories,
            series: vec![
                BarSeries {
                    name: "Before actions".to_owned(),
                    values: before,
                    ci: Vec::new(),
                },
                BarSeries {
                    name: "After actions".to_owned(),
                    values: after,
                    ci: Vec::new(),
                },
            ],
            reference: None,
            y_range: None,
            decimals: 0,
        },
    )));
    for w in &project.fmea_worksheets {
        blocks.push(h(2, &w.title));
        if !w.scope.trim().is_empty() {
            blocks.push(p(&w.scope));
        }
        let flagged = w.rows_lacking_required_action();
        if !flagged.is_empty() {
            blocks.push(Block::Callout(Callout {
                kind: CalloutKind::Warning,
                title: "High priority without action".to_owned(),
                body: RichText::plain(format!(
                    "{} high-priority row(s) have no recommended action: {}.",
                    flagged.len(),
                    flagged
                        .iter()
                        .map(|i| w.rows[*i].row_id.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }));
        }
        let rows: Vec<Vec<Cell>> = w
            .priority_order()
            .into_iter()
            .map(|i| {
                let r = &w.rows[i];
                let get = |c| w.cell_text(i, c).unwrap_or_default();
                vec![
                    Cell::new(r.row_id.clone()),
                    Cell::new(or_dash(&r.item)),
                    Cell::new(or_dash(&r.failure_mode)),
                    Cell::new(or_dash(&r.effect)),
                    Cell::new(or_dash(&r.cause)),
                    Cell::new(format!(
                        "P: {}\nD: {}",
                        or_dash(&r.prevention_controls),
                        or_dash(&r.detection_controls)
                    )),
                    Cell::new(sod(w, i)),
                    Cell::new(or_dash(&get(FmeaColumn::Rpn))),
                    ap_cell(r.action_priority()),
                    Cell::new(or_dash(&r.recommended_action)),
                    Cell::new(format!(
                        "{}\n{}",
                        or_dash(&r.owner),
                        r.target_date.map_or_else(String::new, |d| d.to_string())
                    )),
                    ap_cell(r.revised_action_priority()),
                ]
            })
            .collect();
        blocks.push(Block::Landscape(vec![Block::Table(DataTable {
            caption: format!(
                "{}: failure modes sorted by action priority, severity and RPN",
                w.title
            ),
            columns: vec![
                Column::new("ID", 0.7),
                Column::new("Step", 1.3),
                Column::new("Failure mode", 2.2),
                Column::new("Effect", 2.0),
                Column::new("Cause", 2.0),
                Column::new("Controls (prevention / detection)", 2.6),
                Column::new("S/O/D", 0.8).align(Align::Centre),
                Column::new("RPN", 0.6).align(Align::Right),
                Column::new("AP", 0.5).align(Align::Centre),
                Column::new("Recommended action", 2.4),
                Column::new("Owner / due", 1.3),
                Column::new("AP after", 0.6).align(Align::Centre),
            ],
            rows,
            empty_text: "This worksheet has no rows.".to_owned(),
        })]));
    }
}

fn approval(project: &Project, options: &PlanOptions, blocks: &mut Vec<Block>) {
    blocks.push(h(1, PlanSection::Approval.title()));
    blocks.push(p(
        "By signing, the approvers accept this treatment plan, the risk criteria it applies and the actions, \
         owners and dates it lists.",
    ));
    let signatories = options
        .signatories
        .clone()
        .unwrap_or_else(|| project.metadata.approvers.clone());
    if signatories.is_empty() {
        blocks.push(p("No approvers are named in the project."));
        return;
    }
    blocks.push(Block::Signatures(
        signatories
            .iter()
            .map(|x| Signature {
                name: x.name.clone(),
                role: if x.line_of_defence == LineOfDefence::External {
                    or_dash(&x.role)
                } else {
                    format!("{} ({})", or_dash(&x.role), x.line_of_defence.label())
                },
                date: String::new(),
            })
            .collect(),
    ));
}

fn appendices(project: &Project, options: &PlanOptions, blocks: &mut Vec<Block>) {
    blocks.push(h(1, PlanSection::Appendices.title()));
    blocks.push(h(2, "Evidence appendix"));
    blocks.push(Block::KeyValues(vec![
        KeyValue::new("Generated by", format!("Riskbench {}", crate::VERSION)),
        KeyValue::new("Document date", options.date.to_string()),
        KeyValue::new("Project schema version", project.schema_version.to_string()),
    ]));
    blocks.push(Block::Table(datasets_table(project)));
    nist_coverage(project, blocks);
    frameworks::appendix(project, options.date, blocks);
    blocks.push(h(2, "Glossary"));
    blocks.push(Block::KeyValues(vec![
        KeyValue::new("AP", "Action priority (AIAG-VDA): H, M or L from severity, occurrence and detection"),
        KeyValue::new("FMEA", "Failure modes and effects analysis"),
        KeyValue::new("RPN", "Risk priority number, S × O × D; shown for reference, not used for ranking"),
        KeyValue::new(
            "Lines of defence",
            "1st: the business that owns and runs the system; 2nd: risk management and compliance; 3rd: \
             internal audit",
        ),
        KeyValue::new("SHA-256", "Cryptographic fingerprint of a file's exact bytes"),
        KeyValue::new(
            "NIST AI RMF",
            "NIST AI 100-1, Artificial Intelligence Risk Management Framework 1.0 (January 2023); NIST does \
             not endorse this product",
        ),
    ]));
    blocks.push(h(2, "Sources of the taxonomies"));
    blocks.push(Block::KeyValues(
        crate::model::taxonomy::attributions()
            .into_iter()
            .map(|(taxonomy, line)| KeyValue::new(taxonomy, line))
            .collect(),
    ));
}

/// Appendix: coverage of the NIST AI RMF core per function, then every subcategory with something recorded
/// (status, notes, linked risks, audits and documents), and the links that point at nothing.
fn nist_coverage(project: &Project, blocks: &mut Vec<Block>) {
    use crate::model::checklist::{
        ChecklistStatus, audit_name, coverage_by_function, overall_coverage, problems, risk_name,
        rows,
    };
    blocks.push(h(2, "NIST AI RMF coverage"));
    let Ok(core) = crate::model::taxonomy::rmf_core() else {
        blocks.push(p("The NIST AI RMF core could not be read."));
        return;
    };
    let checklist = &project.nist_checklist;
    blocks.push(p(
        "Status of the outcomes of the NIST AI RMF 1.0 core for this system. Done and not applicable count \
         as covered.",
    ));
    let coverage_row = |name: &str, c: &crate::model::checklist::Coverage| {
        vec![
            Cell::new(name.to_owned()),
            Cell::new(c.total.to_string()),
            Cell::new(c.done.to_string()),
            Cell::new(c.not_applicable.to_string()),
            Cell::new(c.in_progress.to_string()),
            Cell::new(c.not_started.to_string()),
            Cell::new(format!("{} %", c.percent())),
        ]
    };
    let mut coverage_rows: Vec<Vec<Cell>> = coverage_by_function(core, checklist)
        .iter()
        .map(|(f, c)| coverage_row(f, c))
        .collect();
    let mut total = coverage_row("All", &overall_coverage(core, checklist));
    for cell in &mut total {
        cell.bold = true;
    }
    coverage_rows.push(total);
    blocks.push(Block::Table(DataTable {
        caption: "NIST AI RMF coverage per function".to_owned(),
        columns: vec![
            Column::new("Function", 1.6),
            Column::new("Subcategories", 1.3).align(Align::Right),
            Column::new("Done", 0.8).align(Align::Right),
            Column::new("Not applicable", 1.3).align(Align::Right),
            Column::new("In progress", 1.1).align(Align::Right),
            Column::new("Not started", 1.1).align(Align::Right),
            Column::new("Covered", 1.0).align(Align::Right),
        ],
        rows: coverage_rows,
        empty_text: String::new(),
    }));
    let all_rows = rows(core, project);
    let (recorded, untouched): (Vec<_>, Vec<_>) = all_rows.into_iter().partition(|r| {
        r.status != ChecklistStatus::NotStarted
            || !r.notes.trim().is_empty()
            || !r.risks.is_empty()
            || !r.audit_ids.is_empty()
            || !r.documents.is_empty()
    });
    let status_fill = |status: ChecklistStatus| match status {
        ChecklistStatus::Done => Some(palette::PASS),
        ChecklistStatus::InProgress => Some(palette::WARN),
        ChecklistStatus::NotStarted | ChecklistStatus::NotApplicable => None,
    };
    blocks.push(Block::Table(DataTable {
        caption: "NIST AI RMF subcategories with a status, notes or links".to_owned(),
        columns: vec![
            Column::new("Subcategory", 1.3),
            Column::new("Status", 1.2),
            Column::new("Notes", 3.6),
            Column::new("Linked risks, audits and documents", 3.4),
        ],
        rows: recorded
            .iter()
            .map(|r| {
                let mut links: Vec<String> = r
                    .risks
                    .iter()
                    .map(|l| {
                        let name = risk_name(&project.risks, &l.risk_id);
                        if l.derived {
                            format!("Risk {name} (register)")
                        } else {
                            format!("Risk {name}")
                        }
                    })
                    .collect();
                links.extend(
                    r.audit_ids
                        .iter()
                        .map(|a| format!("Audit {}", audit_name(&project.audits, a))),
                );
                links.extend(r.documents.iter().map(|d| format!("Document {d}")));
                let mut status = Cell::new(r.status.label());
                status.fill = status_fill(r.status);
                vec![
                    Cell::new(r.subcategory_id.clone()),
                    status,
                    Cell::new(or_dash(r.notes.trim())),
                    Cell::new(if links.is_empty() {
                        "—".to_owned()
                    } else {
                        links.join("\n")
                    }),
                ]
            })
            .collect(),
        empty_text: "Nothing has been recorded in the NIST AI RMF checklist.".to_owned(),
    }));
    if !untouched.is_empty() && !recorded.is_empty() {
        blocks.push(p(&format!(
            "Not started, with nothing recorded ({}): {}.",
            untouched.len(),
            untouched
                .iter()
                .map(|r| r.subcategory_id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let found = problems(core, project);
    if !found.is_empty() {
        blocks.push(Block::Callout(Callout {
            kind: CalloutKind::Warning,
            title: "Checklist links that point at nothing".to_owned(),
            body: RichText::plain(
                found
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        }));
    }
}

/// The summary checks reported for every audit result (their names: [`wording::summary_title`]).
const SUMMARY_CHECKS: [SummaryMetric; 6] = [
    SummaryMetric::DemographicParityDifference,
    SummaryMetric::DemographicParityRatio,
    SummaryMetric::EqualizedOddsDifference,
    SummaryMetric::EqualizedOddsRatio,
    SummaryMetric::EqualOpportunityDifference,
    SummaryMetric::EqualOpportunityRatio,
];

fn summary_checks(result: &AuditResult) -> impl Iterator<Item = &crate::analysis::fairness::Check> {
    result.checks.iter().filter(|c| c.group.is_none())
}

fn fairness_summary(project: &Project, audits: &[AuditEvidence]) -> Vec<RichText> {
    if project.audits.is_empty() {
        return vec![RichText::plain("No fairness audit was performed.")];
    }
    if audits.is_empty() {
        return vec![RichText::plain(format!(
            "Fairness: {} saved audit(s); their results are computed when the plan is exported.",
            project.audits.len()
        ))];
    }
    let mut points = Vec::new();
    for audit in audits {
        match &audit.outcome {
            Err(e) => points.push(RichText::markup(&format!(
                "Fairness audit **{}** could not run: {e}",
                audit.name
            ))),
            Ok(report) => {
                let by: Vec<String> = report
                    .results
                    .iter()
                    .map(|result| format!("by {}: {}", result_title(result), result.verdict.text))
                    .collect();
                let mut text = format!("Fairness audit **{}**, {}", audit.name, by.join(" "));
                if report.results.iter().any(|r| r.verdict.ppr_note.is_some()) {
                    text.push(' ');
                    text.push_str(crate::analysis::fairness::PPR_NOTE);
                }
                points.push(RichText::markup(&text));
            }
        }
    }
    points
}

fn metric(g: &GroupResult, m: Metric) -> Option<f64> {
    g.metrics
        .get(&m)
        .copied()
        .flatten()
        .map(crate::analysis::fairness::MetricValue::as_f64)
}

fn interval(g: &GroupResult, m: Metric) -> Option<Interval> {
    g.ci.get(&m).or_else(|| g.wilson.get(&m)).copied()
}

fn rate_cell(g: &GroupResult, m: Metric) -> Cell {
    match metric(g, m) {
        Some(v) => match interval(g, m) {
            Some(i) => Cell::new(format!(
                "{}\n{}",
                wording::fixed(v, 3),
                wording::interval_text(i, 3)
            )),
            None => Cell::new(wording::fixed(v, 3)),
        },
        None => Cell::new(format!(
            "insufficient evidence: {}",
            g.undefined.get(&m).map_or("undefined", String::as_str)
        )),
    }
}

fn group_label(g: &GroupResult) -> String {
    wording::group_label(&g.group)
}

#[expect(
    clippy::cast_possible_truncation,
    reason = "chart coordinates need no double precision"
)]
fn as_f32(v: f64) -> f32 {
    v as f32
}

fn fairness_evidence(project: &Project, audits: &[AuditEvidence], blocks: &mut Vec<Block>) {
    let f = &project.settings.fairness;
    if project.audits.is_empty() {
        blocks.push(h(2, "Fairness audits"));
        blocks.push(p("No fairness audit was performed."));
        return;
    }
    if audits.is_empty() {
        blocks.push(h(2, "Fairness audits"));
        blocks.push(p(&format!(
            "{} fairness audit(s) are saved in the project; their results are computed when the plan is exported.",
            project.audits.len()
        )));
        return;
    }
    for audit in audits {
        blocks.push(h(2, &format!("Fairness audit: {}", audit.name)));
        let report = match &audit.outcome {
            Ok(r) => r,
            Err(e) => {
                blocks.push(Block::Callout(Callout {
                    kind: CalloutKind::Warning,
                    title: "The audit could not run".to_owned(),
                    body: RichText::plain(e.clone()),
                }));
                continue;
            }
        };
        let c = &report.config;
        let prediction = match (&c.prediction, &c.score, c.threshold) {
            (Some(p), _, _) => format!(
                "{p} (positive value {})",
                c.pred_positive.as_deref().unwrap_or("—")
            ),
            (None, Some(s), Some(t)) => format!("{s} at or above {t}"),
            _ => "—".to_owned(),
        };
        let mut facts = vec![
            KeyValue::new(
                "Dataset",
                format!("{} ({} rows)", audit.dataset_name, report.dataset.rows),
            ),
            KeyValue::new("SHA-256", report.dataset.sha256.clone()),
            KeyValue::new(
                "Label",
                format!(
                    "{} (positive value {})",
                    c.label,
                    c.positive.as_deref().unwrap_or("—")
                ),
            ),
            KeyValue::new("Prediction", prediction),
            KeyValue::new(
                "Rows used",
                format!(
                    "{} of {} (missing label {}, missing prediction {}, missing score {})",
                    report.rows.used,
                    report.rows.input,
                    report.rows.missing_label,
                    report.rows.missing_prediction,
                    report.rows.missing_score
                ),
            ),
            KeyValue::new(
                "Intervals",
                match c.bootstrap.filter(|n| *n > 0) {
                    Some(n) => format!(
                        "{:.0}% stratified bootstrap, {n} resamples within each group, seed {}",
                        f.confidence_level * 100.0,
                        c.seed.unwrap_or(f.bootstrap_seed)
                    ),
                    None => format!("{:.0}% Wilson score intervals", f.confidence_level * 100.0),
                },
            ),
        ];
        if !audit.stored_sha256.is_empty() && audit.stored_sha256 != report.dataset.sha256 {
            facts.push(KeyValue::new(
                "Warning",
                "the dataset changed since it was added to the project: findings linked to the old file are stale",
            ));
        }
        blocks.push(Block::KeyValues(facts));
        for result in &report.results {
            fairness_result(result, f, blocks);
        }
    }
}

fn fairness_result(
    result: &AuditResult,
    f: &crate::model::settings::FairnessThresholds,
    blocks: &mut Vec<Block>,
) {
    let title = result_title(result);
    blocks.push(h(3, &format!("By {title}")));
    let reference = result.reference.group.as_ref().map(wording::group_label);
    if let Some(r) = &reference {
        blocks.push(p(&format!(
            "Reference group: **{r}** ({}).",
            result.reference.rule
        )));
    }
    let rows: Vec<Vec<Cell>> = result
        .by_group
        .iter()
        .map(|g| {
            let count = |m| metric(g, m).map_or_else(|| "—".to_owned(), |v| format!("{v:.0}"));
            let mut flags = Vec::new();
            if g.small_sample {
                flags.push(format!("small sample (< {})", f.min_group_size));
            }
            vec![
                Cell::new(group_label(g)).bold(),
                Cell::new(count(Metric::Count)),
                Cell::new(count(Metric::Positives)),
                Cell::new(count(Metric::PredictedPositives)),
                rate_cell(g, Metric::SelectionRate),
                rate_cell(g, Metric::TruePositiveRate),
                rate_cell(g, Metric::FalsePositiveRate),
                rate_cell(g, Metric::Precision),
                Cell::new(flags.join("; ")),
            ]
        })
        .collect();
    blocks.push(Block::Table(DataTable {
        caption: format!("Per-group metrics by {title} (value and interval)"),
        columns: vec![
            Column::new("Group", 1.6),
            Column::new("n", 0.6).align(Align::Right),
            Column::new("Actual positives", 0.9).align(Align::Right),
            Column::new("Predicted positives", 0.9).align(Align::Right),
            Column::new("Selection rate", 1.2),
            Column::new("TPR", 1.2),
            Column::new("FPR", 1.2),
            Column::new("Precision", 1.2),
            Column::new("Flags", 1.1),
        ],
        rows,
        empty_text: "No groups.".to_owned(),
    }));
    let plotted: Vec<&GroupResult> = result
        .by_group
        .iter()
        .filter(|g| metric(g, Metric::Count).unwrap_or(0.0) > 0.0)
        .collect();
    if !plotted.is_empty() && plotted.len() <= 16 {
        let series = |name: &str, m: Metric| BarSeries {
            name: name.to_owned(),
            values: plotted
                .iter()
                .map(|g| metric(g, m).map_or(f32::NAN, as_f32))
                .collect(),
            ci: plotted
                .iter()
                .map(|g| interval(g, m).map(|[lo, hi]| [as_f32(lo), as_f32(hi)]))
                .collect(),
        };
        let reference_line = result
            .reference
            .group
            .as_ref()
            .and_then(|key| result.by_group.iter().find(|g| &g.group == key))
            .and_then(|g| metric(g, Metric::SelectionRate))
            .map(|v| ReferenceLine {
                value: as_f32(v * f.ratio_min),
                label: format!(
                    "{:.0}% of the reference selection rate ({:.3})",
                    f.ratio_min * 100.0,
                    v * f.ratio_min
                ),
            });
        blocks.push(Block::Figure(Figure::grouped_bar_chart(
            format!("Selection rate and true positive rate by {title}, with intervals"),
            &GroupedBarChart {
                title: String::new(),
                y_label: "Rate".to_owned(),
                categories: plotted.iter().map(|g| group_label(g)).collect(),
                series: vec![
                    series("Selection rate", Metric::SelectionRate),
                    series("True positive rate", Metric::TruePositiveRate),
                ],
                reference: reference_line,
                y_range: Some([0.0, 1.0]),
                decimals: 1,
            },
        )));
    }
    let summary_rows: Vec<Vec<Cell>> = SUMMARY_CHECKS
        .iter()
        .map(|m| {
            let label = wording::summary_title(*m);
            let value = result.summary.get(m).copied().flatten();
            let ci = result.summary_ci.get(m);
            let check = summary_checks(result).find(|c| c.name == m.name());
            let verdict = match check.and_then(|c| c.pass) {
                Some(pass) => Cell::pass_fail(pass),
                None => Cell::new(check.and_then(|c| c.reason.clone()).map_or_else(
                    || "insufficient evidence".to_owned(),
                    |r| format!("insufficient evidence: {r}"),
                )),
            };
            vec![
                Cell::new(label),
                Cell::new(match (value, ci) {
                    (Some(v), Some(i)) => {
                        format!("{} {}", wording::fixed(v, 3), wording::interval_text(*i, 3))
                    }
                    (Some(v), None) => wording::fixed(v, 3),
                    (None, _) => result
                        .summary_undefined
                        .get(m)
                        .map_or_else(|| "undefined".to_owned(), |r| format!("undefined: {r}")),
                }),
                Cell::new(if m.name().ends_with("_ratio") {
                    format!("at least {:.2}", f.ratio_min)
                } else {
                    format!("at most {:.2}", f.difference_max)
                }),
                verdict,
            ]
        })
        .collect();
    blocks.push(Block::Table(DataTable {
        caption: format!("Summary metrics by {title} against the project's thresholds"),
        columns: vec![
            Column::new("Metric", 2.0),
            Column::new("Value [interval]", 1.8),
            Column::new("Threshold", 1.4),
            Column::new("Result", 0.8).align(Align::Centre),
        ],
        rows: summary_rows,
        empty_text: String::new(),
    }));
    if !result.findings.is_empty() {
        blocks.push(Block::Bullets(
            result
                .findings
                .iter()
                .take(6)
                .map(|x| RichText::plain(x.text.clone()))
                .collect(),
        ));
    }
}
