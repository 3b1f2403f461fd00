//! The audit trail: who changed what in the project, and when, kept in the project file.
//!
//! Entries are append-only. Each holds its author, a UTC timestamp (RFC 3339), readable summaries of the
//! changes ("R-3 residual likelihood 4 → 2") computed by diffing the previously recorded project against the
//! new one ([`diff::describe_changes`]), the SHA-256 of the project's content after the change, and the SHA-256
//! of the previous entry; its own SHA-256 is taken over a canonical serialisation of all of that. [`verify`]
//! then detects an edited entry (its hash no longer matches), a removed or reordered entry (the sequence
//! numbers and the links to the previous hash no longer match), and, with [`verify_state`], changes to the
//! project made after the last entry without being recorded (an edit outside Riskbench, or a removed newest
//! entry). The chain proves the trail was not tampered with by hand; it is not a signature: someone who
//! rewrites every hash with the same algorithm can forge it, which is why the report prints the newest
//! hash (a signed PDF anchors it).
//!
//! Changes are recorded when the project is saved (GUI) and when a command line mutation writes it, by
//! [`record`]: whatever screen or command made the change, the diff sees it. Nothing here reads the clock or
//! the user's name: both are passed in.

pub mod diff;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::project::Project;

/// The hash that stands before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The append-only list of recorded changes.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct AuditTrail {
    /// Entries, oldest first.
    #[serde(default)]
    pub entries: Vec<TrailEntry>,
}

/// One recorded change of the project.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct TrailEntry {
    /// Position in the trail, from 1.
    pub seq: u64,
    /// When, in UTC (RFC 3339, whole seconds: `2026-12-05T14:47:44Z`).
    pub at: String,
    /// Who made the change (the user's name from the settings, or the account name on the command line).
    pub author: String,
    /// What changed, one readable line per change.
    pub changes: Vec<String>,
    /// SHA-256 of the project's content after the change (see [`state_sha256`]).
    pub state_sha256: String,
    /// SHA-256 of the previous entry ([`GENESIS`] for the first).
    pub prev_sha256: String,
    /// SHA-256 of this entry's canonical serialisation (see [`entry_sha256`]).
    pub sha256: String,
}

impl AuditTrail {
    /// Whether nothing was recorded yet (the trail is then left out of the file).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The newest entry.
    #[must_use]
    pub fn last(&self) -> Option<&TrailEntry> {
        self.entries.last()
    }
}

/// The canonical form an entry's hash is taken over: every field but the hash itself, as compact JSON in a
/// fixed field order (strings escaped, so no two different entries serialise alike).
#[derive(Serialize)]
struct Canonical<'a> {
    seq: u64,
    at: &'a str,
    author: &'a str,
    changes: &'a [String],
    state_sha256: &'a str,
    prev_sha256: &'a str,
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The SHA-256 (lowercase hex) of an entry's canonical serialisation; the stored `sha256` is not part of it.
#[must_use]
pub fn entry_sha256(entry: &TrailEntry) -> String {
    let canonical = Canonical {
        seq: entry.seq,
        at: &entry.at,
        author: &entry.author,
        changes: &entry.changes,
        state_sha256: &entry.state_sha256,
        prev_sha256: &entry.prev_sha256,
    };
    let bytes = serde_json::to_vec(&canonical).unwrap_or_default();
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of a project's content, leaving out what a save stamps or what cannot be part of it: the audit
/// trail itself, the schema version (a migration is not a change) and the last-saved date.
#[must_use]
pub fn state_sha256(project: &Project) -> String {
    let bytes = serde_json::to_vec(&diff::comparable(project)).unwrap_or_default();
    hex(&Sha256::digest(bytes))
}

/// The name to record when the user gave none: `RISKBENCH_USER`, else the account name (`USER`, `USERNAME`),
/// else "unknown user". `var` looks an environment variable up (passed in: nothing here reads the environment).
///
/// ```
/// use riskbench::model::audit_trail::account_name;
/// assert_eq!(account_name(|k| (k == "USER").then(|| "ada".to_owned())), "ada");
/// assert_eq!(account_name(|_| None), "unknown user");
/// ```
pub fn account_name(var: impl Fn(&str) -> Option<String>) -> String {
    ["RISKBENCH_USER", "USER", "USERNAME"]
        .iter()
        .find_map(|k| {
            var(k)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        })
        .unwrap_or_else(|| "unknown user".to_owned())
}

/// Formats a moment as the trail stores it: UTC, RFC 3339, whole seconds.
#[must_use]
pub fn timestamp(at: time::OffsetDateTime) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    let utc = utc.replace_nanosecond(0).unwrap_or(utc);
    utc.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Records the change from `previous` (the project as last recorded; `None` when `current` is newly created)
/// to `current`: `current`'s trail is replaced by `previous`'s (the trail is append-only, so an undo cannot
/// drop recorded entries) and, when anything changed, one entry is appended. Returns the new entry.
///
/// ```
/// use riskbench::model::audit_trail::{record, verify};
/// use riskbench::model::{IsoDate, Project};
/// let before = Project::blank("Loan model", IsoDate::from_ymd(2026, 12, 1).unwrap());
/// let mut after = before.clone();
/// after.metadata.owner = "Credit risk".to_owned();
/// let at = time::macros::datetime!(2026-12-05 14:00 UTC);
/// let entry = record(Some(&before), &mut after, "Ada", at).unwrap();
/// assert_eq!(entry.changes, ["owner '' → 'Credit risk'"]);
/// assert!(verify(&after.audit_trail).is_empty());
/// ```
pub fn record<'a>(
    previous: Option<&Project>,
    current: &'a mut Project,
    author: &str,
    at: time::OffsetDateTime,
) -> Option<&'a TrailEntry> {
    let changes = match previous {
        Some(previous) => {
            current.audit_trail = previous.audit_trail.clone();
            diff::describe_changes(previous, current)
        }
        None => vec![format!(
            "created project '{}'",
            current.metadata.system_name
        )],
    };
    if changes.is_empty() {
        return None;
    }
    let prev = current
        .audit_trail
        .last()
        .map_or_else(|| GENESIS.to_owned(), |e| e.sha256.clone());
    let seq = current.audit_trail.last().map_or(1, |e| e.seq + 1);
    let mut entry = TrailEntry {
        seq,
        at: timestamp(at),
        author: author.trim().to_owned(),
        changes,
        state_sha256: state_sha256(current),
        prev_sha256: prev,
        sha256: String::new(),
    };
    entry.sha256 = entry_sha256(&entry);
    current.audit_trail.entries.push(entry);
    current.audit_trail.last()
}

