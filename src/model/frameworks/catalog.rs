//! The shipped framework catalogues, read once from `assets/frameworks/*.json` into one shape
//! ([`Framework`] → [`Section`] → [`Item`]).
//!
//! Each data file has its own layout; the readers here turn them into sections and items and keep what the
//! README of `assets/frameworks` asks for: NIST and EU texts verbatim (in [`Item::text`]), ISO, Google and
//! Microsoft items by identifier with Riskbench's own short labels only, and the items that could not be
//! verified marked ([`Item::verified`], with the reason in [`Item::note`]).

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use super::FrameworkId;
use crate::model::taxonomy::{genai_risks, rmf_core};

const EU_JSON: &str = include_str!("../../../assets/frameworks/eu-ai-act-obligations.json");
const ISO_42001_JSON: &str = include_str!("../../../assets/frameworks/iso-iec-42001-annex-a.json");
const ISO_23894_JSON: &str = include_str!("../../../assets/frameworks/iso-iec-23894-clauses.json");
const SAIF_JSON: &str = include_str!("../../../assets/frameworks/google-saif.json");
const MS_RAI_JSON: &str =
    include_str!("../../../assets/frameworks/ms-responsible-ai-standard-v2.json");

/// One framework as a list of sections of items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Framework {
    /// Which framework.
    pub framework_id: FrameworkId,
    /// The attribution line to show wherever its items appear.
    pub attribution: String,
    /// What could not be verified in the data, in the data file's words.
    pub unverified: Vec<String>,
    /// Its sections, in document order.
    pub sections: Vec<Section>,
}

/// A section: a NIST function, an EU AI Act chapter, an ISO control group or clause, a SAIF control category…
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// "GOVERN", "Chapter III, Section 2", "A.6", "Clause 6", "Data".
    pub section_id: String,
    /// A short heading (the framework's own where it may be quoted, ours otherwise).
    pub label: String,
    /// True when its items belong to the checklist; false for reference items that risks can be tagged with
    /// (the Article 5(1) prohibitions, the Annex III use cases, SAIF risks, NIST AI 600-1 risks).
    pub checklist: bool,
    /// Its items, in document order.
    pub items: Vec<Item>,
}

/// An item: a subcategory, an article, a control, a clause, a goal, a risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The identifier, unique within the framework ("MEASURE 2.11", "Art. 15", "A.6.2.4", "DP", "A1").
    pub item_id: String,
    /// The framework's short title where it serves as an identifier (EU article title, SAIF name, Microsoft
    /// goal title); empty for NIST and ISO items.
    pub title: String,
    /// Riskbench's own short label (for NIST, the outcome statement).
    pub label: String,
    /// Text quoted verbatim (NIST and EU AI Act only), empty otherwise.
    pub text: String,
    /// False when the data file marks the identifier or its text as not verified.
    pub verified: bool,
    /// Why it is not verified, or a note the data file attaches.
    pub note: String,
}

impl Item {
    /// "id title" or "id label", for lists and the report.
    #[must_use]
    pub fn display(&self) -> String {
        let name = if self.title.is_empty() {
            &self.label
        } else {
            &self.title
        };
        if name.is_empty() {
            self.item_id.clone()
        } else {
            format!("{} {name}", self.item_id)
        }
    }
}

impl Framework {
    /// Every item, in document order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    /// The items of the checklist, in document order.
    pub fn checklist_items(&self) -> impl Iterator<Item = &Item> {
        self.sections
            .iter()
            .filter(|s| s.checklist)
            .flat_map(|s| s.items.iter())
    }

    /// The item with this id.
    #[must_use]
    pub fn item(&self, item_id: &str) -> Option<&Item> {
        self.items().find(|i| i.item_id == item_id)
    }

    /// The section holding the item with this id.
    #[must_use]
    pub fn section_of(&self, item_id: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.items.iter().any(|i| i.item_id == item_id))
    }
}

