//! The register's CSV columns and the writer ([`risks_to_csv`]); the layout is described in the
//! [module docs](super).

use super::{Rating, Risk};
use crate::model::date::IsoDate;
use crate::model::fmea::join_list;
use crate::model::labelled::labelled_enum;

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
                let mut fields = vec![
                    a.action_id.clone(),
                    a.status.label().to_owned(),
                    date(a.due),
                    a.owner.clone(),
                    a.kri.clone(),
                    a.description.clone(),
                ];
                // Resources only when recorded, so registers without them export as before.
                if a.effort_days.is_some() || a.cost.is_some() {
                    fields.push(a.effort_days.map(super::amount_text).unwrap_or_default());
                    fields.push(a.cost.map(super::amount_text).unwrap_or_default());
                }
                fields
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
                .map(crate::model::taxonomy::MitEntity::label)
                .unwrap_or_default()
                .to_owned(),
            Self::MitIntent => risk
                .taxonomy
                .mit_intent
                .map(crate::model::taxonomy::MitIntent::label)
                .unwrap_or_default()
                .to_owned(),
            Self::MitTiming => risk
                .taxonomy
                .mit_timing
                .map(crate::model::taxonomy::MitTiming::label)
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
pub(super) fn read_records(cell: &str) -> Vec<Vec<String>> {
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