/// What is wrong with a trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainProblem {
    /// The entry at `position` (from 1) carries another sequence number: entries were removed or reordered.
    Sequence {
        /// Position in the file, from 1.
        position: usize,
        /// The number it should carry.
        expected: u64,
        /// The number it carries.
        found: u64,
    },
    /// An entry does not point at the entry before it: one was removed or the order changed.
    Link {
        /// The entry's sequence number.
        seq: u64,
    },
    /// An entry's content no longer matches its hash: it was edited.
    Edited {
        /// The entry's sequence number.
        seq: u64,
    },
    /// The project differs from the content recorded by the newest entry: it was changed without being
    /// recorded (edited outside Riskbench, or the newest entry was removed).
    Unrecorded {
        /// The newest entry's sequence number.
        seq: u64,
    },
}

impl std::fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sequence {
                position,
                expected,
                found,
            } => write!(
                f,
                "entry {position} of the audit trail is numbered {found}, expected {expected}: entries were \
                 removed or reordered"
            ),
            Self::Link { seq } => write!(
                f,
                "audit trail entry {seq} does not follow the entry before it (its previous hash differs): an \
                 entry was removed or the order changed"
            ),
            Self::Edited { seq } => write!(
                f,
                "audit trail entry {seq} was edited after it was recorded (its SHA-256 does not match its content)"
            ),
            Self::Unrecorded { seq } => write!(
                f,
                "the project differs from what audit trail entry {seq} recorded: it was changed without being \
                 recorded (edited outside Riskbench, or newer entries were removed)"
            ),
        }
    }
}

/// Checks the chain: sequence numbers 1, 2, 3…, each entry's hash over its content, each entry's link to the
/// one before. An empty list means the chain is intact.
#[must_use]
pub fn verify(trail: &AuditTrail) -> Vec<ChainProblem> {
    let mut problems = Vec::new();
    let mut prev = GENESIS.to_owned();
    for (i, entry) in trail.entries.iter().enumerate() {
        let expected = u64::try_from(i + 1).unwrap_or(u64::MAX);
        if entry.seq != expected {
            problems.push(ChainProblem::Sequence {
                position: i + 1,
                expected,
                found: entry.seq,
            });
        }
        if entry_sha256(entry) != entry.sha256 {
            problems.push(ChainProblem::Edited { seq: entry.seq });
        }
        if entry.prev_sha256 != prev {
            problems.push(ChainProblem::Link { seq: entry.seq });
        }
        prev.clone_from(&entry.sha256);
    }
    problems
}

/// [`verify`], and whether the project still holds what the newest entry recorded.
#[must_use]
pub fn verify_state(project: &Project) -> Vec<ChainProblem> {
    let mut problems = verify(&project.audit_trail);
    if let Some(last) = project.audit_trail.last()
        && last.state_sha256 != state_sha256(project)
    {
        problems.push(ChainProblem::Unrecorded { seq: last.seq });
    }
    problems
}

#[cfg(test)]
mod tests;
