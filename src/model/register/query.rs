//! The register view's rules: which risks a filter keeps, in which order, which are flagged and when their next
//! action is due. The register screen and the PDF's register tables use these functions, so both list the same
//! risks in the same order.

use super::{Rating, Risk, RiskStatus, TreatmentOption};
use crate::model::date::IsoDate;
use crate::model::ids::id_order;
use crate::model::settings::Settings;

/// Which rating of a risk: before (inherent) or after (residual) its controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// Before controls.
    Inherent,
    /// After controls.
    Residual,
}

impl Which {
    /// "Inherent" or "Residual".
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Inherent => "Inherent",
            Self::Residual => "Residual",
        }
    }

    /// The rating of `risk` this stands for.
    #[must_use]
    pub const fn rating(self, risk: &Risk) -> Option<Rating> {
        match self {
            Self::Inherent => risk.inherent,
            Self::Residual => risk.residual,
        }
    }
}

/// What the register can be sorted by (ties are broken by id order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Id, `R-2` before `R-10` ([`id_order`]).
    Id,
    /// Title, ignoring case.
    Title,
    /// Owner, ignoring case.
    Owner,
    /// Inherent score; unrated first.
    Inherent,
    /// Residual score; unrated first.
    Residual,
    /// Treatment label; none first.
    Treatment,
    /// Status in life-cycle order.
    Status,
    /// Review date; none first.
    Review,
    /// Due date of the earliest open action ([`next_due`]); none first.
    NextDue,
}

/// A filter and sort order of the register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterQuery {
    /// Text searched (ignoring case) in id, title, description, owner and affected groups; blank keeps all.
    pub text: String,
    /// Only risks with this status.
    pub status: Option<RiskStatus>,
    /// Only risks rated in this heat-map cell: rating, likelihood level, impact level.
    pub cell: Option<(Which, u8, u8)>,
    /// Only risks that [`is_flagged`].
    pub flagged_only: bool,
    /// Sort key.
    pub sort: SortKey,
    /// Ascending (else descending, ties included).
    pub ascending: bool,
}

impl Default for RegisterQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            status: None,
            cell: None,
            flagged_only: false,
            sort: SortKey::Id,
            ascending: true,
        }
    }
}

impl RegisterQuery {
    /// Whether `risk` passes the filters.
    #[must_use]
    pub fn keeps(&self, risk: &Risk, settings: &Settings, today: IsoDate) -> bool {
        let needle = self.text.trim().to_lowercase();
        self.status.is_none_or(|s| risk.status == s)
            && self.cell.is_none_or(|(which, l, i)| {
                which
                    .rating(risk)
                    .is_some_and(|x| x.likelihood == l && x.impact == i)
            })
            && (!self.flagged_only || is_flagged(risk, settings, today))
            && (needle.is_empty()
                || [
                    &risk.risk_id,
                    &risk.title,
                    &risk.description,
                    &risk.owner,
                    &risk.affected_groups.join(" "),
                ]
                .iter()
                .any(|t| t.to_lowercase().contains(&needle)))
    }

    /// Indices into `risks` of the risks kept, in display order.
    #[must_use]
    pub fn rows(&self, risks: &[Risk], settings: &Settings, today: IsoDate) -> Vec<usize> {
        let mut rows: Vec<usize> = risks
            .iter()
            .enumerate()
            .filter(|(_, r)| self.keeps(r, settings, today))
            .map(|(i, _)| i)
            .collect();
        rows.sort_by(|&a, &b| {
            let (x, y) = (&risks[a], &risks[b]);
            let order = match self.sort {
                SortKey::Id => id_order(&x.risk_id).cmp(&id_order(&y.risk_id)),
                SortKey::Title => x.title.to_lowercase().cmp(&y.title.to_lowercase()),
                SortKey::Owner => x.owner.to_lowercase().cmp(&y.owner.to_lowercase()),
                SortKey::Inherent => x
                    .inherent
                    .map(Rating::score)
                    .cmp(&y.inherent.map(Rating::score)),
                SortKey::Residual => x
                    .residual
                    .map(Rating::score)
                    .cmp(&y.residual.map(Rating::score)),
                SortKey::Treatment => x
                    .treatment
                    .map(TreatmentOption::label)
                    .cmp(&y.treatment.map(TreatmentOption::label)),
                SortKey::Status => status_rank(x.status).cmp(&status_rank(y.status)),
                SortKey::Review => x.review_date.cmp(&y.review_date),
                SortKey::NextDue => next_due(x).cmp(&next_due(y)),
            }
            .then_with(|| id_order(&x.risk_id).cmp(&id_order(&y.risk_id)));
            if self.ascending {
                order
            } else {
                order.reverse()
            }
        });
        rows
    }
}

/// Position of `status` in the life cycle (Open first, Closed last).
fn status_rank(status: RiskStatus) -> usize {
    RiskStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(usize::MAX)
}

