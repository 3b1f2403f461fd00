//! Risks tagged with items of any framework.
//!
//! A risk already names NIST AI RMF subcategories ([`Risk::rmf_subcategories`]) and ISO/IEC references
//! ([`crate::model::taxonomy::TaxonomyTags::iso_refs`], "ISO/IEC 42001 A.6.2.6"); the other frameworks'
//! items go in [`crate::model::taxonomy::TaxonomyTags::framework_refs`]. [`tagged_items`] reads all three
//! as one list and [`tag`] / [`untag`] write each kind where it belongs, so the register keeps one place per
//! kind. A tag naming a framework or item the shipped data does not have is kept and reported by id
//! ([`unknown_tags`]), never dropped.

use serde::{Deserialize, Serialize};

use super::{FrameworkId, ItemRef, framework};
use crate::model::checklist::normalise_subcategory_id;
use crate::model::project::Project;
use crate::model::register::Risk;
use crate::model::taxonomy::{ISO_23894_PREFIX, ISO_42001_PREFIX};

/// A risk's tag with an item of a framework other than NIST AI RMF and ISO/IEC (which have their own fields).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FrameworkTag {
    /// The framework's key ([`FrameworkId::key`]); kept as text so that an unknown key survives.
    pub framework: String,
    /// The item's id in it ("Art. 15", "DP", "A1", "cbrn").
    pub item_id: String,
}

/// One tag of a risk, whichever field holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaggedItem {
    /// The framework's key as stored ("nist-ai-rmf" for subcategories, "iso-42001" for ISO/IEC 42001 refs).
    pub framework: String,
    /// The item id as stored (NIST ids normalised).
    pub item_id: String,
    /// The item, when the framework and the item exist.
    pub known: Option<ItemRef>,
}

fn resolve(framework_key: &str, item_id: &str) -> Option<ItemRef> {
    let framework_id = FrameworkId::from_key(framework_key)?;
    let f = framework(framework_id).ok()?;
    f.item(item_id).map(|_| ItemRef::new(framework_id, item_id))
}

/// Every item `risk` is tagged with: NIST subcategories, ISO/IEC references, then the other frameworks'.
#[must_use]
pub fn tagged_items(risk: &Risk) -> Vec<TaggedItem> {
    let mut out = Vec::new();
    let mut push = |framework: &str, item_id: String| {
        let known = resolve(framework, &item_id);
        out.push(TaggedItem {
            framework: framework.to_owned(),
            item_id,
            known,
        });
    };
    for sub in &risk.rmf_subcategories {
        push(FrameworkId::NistAiRmf.key(), normalise_subcategory_id(sub));
    }
    for reference in &risk.taxonomy.iso_refs {
        let reference = reference.trim();
        if let Some(id) = reference.strip_prefix(ISO_42001_PREFIX) {
            push(FrameworkId::Iso42001.key(), id.trim().to_owned());
        } else if let Some(id) = reference.strip_prefix(ISO_23894_PREFIX) {
            push(FrameworkId::Iso23894.key(), id.trim().to_owned());
        } else {
            push("iso", reference.to_owned());
        }
    }
    for tag in &risk.taxonomy.framework_refs {
        push(&tag.framework, tag.item_id.clone());
    }
    out
}

/// Whether `risk` is tagged with `item`.
#[must_use]
pub fn has_tag(risk: &Risk, item: &ItemRef) -> bool {
    tagged_items(risk)
        .iter()
        .any(|t| t.known.as_ref() == Some(item))
}

/// Tags `risk` with `item` (nothing changes when it already is).
pub fn tag(risk: &mut Risk, item: &ItemRef) {
    if has_tag(risk, item) {
        return;
    }
    match item.framework_id {
        FrameworkId::NistAiRmf => risk.rmf_subcategories.push(item.item_id.clone()),
        FrameworkId::Iso42001 => risk
            .taxonomy
            .iso_refs
            .push(format!("{ISO_42001_PREFIX}{}", item.item_id)),
        FrameworkId::Iso23894 => risk
            .taxonomy
            .iso_refs
            .push(format!("{ISO_23894_PREFIX}{}", item.item_id)),
        other => risk.taxonomy.framework_refs.push(FrameworkTag {
            framework: other.key().to_owned(),
            item_id: item.item_id.clone(),
        }),
    }
}

