//! What a workshop session created or changed in the project: while a session runs it holds a fingerprint of
//! every risk, bow-tie, barrier and FMEA row as they were when it started ([`Recording`]); comparing the
//! project with it names the items the session created, changed or removed, whichever screen made the change
//! (the bow-tie and FMEA editors in presentation mode, the register, a promotion). When the session ends the
//! list is kept as the session's outputs ([`SessionOutput`]), which the session record and the plan's
//! "Method and participants" show.
//!
//! A fingerprint is the SHA-256 of the item's serde form, so any edit of an item counts as a change; the
//! recording is part of the project file, so a session survives closing the app.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::model::IsoDate;
use crate::model::Project;
use crate::model::ids::id_order;

/// What kind of item a session output is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub enum OutputKind {
    /// A risk of the register.
    #[default]
    Risk,
    /// A bow-tie diagram.
    BowTie,
    /// A barrier of the bow-tie library.
    Barrier,
    /// A row of an FMEA worksheet.
    FmeaRow,
}

impl OutputKind {
    /// Label for tables ("FMEA row").
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Risk => "Risk",
            Self::BowTie => "Bow-tie",
            Self::Barrier => "Barrier",
            Self::FmeaRow => "FMEA row",
        }
    }
}

/// What the session did to an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub enum OutputChange {
    /// It did not exist when the session started.
    #[default]
    Created,
    /// It existed and was edited.
    Changed,
    /// It existed and was deleted.
    Removed,
}

impl OutputChange {
    /// Lower-case label ("created").
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Changed => "changed",
            Self::Removed => "removed",
        }
    }
}

/// An item a session created, changed or removed.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionOutput {
    /// What kind of item.
    pub kind: OutputKind,
    /// Its id (`R-4`, `BT-2`, `B-7`, `FM-3`).
    pub item_id: String,
    /// The worksheet of an FMEA row (empty for other kinds).
    pub within: String,
    /// What the session did to it.
    pub change: OutputChange,
    /// Its title (name, failure mode) when the session ended; empty for a removed item.
    pub title: String,
}

impl SessionOutput {
    /// "FMEA row FM-3 (fmea-1) 'Label noise in repayment history' created".
    #[must_use]
    pub fn describe(&self) -> String {
        let within = if self.within.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.within)
        };
        let title = if self.title.is_empty() {
            String::new()
        } else {
            format!(" '{}'", self.title)
        };
        format!(
            "{} {}{within}{title} {}",
            self.kind.label(),
            self.item_id,
            self.change.label()
        )
    }
}

/// The fingerprint of one item when a session started.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ItemPrint {
    /// What kind of item.
    pub kind: OutputKind,
    /// Its id.
    pub item_id: String,
    /// The worksheet of an FMEA row (empty for other kinds).
    pub within: String,
    /// SHA-256 of its serde form (lowercase hex).
    pub sha256: String,
}

/// A running session's record of the project as it was when the session started.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Recording {
    /// The day the session started.
    pub started: Option<IsoDate>,
    /// The items then, with their fingerprints.
    pub items: Vec<ItemPrint>,
}

/// One item of the project as a session sees it: its kind, id, worksheet, fingerprint and title.
struct Item {
    print: ItemPrint,
    title: String,
}

fn fingerprint<T: Serialize>(value: &T) -> String {
    use std::fmt::Write as _;
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn item<T: Serialize>(
    kind: OutputKind,
    item_id: &str,
    within: &str,
    title: &str,
    value: &T,
) -> Item {
    Item {
        print: ItemPrint {
            kind,
            item_id: item_id.to_owned(),
            within: within.to_owned(),
            sha256: fingerprint(value),
        },
        title: title.trim().to_owned(),
    }
}

fn items(project: &Project) -> Vec<Item> {
    let mut out = Vec::new();
    for r in &project.risks {
        out.push(item(OutputKind::Risk, &r.risk_id, "", &r.title, r));
    }
    for b in &project.bowties.diagrams {
        out.push(item(OutputKind::BowTie, &b.bowtie_id, "", &b.title, b));
    }
    for b in &project.bowties.barriers {
        out.push(item(OutputKind::Barrier, &b.barrier_id, "", &b.name, b));
    }
    for w in &project.fmea_worksheets {
        for r in &w.rows {
            out.push(item(
                OutputKind::FmeaRow,
                &r.row_id,
                &w.worksheet_id,
                &r.failure_mode,
                r,
            ));
        }
    }
    out
}

/// The recording a session starts with: every risk, bow-tie, barrier and FMEA row of `project` now.
#[must_use]
pub fn start(project: &Project, today: Option<IsoDate>) -> Recording {
    Recording {
        started: today,
        items: items(project).into_iter().map(|i| i.print).collect(),
    }
}

fn same_item(a: &ItemPrint, b: &ItemPrint) -> bool {
    a.kind == b.kind && a.item_id == b.item_id && a.within == b.within
}

/// The items `project` holds that were created or changed since `recording` started, and the ones removed,
/// in kind order, then by worksheet and id.
///
/// ```
/// use riskbench::model::workshop::session::{OutputChange, OutputKind, start, touched};
/// use riskbench::model::{IsoDate, Project};
/// let mut p = Project::blank("Loans", IsoDate::from_ymd(2026, 12, 1).unwrap());
/// let rec = start(&p, None);
/// let id = p.bowties.new_bowtie("Unfair refusal").unwrap();
/// let out = touched(&rec, &p);
/// assert_eq!(out.len(), 1);
/// assert_eq!((out[0].kind, out[0].item_id.as_str(), out[0].change), (OutputKind::BowTie, id.as_str(), OutputChange::Created));
/// ```
#[must_use]
pub fn touched(recording: &Recording, project: &Project) -> Vec<SessionOutput> {
    let now = items(project);
    let mut out: Vec<SessionOutput> = Vec::new();
    for i in &now {
        let change = match recording.items.iter().find(|p| same_item(p, &i.print)) {
            None => OutputChange::Created,
            Some(p) if p.sha256 != i.print.sha256 => OutputChange::Changed,
            Some(_) => continue,
        };
        out.push(SessionOutput {
            kind: i.print.kind,
            item_id: i.print.item_id.clone(),
            within: i.print.within.clone(),
            change,
            title: i.title.clone(),
        });
    }
    for p in &recording.items {
        if !now.iter().any(|i| same_item(&i.print, p)) {
            out.push(SessionOutput {
                kind: p.kind,
                item_id: p.item_id.clone(),
                within: p.within.clone(),
                change: OutputChange::Removed,
                title: String::new(),
            });
        }
    }
    out.sort_by(|a, b| {
        (a.kind, &a.within, id_order(&a.item_id)).cmp(&(b.kind, &b.within, id_order(&b.item_id)))
    });
    out
}
