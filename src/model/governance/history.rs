//! A decision's history: every vote cast (including votes a member later replaced), every veto with who
//! vetoed and when, and when and by whom it was lifted, in date order. The screen and the plan show it.

use super::Decision;
use crate::model::IsoDate;

/// One event in a decision's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// When (unknown for votes recorded before votes carried a date).
    pub date: Option<IsoDate>,
    /// What happened, in a sentence: "Ada Lovelace voted for", "vetoed by Grace Okafor: …".
    pub text: String,
}

impl std::fmt::Display for HistoryEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.date {
            Some(d) => write!(f, "{d} {}", self.text),
            None => write!(f, "(no date) {}", self.text),
        }
    }
}

/// The decision's votes and vetoes in date order (undated events first, each kind in the order recorded).
///
/// ```
/// use riskbench::model::governance::history::history;
/// use riskbench::model::governance::{BoardMember, Decision, Governance, VoteChoice, rules};
/// use riskbench::model::IsoDate;
/// let mut g = Governance::default();
/// g.board.members.push(BoardMember { name: "Ada".into(), can_veto: true, ..Default::default() });
/// g.decisions.push(Decision { decision_id: "D-1".into(), ..Default::default() });
/// let day = |d| IsoDate::from_ymd(2026, 12, d);
/// rules::veto(&mut g, "D-1", "Ada", "bias test first", day(1)).unwrap();
/// rules::lift_veto(&mut g, "D-1", "Ada", "test passed", day(3)).unwrap();
/// rules::cast_vote_on(&mut g, "D-1", "Ada", VoteChoice::For, day(4)).unwrap();
/// let lines: Vec<String> = history(&g.decisions[0]).iter().map(ToString::to_string).collect();
/// assert_eq!(lines, [
///     "2026-12-01 vetoed by Ada: bias test first",
///     "2026-12-03 veto lifted by Ada: test passed",
///     "2026-12-04 Ada voted for",
/// ]);
/// ```
#[must_use]
pub fn history(d: &Decision) -> Vec<HistoryEntry> {
    let mut out = Vec::new();
    for v in &d.earlier_votes {
        out.push(HistoryEntry {
            date: v.date,
            text: format!(
                "{} voted {} (replaced by a later vote)",
                v.member,
                v.choice.label().to_lowercase()
            ),
        });
    }
    for v in &d.votes {
        out.push(HistoryEntry {
            date: v.date,
            text: format!("{} voted {}", v.member, v.choice.label().to_lowercase()),
        });
    }
    for veto in d.earlier_vetoes.iter().chain(&d.veto) {
        out.push(HistoryEntry {
            date: veto.date,
            text: format!("vetoed by {}: {}", veto.by, veto.reason),
        });
        if let Some(l) = &veto.lifted {
            out.push(HistoryEntry {
                date: l.date,
                text: if l.reason.is_empty() {
                    format!("veto lifted by {}", l.by)
                } else {
                    format!("veto lifted by {}: {}", l.by, l.reason)
                },
            });
        }
    }
    out.sort_by_key(|e| e.date);
    out
}