/// Removes every tag of `risk` naming `item`.
pub fn untag(risk: &mut Risk, item: &ItemRef) {
    match item.framework_id {
        FrameworkId::NistAiRmf => risk
            .rmf_subcategories
            .retain(|s| normalise_subcategory_id(s) != item.item_id),
        FrameworkId::Iso42001 | FrameworkId::Iso23894 => {
            let prefix = if item.framework_id == FrameworkId::Iso42001 {
                ISO_42001_PREFIX
            } else {
                ISO_23894_PREFIX
            };
            risk.taxonomy
                .iso_refs
                .retain(|r| r.trim().strip_prefix(prefix).map(str::trim) != Some(&item.item_id));
        }
        other => risk
            .taxonomy
            .framework_refs
            .retain(|t| !(t.framework == other.key() && t.item_id == item.item_id)),
    }
}

/// The ids of the risks tagged with `item`, in register order.
#[must_use]
pub fn risks_tagged(project: &Project, item: &ItemRef) -> Vec<String> {
    project
        .risks
        .iter()
        .filter(|r| has_tag(r, item))
        .map(|r| r.risk_id.clone())
        .collect()
}

/// A tag naming a framework or item the shipped data does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownTag {
    /// The risk carrying it.
    pub risk_id: String,
    /// The framework key as stored.
    pub framework: String,
    /// The item id as stored.
    pub item_id: String,
}

impl std::fmt::Display for UnknownTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match FrameworkId::from_key(&self.framework) {
            Some(framework_id) => write!(
                f,
                "risk {} is tagged with {} {}, which the shipped {} data does not have",
                self.risk_id,
                framework_id.name(),
                self.item_id,
                framework_id.name()
            ),
            None => write!(
                f,
                "risk {} is tagged with {} of an unknown framework \"{}\"",
                self.risk_id, self.item_id, self.framework
            ),
        }
    }
}

/// Every tag of every risk that names nothing known, in register order.
#[must_use]
pub fn unknown_tags(project: &Project) -> Vec<UnknownTag> {
    project
        .risks
        .iter()
        .flat_map(|r| {
            tagged_items(r)
                .into_iter()
                .filter(|t| t.known.is_none())
                .map(|t| UnknownTag {
                    risk_id: r.risk_id.clone(),
                    framework: t.framework,
                    item_id: t.item_id,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_where_each_kind_belongs_and_read_back_as_one_list() {
        let mut risk = Risk::new("R-1");
        tag(
            &mut risk,
            &ItemRef::new(FrameworkId::NistAiRmf, "MEASURE 2.11"),
        );
        tag(&mut risk, &ItemRef::new(FrameworkId::Iso42001, "A.6.2.4"));
        tag(&mut risk, &ItemRef::new(FrameworkId::EuAiAct, "Art. 15"));
        tag(
            &mut risk,
            &ItemRef::new(FrameworkId::NistGenAi, "confabulation"),
        );
        tag(&mut risk, &ItemRef::new(FrameworkId::EuAiAct, "Art. 15"));
        assert_eq!(risk.rmf_subcategories, ["MEASURE 2.11"]);
        assert_eq!(risk.taxonomy.iso_refs, ["ISO/IEC 42001 A.6.2.4"]);
        assert_eq!(risk.taxonomy.framework_refs.len(), 2);
        let items: Vec<String> = tagged_items(&risk)
            .iter()
            .map(|t| t.known.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(
            items,
            [
                "NIST AI RMF MEASURE 2.11",
                "ISO/IEC 42001 A.6.2.4",
                "EU AI Act Art. 15",
                "NIST AI 600-1 confabulation"
            ]
        );
        untag(&mut risk, &ItemRef::new(FrameworkId::Iso42001, "A.6.2.4"));
        untag(&mut risk, &ItemRef::new(FrameworkId::EuAiAct, "Art. 15"));
        assert!(risk.taxonomy.iso_refs.is_empty());
        assert_eq!(risk.taxonomy.framework_refs.len(), 1);
    }
}
