//! The model card as Markdown: the Toolkit's sections, the documented claims with what was measured and
//! the verdict, the measured problems the card does not mention, limitations without evidence, and the
//! datasheets. Deterministic for the same project and results.

use std::fmt::Write as _;

use super::Comparison;
use crate::model::Project;
use crate::model::model_card::{DatasheetSection, License, Owner};

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "### {title}\n");
    for i in items {
        let _ = writeln!(out, "- {}", i.replace('\n', " "));
    }
    out.push('\n');
}

fn number(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{v:.4}"))
}

/// The card of `project` as Markdown, with `comparison` (documented vs measured).
#[must_use]
pub fn to_markdown(project: &Project, comparison: &Comparison) -> String {
    let card = &project.model_card;
    let d = &card.model_details;
    let mut out = String::new();
    let name = if d.name.is_empty() {
        &project.metadata.system_name
    } else {
        &d.name
    };
    let _ = writeln!(out, "# Model card: {name}\n");
    if !d.overview.is_empty() {
        let _ = writeln!(out, "{}\n", d.overview);
    }
    out.push_str("## Model details\n\n");
    if !d.documentation.is_empty() {
        let _ = writeln!(out, "{}\n", d.documentation);
    }
    let owners: Vec<String> = d.owners.iter().map(Owner::label).collect();
    let licences: Vec<&str> = d.licenses.iter().map(License::label).collect();
    for (label, value) in [
        ("Owners", owners.join("; ")),
        ("Version", d.version.name.clone()),
        ("Version date", d.version.date.clone()),
        ("Changes", d.version.diff.clone()),
        ("Licence", licences.join("; ")),
        ("References", d.references.join(", ")),
    ] {
        if !value.is_empty() {
            let _ = writeln!(out, "- **{label}:** {value}");
        }
    }
    out.push('\n');
    let p = &card.model_parameters;
    out.push_str("## Model parameters\n\n");
    for (label, value) in [
        ("Architecture", &p.model_architecture),
        ("Input format", &p.input_format),
        ("Output format", &p.output_format),
    ] {
        if !value.is_empty() {
            let _ = writeln!(out, "- **{label}:** {value}");
        }
    }
    for data in &p.data {
        let _ = writeln!(
            out,
            "- **{} data:** {}{}{}",
            data.role.label(),
            data.name,
            if data.dataset_id.is_empty() {
                String::new()
            } else {
                format!(" (project dataset {})", data.dataset_id)
            },
            if data.description.is_empty() {
                String::new()
            } else {
                format!(": {}", data.description)
            }
        );
    }
    out.push('\n');

    out.push_str("## Documented claims and what was measured\n\n");
    if comparison.claims.is_empty() {
        out.push_str("The card makes no structured claims.\n\n");
    } else {
        out.push_str("| Claim | Verdict | Audit | Group | Measured | Interval | Reason |\n");
        out.push_str("|---|---|---|---|---|---|---|\n");
        for c in &comparison.claims {
            let row = c.deciding_row();
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} | {} | {} |",
                c.claim_id,
                cell(&c.claim),
                c.verdict.label(),
                cell(c.audit_name.as_deref().unwrap_or("–")),
                cell(row.map_or("–", |r| r.group.as_str())),
                number(row.and_then(|r| r.measured.value)),
                row.and_then(|r| r.measured.interval)
                    .map_or_else(|| "–".to_owned(), |[l, h]| format!("[{l:.4}, {h:.4}]")),
                cell(&c.reason)
            );
        }
        out.push('\n');
    }
    let q = &card.quantitative_analysis;
    if !q.performance_metrics.is_empty() {
        out.push_str("### Metrics reported by the card\n\n| Metric | Slice | Value | Interval |\n|---|---|---|---|\n");
        for m in &q.performance_metrics {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&m.metric_type),
                cell(&m.slice),
                cell(&m.value),
                m.confidence_interval
                    .as_ref()
                    .map_or_else(|| "–".to_owned(), |[l, h]| format!("[{l}, {h}]"))
            );
        }
        out.push('\n');
    }

    let c = &card.considerations;
    out.push_str("## Considerations\n\n");
    list(&mut out, "Intended users", &c.users);
    list(&mut out, "Use cases", &c.use_cases);
    let limitations: Vec<String> = c
        .limitations
        .iter()
        .map(|l| {
            if l.evidence.is_empty() {
                l.description.clone()
            } else {
                format!("{} (evidence: {})", l.description, l.evidence.join(", "))
            }
        })
        .collect();
    list(&mut out, "Limitations", &limitations);
    list(&mut out, "Trade-offs", &c.tradeoffs);
    let ethical: Vec<String> = c
        .ethical_considerations
        .iter()
        .map(|e| format!("{} — mitigation: {}", e.name, e.mitigation_strategy))
        .collect();
    list(&mut out, "Ethical considerations", &ethical);

    out.push_str("## Measured problems the card does not mention\n\n");
    if comparison.undocumented.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for u in &comparison.undocumented {
            let _ = writeln!(out, "- {} ({}): {}", u.kind.label(), u.source, u.text);
        }
        out.push('\n');
    }
    out.push_str("## Limitations without evidence\n\n");
    if comparison.unsupported_limitations.is_empty() {
        out.push_str("None.\n\n");
    } else {
        for l in &comparison.unsupported_limitations {
            let _ = writeln!(out, "- {} ({})", l.description, l.reason);
        }
        out.push('\n');
    }
    for sheet in &project.datasheets {
        let name = project
            .dataset(&sheet.dataset_id)
            .map_or_else(|| sheet.dataset_id.clone(), |d| d.name.clone());
        let _ = writeln!(out, "## Datasheet: {name}\n");
        for s in DatasheetSection::ALL {
            let text = sheet.section(s);
            let _ = writeln!(
                out,
                "### {}\n\n{}\n",
                s.title(),
                if text.trim().is_empty() {
                    "(not written)"
                } else {
                    text
                }
            );
        }
    }
    out
}
