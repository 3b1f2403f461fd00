//! Evidence offered across the crosswalk: what one framework item has (linked risks, audits, validation
//! suites, drift results, documents) that a related item of another framework lacks, and applying it in one
//! step.
//!
//! What is offered is what was marked against the item itself: its checklist entry's hand-linked risks,
//! audits, validation suites, drift results and documents. Risks linked only because the register names the
//! item are not offered (the register is where those links live, and every item related to a much-named
//! subcategory would otherwise be offered them). An item is offered the evidence of its direct relations
//! ([`offers_to`]); evidence can also be given along a relation derived through a NIST subcategory, from the
//! giving item's side ([`offer`]), where the basis says it is derived. Nothing is copied until the user
//! applies an offer, and applying adds only what is missing, so applying twice changes nothing.

use serde::Serialize;

use super::checklist::{checklist, linked_risks, update};
use super::crosswalk::{Basis, related};
use super::{ItemRef, framework};
use crate::model::project::Project;

/// What `from` has that `to` lacks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvidenceOffer {
    /// The item the evidence is linked to.
    pub from: ItemRef,
    /// How `from` relates to the item offered to (published, judgement or derived).
    pub basis: Basis,
    /// Risks linked to `from` by hand and not linked to the item offered to.
    pub risk_ids: Vec<String>,
    /// Audits.
    pub audit_ids: Vec<String>,
    /// Validation suites.
    pub validation_ids: Vec<String>,
    /// Drift results.
    pub drift_ids: Vec<String>,
    /// Document references.
    pub documents: Vec<String>,
}

