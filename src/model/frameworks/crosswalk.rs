//! The crosswalk between NIST AI RMF subcategories and ISO/IEC 42001, ISO/IEC 23894 and EU AI Act articles
//! (`assets/frameworks/crosswalk.json`), read in both directions.
//!
//! Every relation says where it comes from: [`Basis::Published`] with the source (NIST's crosswalks to
//! ISO/IEC 42001 and, at function level only, to ISO/IEC 23894) or [`Basis::Judgement`] (Riskbench's own, as
//! the data file marks it). The NIST subcategory is the hub; [`related`] gives the direct relations of an
//! item of any of the four frameworks; [`derived`] the relations one step further through a NIST subcategory
//! (an ISO/IEC 42001 control → GOVERN 1.1 → EU AI Act Art. 9), marked [`Basis::Derived`] with the subcategory
//! they pass through: neither published nor judged one by one, so they are shown apart and never printed as
//! the crosswalk itself.

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use super::catalog::{array_at, article_item_id, parse, str_at, strings_at};
use super::{FrameworkId, ItemRef};

const CROSSWALK_JSON: &str = include_str!("../../../assets/frameworks/crosswalk.json");

/// Where a relation comes from (JSON: `{"mapping": "published", "source": "…"}` or `{"mapping": "judgement"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "mapping", content = "source", rename_all = "kebab-case")]
pub enum Basis {
    /// A published crosswalk; the text names it.
    Published(String),
    /// Riskbench's judgement.
    Judgement,
    /// Derived through the NIST AI RMF subcategory named (two relations chained at the NIST hub); neither
    /// published nor judged as such.
    Derived(String),
}

impl Basis {
    /// "published (NIST AI RMF to ISO/IEC 42001 crosswalk)" or "Riskbench judgement".
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Published(source) => format!("published ({source})"),
            Self::Judgement => "Riskbench judgement".to_owned(),
            Self::Derived(via) => format!("derived through NIST AI RMF {via}"),
        }
    }
}

/// One relation between a NIST AI RMF subcategory and an item of another framework.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    /// The NIST AI RMF subcategory.
    pub nist: ItemRef,
    /// The related item (ISO/IEC 42001, ISO/IEC 23894 or EU AI Act).
    pub other: ItemRef,
    /// Published or judgement.
    pub basis: Basis,
    /// Set when the published source relates a whole NIST function, not this subcategory.
    pub function_level: bool,
}

/// The crosswalk: every relation, and its attribution line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Crosswalk {
    /// The attribution line of the published rows.
    pub attribution: String,
    /// Every relation, in row order.
    pub relations: Vec<Relation>,
}

/// Names of the published sources, by the data file's source key.
fn source_name(key: &str) -> String {
    match key {
        "nist-42001-crosswalk" => "NIST AI RMF to ISO/IEC FDIS 42001 crosswalk".to_owned(),
        "nist-23894-crosswalk" => "NIST crosswalk AI RMF 1.0 and ISO/IEC FDIS 23894".to_owned(),
        other => other.to_owned(),
    }
}

fn basis(target: &Value) -> Basis {
    if target.get("mapping").and_then(Value::as_str) == Some("published") {
        Basis::Published(source_name(
            target
                .get("source")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        ))
    } else {
        Basis::Judgement
    }
}