/// The earliest due date of an action still to do ([`crate::model::fmea::ActionStatus::is_open`]).
#[must_use]
pub fn next_due(risk: &Risk) -> Option<IsoDate> {
    risk.actions
        .iter()
        .filter(|a| a.status.is_open())
        .filter_map(|a| a.due)
        .min()
}

/// Whether the residual risk is above its appetite and not formally accepted.
#[must_use]
pub fn is_above_appetite(risk: &Risk, settings: &Settings) -> bool {
    risk.status != RiskStatus::Accepted && !risk.appetite_breaches(settings).is_empty()
}

/// Whether the register flags `risk`: a needs-review flag, overdue actions, a passed review date (unless
/// closed), or a residual risk above appetite that is not accepted.
#[must_use]
pub fn is_flagged(risk: &Risk, settings: &Settings, today: IsoDate) -> bool {
    risk.needs_review.is_some()
        || !risk.overdue_actions(today).is_empty()
        || (risk.status != RiskStatus::Closed && risk.review_date.is_some_and(|d| d < today))
        || is_above_appetite(risk, settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fmea::ActionStatus;
    use crate::model::register::Action;

    fn d(text: &str) -> IsoDate {
        text.parse().unwrap()
    }

    fn risk(id: &str, title: &str) -> Risk {
        Risk {
            title: title.to_owned(),
            ..Risk::new(id)
        }
    }

    fn action(due: &str, status: ActionStatus) -> Action {
        Action {
            due: Some(d(due)),
            status,
            ..Action::default()
        }
    }

    #[test]
    fn rows_sort_ids_numerically_and_filter_by_text_and_status() {
        let mut risks = vec![
            risk("R-10", "Drift"),
            risk("R-2", "Gender bias"),
            risk("R-1", "Age bias"),
        ];
        risks[0].status = RiskStatus::Closed;
        let settings = Settings::default();
        let today = d("2026-12-05");
        let all = RegisterQuery::default();
        assert_eq!(all.rows(&risks, &settings, today), vec![2, 1, 0]);
        let bias = RegisterQuery {
            text: " BIAS ".to_owned(),
            ..RegisterQuery::default()
        };
        assert_eq!(bias.rows(&risks, &settings, today), vec![2, 1]);
        let closed = RegisterQuery {
            status: Some(RiskStatus::Closed),
            ..RegisterQuery::default()
        };
        assert_eq!(closed.rows(&risks, &settings, today), vec![0]);
        let by_title_desc = RegisterQuery {
            sort: SortKey::Title,
            ascending: false,
            ..RegisterQuery::default()
        };
        assert_eq!(by_title_desc.rows(&risks, &settings, today), vec![1, 0, 2]);
    }

    #[test]
    fn cell_filter_keeps_the_risks_rated_in_that_cell() {
        let mut risks = vec![risk("R-1", "a"), risk("R-2", "b")];
        risks[0].inherent = Some(Rating::new(4, 5));
        risks[1].inherent = Some(Rating::new(4, 4));
        risks[1].residual = Some(Rating::new(4, 5));
        let q = RegisterQuery {
            cell: Some((Which::Residual, 4, 5)),
            ..RegisterQuery::default()
        };
        assert_eq!(
            q.rows(&risks, &Settings::default(), d("2026-12-05")),
            vec![1]
        );
    }

    #[test]
    fn next_due_is_the_earliest_open_action() {
        let mut r = risk("R-1", "a");
        assert_eq!(next_due(&r), None);
        r.actions = vec![
            action("2026-01-01", ActionStatus::Done),
            action("2026-03-01", ActionStatus::InProgress),
            action("2026-02-01", ActionStatus::Open),
            action("2025-12-01", ActionStatus::NotImplemented),
        ];
        assert_eq!(next_due(&r), Some(d("2026-02-01")));
    }

    #[test]
    fn flags_overdue_actions_passed_reviews_and_needs_review() {
        let settings = Settings::default();
        let today = d("2026-12-05");
        let mut r = risk("R-1", "a");
        assert!(!is_flagged(&r, &settings, today));
        r.review_date = Some(d("2026-12-04"));
        assert!(is_flagged(&r, &settings, today));
        r.status = RiskStatus::Closed;
        assert!(
            !is_flagged(&r, &settings, today),
            "a closed risk is not reviewed"
        );
        r.actions = vec![action("2026-12-01", ActionStatus::Open)];
        assert!(is_flagged(&r, &settings, today), "overdue action");
        r.actions = vec![action("2026-12-01", ActionStatus::Done)];
        assert!(!is_flagged(&r, &settings, today));
        r.needs_review = Some("dataset changed".to_owned());
        assert!(is_flagged(&r, &settings, today));
        let q = RegisterQuery {
            flagged_only: true,
            ..RegisterQuery::default()
        };
        assert_eq!(q.rows(&[risk("R-2", "b"), r], &settings, today), vec![1]);
    }
}