impl EvidenceOffer {
    /// Whether there is nothing to offer.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.risk_ids.is_empty()
            && self.audit_ids.is_empty()
            && self.validation_ids.is_empty()
            && self.drift_ids.is_empty()
            && self.documents.is_empty()
    }

    /// "2 risks, 1 audit, 1 document".
    ///
    /// ```
    /// use riskbench::model::frameworks::offer::EvidenceOffer;
    /// use riskbench::model::frameworks::crosswalk::Basis;
    /// use riskbench::model::frameworks::{FrameworkId, ItemRef};
    /// let offer = EvidenceOffer {
    ///     from: ItemRef::new(FrameworkId::NistAiRmf, "MEASURE 2.11"),
    ///     basis: Basis::Judgement,
    ///     risk_ids: vec!["R-1".into(), "R-2".into()],
    ///     audit_ids: vec!["audit-1".into()],
    ///     validation_ids: vec![],
    ///     drift_ids: vec!["drift-1".into()],
    ///     documents: vec![],
    /// };
    /// assert_eq!(offer.summary(), "2 risks, 1 audit, 1 drift result");
    /// ```
    #[must_use]
    pub fn summary(&self) -> String {
        let parts: Vec<String> = [
            (self.risk_ids.len(), "risk", "risks"),
            (self.audit_ids.len(), "audit", "audits"),
            (
                self.validation_ids.len(),
                "validation suite",
                "validation suites",
            ),
            (self.drift_ids.len(), "drift result", "drift results"),
            (self.documents.len(), "document", "documents"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        parts.join(", ")
    }
}

/// Whether `item` is an item of a checklist (only those can receive evidence).
fn on_a_checklist(item: &ItemRef) -> bool {
    item.framework_id.has_checklist()
        && framework(item.framework_id)
            .is_ok_and(|f| f.checklist_items().any(|i| i.item_id == item.item_id))
}

fn missing(from: &[String], to: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in from {
        if !to.contains(id) && !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// What `from` has that `to` lacks, offered on `basis`.
#[must_use]
pub fn offer(project: &Project, from: &ItemRef, to: &ItemRef, basis: Basis) -> EvidenceOffer {
    let source = checklist(project, from.framework_id)
        .entry(&from.item_id)
        .cloned()
        .unwrap_or_default();
    let target = checklist(project, to.framework_id)
        .entry(&to.item_id)
        .cloned()
        .unwrap_or_default();
    let linked_to: Vec<String> = linked_risks(project, to)
        .into_iter()
        .map(|l| l.risk_id)
        .collect();
    EvidenceOffer {
        from: from.clone(),
        basis,
        risk_ids: missing(&source.risk_ids, &linked_to),
        audit_ids: missing(&source.audit_ids, &target.audit_ids),
        validation_ids: missing(&source.validation_ids, &target.validation_ids),
        drift_ids: missing(&source.drift_ids, &target.drift_ids),
        documents: missing(&source.documents, &target.documents),
    }
}

/// The offers made to `to` by the items directly related to it, in crosswalk order, leaving out items with
/// nothing `to` lacks. Function-level and derived relations make no offer here.
#[must_use]
pub fn offers_to(project: &Project, to: &ItemRef) -> Vec<EvidenceOffer> {
    if !on_a_checklist(to) {
        return Vec::new();
    }
    let mut out: Vec<EvidenceOffer> = Vec::new();
    for r in related(to).into_iter().filter(|r| !r.function_level) {
        if out.iter().any(|o| o.from == r.item) {
            continue;
        }
        let o = offer(project, &r.item, to, r.basis);
        if !o.is_empty() {
            out.push(o);
        }
    }
    out
}

/// Adds what `offer` holds to the entry of `to`, leaving out what is already there (one undo step when run
/// inside `Document::edit`). Risks become hand links of `to`.
pub fn apply(project: &mut Project, to: &ItemRef, offer: &EvidenceOffer) {
    let already: Vec<String> = linked_risks(project, to)
        .into_iter()
        .map(|l| l.risk_id)
        .collect();
    update(project, to.framework_id, &to.item_id, |e| {
        let add = |list: &mut Vec<String>, ids: &[String]| {
            for id in ids {
                if !list.contains(id) {
                    list.push(id.clone());
                }
            }
        };
        let risks: Vec<String> = missing(&offer.risk_ids, &already);
        add(&mut e.risk_ids, &risks);
        add(&mut e.audit_ids, &offer.audit_ids);
        add(&mut e.validation_ids, &offer.validation_ids);
        add(&mut e.drift_ids, &offer.drift_ids);
        add(&mut e.documents, &offer.documents);
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IsoDate;
    use crate::model::frameworks::FrameworkId;
    use crate::model::register::Risk;

    fn project() -> Project {
        let mut p = Project::blank("s", IsoDate::from_ymd(2026, 9, 1).unwrap());
        p.risks.push(Risk::new("R-1"));
        p.risks.push(Risk::new("R-2"));
        p
    }

    #[test]
    fn evidence_on_one_item_is_offered_to_related_items_and_applied_once() {
        let mut p = project();
        let nist = ItemRef::new(FrameworkId::NistAiRmf, "GOVERN 1.1");
        let iso = ItemRef::new(FrameworkId::Iso42001, "A.2.2");
        let eu = ItemRef::new(FrameworkId::EuAiAct, "Art. 5");
        update(&mut p, FrameworkId::NistAiRmf, "GOVERN 1.1", |e| {
            e.drift_ids = vec!["drift-1".to_owned()];
            e.validation_ids = vec!["suite-1".to_owned()];
            e.documents = vec!["Policy P-1".to_owned()];
            e.risk_ids = vec!["R-1".to_owned()];
        });
        // A risk naming the subcategory in the register is linked to it, but not offered.
        p.risks[1].rmf_subcategories = vec!["GOVERN 1.1".to_owned()];
        // ISO A.2.2 relates to GOVERN 1.1 directly (published).
        let offers = offers_to(&p, &iso);
        assert_eq!(offers.len(), 1);
        let o = &offers[0];
        assert_eq!(o.from, nist);
        assert!(matches!(o.basis, Basis::Published(_)));
        assert_eq!(o.risk_ids, ["R-1"]);
        assert_eq!(o.validation_ids, ["suite-1"]);
        assert_eq!(o.drift_ids, ["drift-1"]);
        assert_eq!(o.documents, ["Policy P-1"]);
        assert_eq!(
            o.summary(),
            "1 risk, 1 validation suite, 1 drift result, 1 document"
        );
        apply(&mut p, &iso, o);
        let entry = checklist(&p, FrameworkId::Iso42001).entry("A.2.2").unwrap();
        assert_eq!(entry.risk_ids, ["R-1"]);
        assert_eq!(entry.drift_ids, ["drift-1"]);
        assert!(offers_to(&p, &iso).is_empty(), "nothing left to offer");
        let before = p.clone();
        apply(&mut p, &iso, o);
        assert_eq!(p, before, "applying twice changes nothing");
        // The EU article relates to GOVERN 1.1 directly (judgement): offered. It relates to the ISO control
        // only through GOVERN 1.1: the control can give along that derived relation, but makes no offer.
        let to_eu = offers_to(&p, &eu);
        assert_eq!(to_eu.len(), 1);
        assert_eq!(to_eu[0].from, nist);
        assert_eq!(to_eu[0].basis, Basis::Judgement);
        let derived = crate::model::frameworks::crosswalk::derived(&iso);
        let via = derived.iter().find(|r| r.item == eu).unwrap();
        let given = offer(&p, &iso, &eu, via.basis.clone());
        assert_eq!(given.basis, Basis::Derived("GOVERN 1.1".to_owned()));
        assert_eq!(given.risk_ids, ["R-1"]);
        apply(&mut p, &eu, &given);
        assert!(offers_to(&p, &eu).is_empty());
    }

    #[test]
    fn items_off_the_checklists_get_no_offers() {
        let p = project();
        assert!(offers_to(&p, &ItemRef::new(FrameworkId::Saif, "Data Poisoning")).is_empty());
        assert!(offers_to(&p, &ItemRef::new(FrameworkId::Iso42001, "A.99")).is_empty());
    }
}