fn build() -> Result<Crosswalk, String> {
    let root = parse(CROSSWALK_JSON)?;
    let core = crate::model::taxonomy::rmf_core()?;
    let mut relations = Vec::new();
    let mut push =
        |nist: &str, framework_id: FrameworkId, item_id: String, basis: &Basis, function_level| {
            let relation = Relation {
                nist: ItemRef::new(FrameworkId::NistAiRmf, nist),
                other: ItemRef {
                    framework_id,
                    item_id,
                },
                basis: basis.clone(),
                function_level,
            };
            if !relations.contains(&relation) {
                relations.push(relation);
            }
        };
    let rows = array_at(&root, "rows")?;
    for row in rows {
        let nist = str_at(row, "nist_ai_rmf")?;
        if let Some(target) = row.get("iso_iec_42001") {
            let b = basis(target);
            for id in strings_at(target, "annex_a")
                .into_iter()
                .chain(strings_at(target, "clauses"))
            {
                push(nist, FrameworkId::Iso42001, id, &b, false);
            }
        }
        if let Some(target) = row.get("iso_iec_23894") {
            let b = basis(target);
            for id in strings_at(target, "clauses") {
                push(nist, FrameworkId::Iso23894, id, &b, false);
            }
        }
        if let Some(target) = row.get("eu_ai_act") {
            let b = basis(target);
            for article in strings_at(target, "articles") {
                push(
                    nist,
                    FrameworkId::EuAiAct,
                    article_item_id(&article),
                    &b,
                    false,
                );
            }
        }
    }
    for row in array_at(&root, "function_level_iso_iec_23894")? {
        let function = str_at(row, "nist_ai_rmf_function")?;
        let b = basis(row);
        let Some(f) = core.functions.iter().find(|f| f.id == function) else {
            return Err(format!("no NIST AI RMF function {function}"));
        };
        for sub in f.categories.iter().flat_map(|c| &c.subcategories) {
            for id in strings_at(row, "iso_iec_23894") {
                push(&sub.id, FrameworkId::Iso23894, id, &b, true);
            }
        }
    }
    Ok(Crosswalk {
        attribution: str_at(&root, "attribution")?.to_owned(),
        relations,
    })
}

/// The shipped crosswalk (parsed once).
///
/// # Errors
/// Only if the embedded asset is malformed, which the test suite rules out.
pub fn crosswalk() -> Result<&'static Crosswalk, String> {
    static CROSSWALK: OnceLock<Result<Crosswalk, String>> = OnceLock::new();
    CROSSWALK
        .get_or_init(|| build().map_err(|e| format!("the crosswalk asset is malformed: {e}")))
        .as_ref()
        .map_err(Clone::clone)
}

/// An item related to another, and on what basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// The related item.
    pub item: ItemRef,
    /// Published or judgement.
    pub basis: Basis,
    /// Set when the source relates a whole NIST function.
    pub function_level: bool,
}

/// The items of the other frameworks related to `item` (direct relations only: a NIST subcategory shows its
/// ISO/IEC 42001, ISO/IEC 23894 and EU AI Act items; any of those shows its NIST subcategories). Subcategory
/// relations come before function-level ones; each item once per basis.
#[must_use]
pub fn related(item: &ItemRef) -> Vec<Related> {
    let Ok(crosswalk) = crosswalk() else {
        return Vec::new();
    };
    let mut found: Vec<Related> = crosswalk
        .relations
        .iter()
        .filter_map(|r| {
            let other = if r.nist == *item {
                r.other.clone()
            } else if r.other == *item {
                r.nist.clone()
            } else {
                return None;
            };
            Some(Related {
                item: other,
                basis: r.basis.clone(),
                function_level: r.function_level,
            })
        })
        .collect();
    found.sort_by_key(|r| r.function_level);
    let mut seen: Vec<(ItemRef, Basis)> = Vec::new();
    found.retain(|r| {
        let key = (r.item.clone(), r.basis.clone());
        if seen.contains(&key) {
            false
        } else {
            seen.push(key);
            true
        }
    });
    found
}