/// The catalogue of one framework (parsed once).
///
/// # Errors
/// Only if an embedded asset is malformed, which the test suite rules out.
pub fn framework(framework_id: FrameworkId) -> Result<&'static Framework, String> {
    static CELLS: [OnceLock<Result<Framework, String>>; FrameworkId::ALL.len()] =
        [const { OnceLock::new() }; FrameworkId::ALL.len()];
    let index = FrameworkId::ALL
        .iter()
        .position(|f| *f == framework_id)
        .unwrap_or_default();
    CELLS[index]
        .get_or_init(|| {
            build(framework_id)
                .map_err(|e| format!("the {} asset is malformed: {e}", framework_id.name()))
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn build(framework_id: FrameworkId) -> Result<Framework, String> {
    match framework_id {
        FrameworkId::NistAiRmf => nist_ai_rmf(),
        FrameworkId::NistGenAi => nist_genai(),
        FrameworkId::EuAiAct => eu_ai_act(),
        FrameworkId::Iso42001 => iso_42001(),
        FrameworkId::Iso23894 => iso_23894(),
        FrameworkId::Saif => saif(),
        FrameworkId::MsRai => ms_rai(),
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers for reading JSON values
// ---------------------------------------------------------------------------------------------

pub(super) fn parse(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

pub(super) fn str_at<'a>(value: &'a Value, key: &str) -> Result<&'a str, String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("expected a text field \"{key}\" in {}", short(value)))
}

pub(super) fn opt_str<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

pub(super) fn array_at<'a>(value: &'a Value, key: &str) -> Result<&'a [Value], String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .ok_or_else(|| format!("expected a list \"{key}\" in {}", short(value)))
}

pub(super) fn strings_at(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    text.chars().take(60).collect()
}

fn unverified(root: &Value) -> Vec<String> {
    root.get("source")
        .map(|s| strings_at(s, "unverified"))
        .unwrap_or_default()
}

fn item(item_id: &str, title: &str, label: &str, text: &str) -> Item {
    Item {
        item_id: item_id.to_owned(),
        title: title.to_owned(),
        label: label.to_owned(),
        text: text.to_owned(),
        verified: true,
        note: String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// The readers, one per file
// ---------------------------------------------------------------------------------------------

fn nist_ai_rmf() -> Result<Framework, String> {
    let core = rmf_core()?;
    Ok(Framework {
        framework_id: FrameworkId::NistAiRmf,
        attribution: core.attribution.clone(),
        unverified: Vec::new(),
        sections: core
            .functions
            .iter()
            .map(|f| Section {
                section_id: f.id.clone(),
                label: f.title.clone(),
                checklist: true,
                items: f
                    .categories
                    .iter()
                    .flat_map(|c| &c.subcategories)
                    .map(|s| item(&s.id, "", &s.text, &s.text))
                    .collect(),
            })
            .collect(),
    })
}

fn nist_genai() -> Result<Framework, String> {
    let (attribution, risks) = genai_risks()?;
    Ok(Framework {
        framework_id: FrameworkId::NistGenAi,
        attribution: attribution.to_owned(),
        unverified: Vec::new(),
        sections: vec![Section {
            section_id: "Section 2".to_owned(),
            label: "Risks unique to or exacerbated by generative AI".to_owned(),
            checklist: false,
            items: risks
                .iter()
                .map(|r| item(&r.id, &r.name, &r.name, &r.description))
                .collect(),
        }],
    })
}

/// The checklist id of an article ("15" → "Art. 15").
#[must_use]
pub fn article_item_id(article: &str) -> String {
    format!("Art. {article}")
}

fn eu_ai_act() -> Result<Framework, String> {
    let root = parse(EU_JSON)?;
    let mut sections: Vec<Section> = Vec::new();
    let mut prohibitions = Section {
        section_id: "Art. 5(1)".to_owned(),
        label: "Prohibited AI practices (Article 5(1))".to_owned(),
        checklist: false,
        items: Vec::new(),
    };
    let mut annex: Vec<Section> = Vec::new();
    for article in array_at(&root, "articles")? {
        let number = str_at(article, "article")?;
        let chapter = str_at(article, "chapter")?;
        let section_id = format!("Chapter {chapter}");
        let entry = item(
            &article_item_id(number),
            str_at(article, "title")?,
            str_at(article, "label")?,
            "",
        );
        match sections.iter_mut().find(|s| s.section_id == section_id) {
            Some(section) => section.items.push(entry),
            None => sections.push(Section {
                label: section_id.clone(),
                section_id,
                checklist: true,
                items: vec![entry],
            }),
        }
        if let Some(items) = article.get("items").and_then(Value::as_array) {
            for point in items {
                prohibitions.items.push(item(
                    &format!("Art. {}", str_at(point, "id")?),
                    "",
                    str_at(point, "label")?,
                    str_at(point, "text")?,
                ));
            }
        }
        if let Some(annex_iii) = article.get("annex_iii") {
            for area in array_at(annex_iii, "areas")? {
                let point = str_at(area, "point")?;
                annex.push(Section {
                    section_id: format!("Annex III point {point}"),
                    label: str_at(area, "heading")?.trim_end_matches(':').to_owned(),
                    checklist: false,
                    items: array_at(area, "points")?
                        .iter()
                        .map(|p| {
                            Ok(item(
                                &format!("Annex III {}", str_at(p, "id")?),
                                "",
                                str_at(p, "label")?,
                                str_at(p, "text")?,
                            ))
                        })
                        .collect::<Result<_, String>>()?,
                });
            }
        }
    }
    if let Some(amendment) = root.get("amendment_2026_1744") {
        for added in array_at(amendment, "added_prohibitions")? {
            let mut entry = item(
                &format!("Art. {}", str_at(added, "id")?),
                "",
                str_at(added, "label")?,
                str_at(added, "text")?,
            );
            entry.verified = added
                .get("verified")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            "Added by Regulation (EU) 2026/1744 (reported, not verified against the Official Journal); applies \
                 from 2026-12-02"
                .clone_into(&mut entry.note);
            prohibitions.items.push(entry);
        }
    }
    sections.push(prohibitions);
    sections.extend(annex);
    Ok(Framework {
        framework_id: FrameworkId::EuAiAct,
        attribution: str_at(&root, "attribution")?.to_owned(),
        unverified: unverified(&root),
        sections,
    })
}

/// Pushes `value` (an id with a label) and its nested `subclauses` depth first.
fn nested(value: &Value, into: &mut Vec<Item>) -> Result<(), String> {
    let mut entry = item(str_at(value, "id")?, "", str_at(value, "label")?, "");
    entry.verified = value
        .get("verified")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    opt_str(value, "note").clone_into(&mut entry.note);
    into.push(entry);
    for child in value
        .get("subclauses")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        nested(child, into)?;
    }
    Ok(())
}

fn iso_42001() -> Result<Framework, String> {
    let root = parse(ISO_42001_JSON)?;
    let mut sections = Vec::new();
    let annex = root.get("annex_a").ok_or("expected \"annex_a\"")?;
    for group in array_at(annex, "groups")? {
        let mut items = Vec::new();
        let mut push_controls = |holder: &Value| -> Result<(), String> {
            for control in array_at(holder, "controls")? {
                items.push(item(
                    str_at(control, "id")?,
                    "",
                    str_at(control, "label")?,
                    "",
                ));
            }
            Ok(())
        };
        if let Some(subgroups) = group.get("subgroups").and_then(Value::as_array) {
            for subgroup in subgroups {
                push_controls(subgroup)?;
            }
        } else {
            push_controls(group)?;
        }
        sections.push(Section {
            section_id: str_at(group, "id")?.to_owned(),
            label: str_at(group, "label")?.to_owned(),
            checklist: true,
            items,
        });
    }
    let clauses = root.get("clauses").ok_or("expected \"clauses\"")?;
    for clause in array_at(clauses, "items")? {
        let mut items = Vec::new();
        nested(clause, &mut items)?;
        sections.push(Section {
            section_id: format!("Clause {}", str_at(clause, "id")?),
            label: str_at(clause, "label")?.to_owned(),
            checklist: true,
            items,
        });
    }
    Ok(Framework {
        framework_id: FrameworkId::Iso42001,
        attribution: str_at(&root, "attribution")?.to_owned(),
        unverified: unverified(&root),
        sections,
    })
}

fn iso_23894() -> Result<Framework, String> {
    let root = parse(ISO_23894_JSON)?;
    let mut sections = Vec::new();
    for top in array_at(&root, "items")? {
        let mut items = Vec::new();
        nested(top, &mut items)?;
        let top_id = str_at(top, "id")?;
        sections.push(Section {
            section_id: if top_id.starts_with("Annex") {
                top_id.to_owned()
            } else {
                format!("Clause {top_id}")
            },
            label: str_at(top, "label")?.to_owned(),
            checklist: true,
            items,
        });
    }
    Ok(Framework {
        framework_id: FrameworkId::Iso23894,
        attribution: str_at(&root, "attribution")?.to_owned(),
        unverified: unverified(&root),
        sections,
    })
}

fn saif() -> Result<Framework, String> {
    let root = parse(SAIF_JSON)?;
    let mut sections = vec![Section {
        section_id: "Core elements".to_owned(),
        label: "The six core elements of SAIF".to_owned(),
        checklist: true,
        items: array_at(&root, "core_elements")?
            .iter()
            .map(|e| {
                Ok(item(
                    &format!("Element {}", str_at(e, "id")?),
                    str_at(e, "name")?,
                    str_at(e, "label")?,
                    "",
                ))
            })
            .collect::<Result<_, String>>()?,
    }];
    let controls = array_at(&root, "controls")?;
    for category in array_at(&root, "control_categories")? {
        let category = category.as_str().ok_or("expected control category names")?;
        sections.push(Section {
            section_id: format!("{category} controls"),
            label: format!("{category} controls"),
            checklist: true,
            items: controls
                .iter()
                .filter(|c| opt_str(c, "category") == category)
                .map(|c| {
                    Ok(item(
                        str_at(c, "id")?,
                        str_at(c, "name")?,
                        str_at(c, "description")?,
                        "",
                    ))
                })
                .collect::<Result<_, String>>()?,
        });
    }
    sections.push(Section {
        section_id: "Risks".to_owned(),
        label: "SAIF Risk Map risks".to_owned(),
        checklist: false,
        items: array_at(&root, "risks")?
            .iter()
            .map(|r| {
                Ok(item(
                    str_at(r, "id")?,
                    str_at(r, "name")?,
                    str_at(r, "description")?,
                    "",
                ))
            })
            .collect::<Result<_, String>>()?,
    });
    Ok(Framework {
        framework_id: FrameworkId::Saif,
        attribution: str_at(&root, "attribution")?.to_owned(),
        unverified: unverified(&root),
        sections,
    })
}

fn ms_rai() -> Result<Framework, String> {
    let root = parse(MS_RAI_JSON)?;
    let unverified_goals = ["PS2", "I1"];
    let sections = array_at(&root, "principles")?
        .iter()
        .map(|p| {
            let principle = str_at(p, "principle")?;
            Ok(Section {
                section_id: principle.to_owned(),
                label: format!("{principle} goals"),
                checklist: true,
                items: array_at(p, "goals")?
                    .iter()
                    .map(|g| {
                        let goal_id = str_at(g, "id")?;
                        let mut entry = item(goal_id, str_at(g, "title")?, str_at(g, "label")?, "");
                        let applies = opt_str(g, "applies_to");
                        entry.note = if unverified_goals.contains(&goal_id) {
                            format!(
                                "Applies to: {applies} (inferred from the goal title, not verified)"
                            )
                        } else {
                            format!("Applies to: {applies}")
                        };
                        entry.verified = !unverified_goals.contains(&goal_id);
                        Ok(entry)
                    })
                    .collect::<Result<_, String>>()?,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Framework {
        framework_id: FrameworkId::MsRai,
        attribution: str_at(&root, "attribution")?.to_owned(),
        unverified: unverified(&root),
        sections,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(framework_id: FrameworkId) -> (usize, usize, usize) {
        let f = framework(framework_id).unwrap();
        (
            f.sections.len(),
            f.items().count(),
            f.checklist_items().count(),
        )
    }

    #[test]
    fn item_ids_are_unique_within_each_framework() {
        for framework_id in FrameworkId::ALL {
            let f = framework(framework_id).unwrap();
            let mut ids: Vec<&str> = f.items().map(|i| i.item_id.as_str()).collect();
            let total = ids.len();
            ids.sort_unstable();
            ids.dedup();
            assert_eq!(ids.len(), total, "{framework_id:?}");
        }
    }

    #[test]
    fn nist_and_genai_match_the_taxonomy() {
        assert_eq!(counts(FrameworkId::NistAiRmf), (4, 72, 72));
        assert_eq!(counts(FrameworkId::NistGenAi), (1, 12, 0));
    }

    #[test]
    fn items_display_with_their_title_or_label() {
        let eu = framework(FrameworkId::EuAiAct).unwrap();
        assert_eq!(
            eu.item("Art. 15").unwrap().display(),
            "Art. 15 Accuracy, robustness and cybersecurity"
        );
        let iso = framework(FrameworkId::Iso42001).unwrap();
        assert_eq!(
            iso.item("A.6.2.4").unwrap().display(),
            "A.6.2.4 Testing and validation"
        );
    }
}