/// The items related to `item` through a NIST AI RMF subcategory, without a direct relation of their own:
/// for an item of ISO/IEC 42001, ISO/IEC 23894 or the EU AI Act, the items of the *other* two frameworks
/// that share a NIST subcategory with it (function-level relations left out). Each item once, with the first
/// subcategory it passes through, in the order of the subcategories and then of the relations. Empty for a
/// NIST subcategory (its relations are all direct) and for SAIF and the Microsoft standard (not in the
/// crosswalk).
///
/// ```
/// use riskbench::model::frameworks::crosswalk::{Basis, derived};
/// use riskbench::model::frameworks::{FrameworkId, ItemRef};
/// let found = derived(&ItemRef::new(FrameworkId::Iso42001, "A.2.2"));
/// let art5 = found.iter().find(|r| r.item == ItemRef::new(FrameworkId::EuAiAct, "Art. 5")).unwrap();
/// assert_eq!(art5.basis, Basis::Derived("GOVERN 1.1".to_owned()));
/// ```
#[must_use]
pub fn derived(item: &ItemRef) -> Vec<Related> {
    if item.framework_id == FrameworkId::NistAiRmf {
        return Vec::new();
    }
    let direct = related(item);
    let mut found: Vec<Related> = Vec::new();
    for hub in direct
        .iter()
        .filter(|r| !r.function_level && r.item.framework_id == FrameworkId::NistAiRmf)
    {
        for next in related(&hub.item) {
            let new = !next.function_level
                && next.item.framework_id != item.framework_id
                && next.item.framework_id != FrameworkId::NistAiRmf
                && !direct.iter().any(|d| d.item == next.item)
                && !found.iter().any(|f| f.item == next.item);
            if new {
                found.push(Related {
                    item: next.item,
                    basis: Basis::Derived(hub.item.item_id.clone()),
                    function_level: false,
                });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn govern_1_1_relates_to_published_iso_42001_and_judged_eu_articles() {
        let found = related(&ItemRef::new(FrameworkId::NistAiRmf, "GOVERN 1.1"));
        let iso: Vec<&str> = found
            .iter()
            .filter(|r| r.item.framework_id == FrameworkId::Iso42001)
            .map(|r| r.item.item_id.as_str())
            .collect();
        assert_eq!(iso, ["A.2.2", "A.2.4", "4.1", "6.2"]);
        assert!(
            found
                .iter()
                .filter(|r| r.item.framework_id == FrameworkId::Iso42001)
                .all(|r| matches!(r.basis, Basis::Published(_)))
        );
        let eu: Vec<&str> = found
            .iter()
            .filter(|r| r.item.framework_id == FrameworkId::EuAiAct)
            .map(|r| r.item.item_id.as_str())
            .collect();
        assert_eq!(eu, ["Art. 5", "Art. 6", "Art. 16", "Art. 50", "Art. 53"]);
        assert!(
            found
                .iter()
                .filter(|r| r.item.framework_id == FrameworkId::EuAiAct)
                .all(|r| r.basis == Basis::Judgement)
        );
        assert!(
            found
                .iter()
                .any(|r| r.function_level && r.item == ItemRef::new(FrameworkId::Iso23894, "5.2")),
            "GOVERN's function-level 23894 clauses are offered"
        );
    }

    #[test]
    fn relations_read_both_ways() {
        let back = related(&ItemRef::new(FrameworkId::Iso42001, "A.2.2"));
        assert!(
            back.iter()
                .any(|r| r.item == ItemRef::new(FrameworkId::NistAiRmf, "GOVERN 1.1"))
        );
        assert!(
            back.iter()
                .all(|r| r.item.framework_id == FrameworkId::NistAiRmf)
        );
    }

    #[test]
    fn derived_relations_pass_through_nist_and_skip_direct_and_same_framework_items() {
        let a22 = ItemRef::new(FrameworkId::Iso42001, "A.2.2");
        let found = derived(&a22);
        assert!(!found.is_empty());
        assert!(found.iter().all(|r| matches!(r.basis, Basis::Derived(_))));
        assert!(found.iter().all(|r| !matches!(
            r.item.framework_id,
            FrameworkId::Iso42001 | FrameworkId::NistAiRmf
        )));
        // Through GOVERN 1.1 (published A.2.2 relation) to its judged EU articles.
        let art5 = found
            .iter()
            .find(|r| r.item == ItemRef::new(FrameworkId::EuAiAct, "Art. 5"))
            .unwrap();
        assert_eq!(art5.basis, Basis::Derived("GOVERN 1.1".to_owned()));
        assert_eq!(art5.basis.label(), "derived through NIST AI RMF GOVERN 1.1");
        // Each item once.
        let mut ids: Vec<&ItemRef> = found.iter().map(|r| &r.item).collect();
        let total = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), total);
        // The hub itself has only direct relations.
        assert!(derived(&ItemRef::new(FrameworkId::NistAiRmf, "GOVERN 1.1")).is_empty());
        assert!(derived(&ItemRef::new(FrameworkId::Saif, "DP")).is_empty());
    }
}
