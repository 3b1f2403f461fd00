//! Which EU AI Act obligations apply to the assessed system, from when, and whether they are in force on a
//! given date; and the Article 27 fundamental rights impact assessment (FRIA) form.
//!
//! The rule ([`applicability`]) reads the project's tier and Annex III point (`context.eu_ai_act`) and the
//! organisation's role and profile ([`EuAiActProfile`]): Article 5 binds every operator; the high-risk duties
//! of Articles 6 and 9–17 and 72 bind providers of high-risk systems, Article 26 their deployers, Articles 14
//! and 73 both; Article 27 binds deployers of Annex III systems (except point 2) that are public bodies or
//! provide public services, and every deployer of Annex III 5(b) or 5(c) systems; Article 50 binds systems in
//! the limited-risk tier; Articles 53 and 55 bind providers of general-purpose AI models (with systemic risk
//! for 55). Application dates come from the data file: the original Article 113 dates and, where reported,
//! the dates of Regulation (EU) 2026/1744, which are shown as reported and not verified. A high-risk system
//! with no Annex III point is taken to be high-risk through Annex I (Article 6(1)), which has later dates.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::catalog::{array_at, article_item_id, parse, str_at};
use crate::model::IsoDate;
use crate::model::context::AiActClassification;
use crate::model::taxonomy::AiActTier;

const EU_JSON: &str = include_str!("../../../assets/frameworks/eu-ai-act-obligations.json");

/// The day Regulation (EU) 2026/1744 reportedly entered into force; before it, only the original dates count.
#[must_use]
pub fn amendment_in_force() -> IsoDate {
    IsoDate::from_ymd(2026, 7, 27).unwrap_or_else(|| IsoDate::from(time::Date::MIN))
}

/// The organisation's role for the assessed system under the EU AI Act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OperatorRole {
    /// Develops the system and places it on the market or puts it into service under its own name.
    #[default]
    Provider,
    /// Uses the system under its authority.
    Deployer,
    /// Both (builds and uses the system itself).
    ProviderAndDeployer,
}

impl OperatorRole {
    /// Every role, in display order.
    pub const ALL: [Self; 3] = [Self::Provider, Self::Deployer, Self::ProviderAndDeployer];

    /// Label for pickers and the report.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Provider => "Provider",
            Self::Deployer => "Deployer",
            Self::ProviderAndDeployer => "Provider and deployer",
        }
    }

    /// Whether the organisation is a provider.
    #[must_use]
    pub const fn is_provider(self) -> bool {
        matches!(self, Self::Provider | Self::ProviderAndDeployer)
    }

    /// Whether the organisation is a deployer.
    #[must_use]
    pub const fn is_deployer(self) -> bool {
        matches!(self, Self::Deployer | Self::ProviderAndDeployer)
    }
}

/// Whether the organisation provides a general-purpose AI model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum GpaiModel {
    /// No general-purpose AI model is provided (the default).
    #[default]
    NoModel,
    /// A general-purpose AI model (Article 53).
    Model,
    /// A general-purpose AI model with systemic risk (Articles 53 and 55).
    SystemicRisk,
}

/// What the EU AI Act rule needs beyond the tier (schema 4 data, kept in [`super::FrameworkRecords`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EuAiActProfile {
    /// The organisation's role; `None` until decided.
    pub role: Option<OperatorRole>,
    /// The Annex III point within the area, e.g. "5(b)", when the system is high-risk through Annex III.
    pub annex_iii_point: String,
    /// The deployer is a body governed by public law or a private entity providing public services (Art. 27).
    pub public_service: bool,
    /// A general-purpose AI model provided by the organisation.
    pub gpai: GpaiModel,
}

/// The dates from which one article applies to the system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationDates {
    /// Under the original text (Article 113).
    pub original: IsoDate,
    /// Under Regulation (EU) 2026/1744, when a different date is reported (not verified).
    pub amended: Option<IsoDate>,
    /// What the data file says about the dates (the basis, or why the amended date is not known).
    pub note: String,
}

/// Whether an obligation is in force on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum InForce {
    /// In force under both texts.
    Yes,
    /// Not yet in force under either text.
    No,
    /// In force under the original text, postponed by the reported amendment (not verified).
    PostponedByAmendment,
}

impl InForce {
    /// Label for tables and the report.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Yes => "in force",
            Self::No => "not yet in force",
            Self::PostponedByAmendment => {
                "in force under the 2024 text; postponed by Regulation (EU) 2026/1744 (reported, not verified)"
            }
        }
    }

    /// A short label for a list row, where [`Self::label`] is the tooltip.
    #[must_use]
    pub const fn short_label(self) -> &'static str {
        match self {
            Self::Yes => "in force",
            Self::No => "not yet in force",
            Self::PostponedByAmendment => "in force (2024 text; postponed?)",
        }
    }
}

impl ApplicationDates {
    /// Whether the obligation is in force on `date`. The amended date counts only once the amendment itself
    /// is in force ([`amendment_in_force`]).
    ///
    /// ```
    /// use riskbench::model::IsoDate;
    /// use riskbench::model::frameworks::eu_ai_act::{ApplicationDates, InForce};
    /// let d = |s: &str| s.parse::<IsoDate>().unwrap();
    /// let dates = ApplicationDates { original: d("2026-08-02"), amended: Some(d("2027-12-02")), note: String::new() };
    /// assert_eq!(dates.in_force_on(d("2026-07-01")), InForce::No);
    /// assert_eq!(dates.in_force_on(d("2026-09-01")), InForce::PostponedByAmendment);
    /// assert_eq!(dates.in_force_on(d("2028-01-01")), InForce::Yes);
    /// ```
    #[must_use]
    pub fn in_force_on(&self, date: IsoDate) -> InForce {
        let original = self.original <= date;
        let amended = match self.amended {
            Some(amended) if date >= amendment_in_force() => amended <= date,
            _ => original,
        };
        match (original, amended) {
            (true, true) => InForce::Yes,
            (true, false) => InForce::PostponedByAmendment,
            _ => InForce::No,
        }
    }

    /// "2026-08-02", or "2026-08-02 (2027-12-02 as amended, reported)".
    #[must_use]
    pub fn label(&self) -> String {
        match self.amended {
            Some(amended) if amended != self.original => format!(
                "{} ({amended} as amended by 2026/1744, reported)",
                self.original
            ),
            _ => self.original.to_string(),
        }
    }
}

/// One article as the rule needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// "15".
    pub article: String,
    /// The roles the data file names, verbatim.
    pub roles: Vec<String>,
    /// The `applies_from` block of the data file.
    #[serde(skip)]
    applies_from: Value,
}

fn articles() -> Result<&'static [Article], String> {
    static ARTICLES: OnceLock<Result<Vec<Article>, String>> = OnceLock::new();
    ARTICLES
        .get_or_init(|| {
            let root = parse(EU_JSON)?;
            array_at(&root, "articles")?
                .iter()
                .map(|a| {
                    Ok(Article {
                        article: str_at(a, "article")?.to_owned(),
                        roles: super::catalog::strings_at(a, "roles"),
                        applies_from: a.get("applies_from").cloned().unwrap_or(Value::Null),
                    })
                })
                .collect::<Result<Vec<_>, String>>()
                .map_err(|e| format!("the EU AI Act asset is malformed: {e}"))
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// The leading ISO date of a text such as "2027-08-02 (Art. 111(3))".
fn leading_date(text: &str) -> Option<IsoDate> {
    text.get(..10)?.parse().ok()
}

/// The dates of `article` for a system high-risk through Annex I (`annex_i`) or not.
fn dates_of(article: &Article, annex_i: bool) -> Option<ApplicationDates> {
    let from = &article.applies_from;
    let original = from.get("original")?;
    let amended = from.get("as_amended_2026_1744");
    let route_key = if annex_i {
        "annex_i_systems_art_6_1"
    } else {
        "annex_iii_systems"
    };
    let pick = |block: &Value| -> Option<IsoDate> {
        if let Some(text) = block.as_str() {
            return leading_date(text);
        }
        if let Some(text) = block.get(route_key).and_then(Value::as_str) {
            return leading_date(text);
        }
        if annex_i && let Some(text) = block.get("for_art_6_1_systems").and_then(Value::as_str) {
            return leading_date(text);
        }
        block
            .get("date")
            .and_then(Value::as_str)
            .and_then(leading_date)
    };
    let original_date = pick(original)?;
    let amended_date = amended.and_then(pick).filter(|d| *d != original_date);
    let mut note = original
        .get("basis")
        .or_else(|| from.get("basis"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if let Some(status) = amended
        .and_then(|a| a.get("status"))
        .and_then(Value::as_str)
        .filter(|s| s.starts_with("Not confirmed"))
    {
        note = format!("{note}. Amendment 2026/1744: {status}");
    }
    Some(ApplicationDates {
        original: original_date,
        amended: amended_date,
        note,
    })
}

/// Whether one obligation applies, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Obligation {
    /// The checklist item ("Art. 15").
    pub item_id: String,
    /// Whether it applies to this system and organisation.
    pub applies: bool,
    /// Why it applies or not, in plain words.
    pub reason: String,
    /// From when it applies (for this system's route), if known.
    pub dates: Option<ApplicationDates>,
    /// Whether it is in force on the date asked.
    pub in_force: Option<InForce>,
}

/// Whether the Article 27 FRIA is required: a deployer of an Annex III system (other than point 2) that is a
/// public body or provides public services, or a deployer of an Annex III 5(b) or 5(c) system.
#[must_use]
pub fn fria_required(
    classification: Option<&AiActClassification>,
    profile: &EuAiActProfile,
) -> bool {
    let Some(c) = classification else {
        return false;
    };
    let deployer = profile.role.is_some_and(OperatorRole::is_deployer);
    let Some(area) = c.annex_iii_area.filter(|_| c.tier == AiActTier::HighRisk) else {
        return false;
    };
    let point = profile.annex_iii_point.trim().replace(' ', "");
    let credit_or_insurance = area == 5 && (point == "5(b)" || point == "5(c)");
    deployer && area != 2 && (profile.public_service || credit_or_insurance)
}

/// Whether `article` applies, and why (the rule of this module's documentation).
fn rule(article: &str, c: &AiActClassification, profile: &EuAiActProfile) -> (bool, String) {
    let role = profile.role;
    let provider = role.is_some_and(OperatorRole::is_provider);
    let deployer = role.is_some_and(OperatorRole::is_deployer);
    let high = c.tier == AiActTier::HighRisk;
    let role_text = role.map_or("no role recorded", OperatorRole::label);
    let high_for = |who: bool, whom: &str| {
        if !high {
            (
                false,
                format!("only for high-risk systems; this one is {}", c.tier.label()),
            )
        } else if who {
            (true, format!("high-risk system, {whom}"))
        } else {
            (
                false,
                format!("binds the {whom}; the organisation is: {role_text}"),
            )
        }
    };
    match article {
        "5" => (true, "binds every operator, whatever the tier".to_owned()),
        "6" | "9" | "10" | "11" | "12" | "13" | "15" | "16" | "17" | "72" => {
            high_for(provider, "provider")
        }
        "26" => high_for(deployer, "deployer"),
        "14" | "73" => high_for(provider || deployer, "provider or deployer"),
        "27" => {
            if fria_required(Some(c), profile) {
                (
                    true,
                    "deployer of an Annex III system that is a public body or public-service provider, or of \
                     an Annex III 5(b)/(c) system"
                        .to_owned(),
                )
            } else {
                (
                    false,
                    "only for deployers of Annex III systems that are public bodies or provide public \
                     services, and deployers of Annex III 5(b)/(c) systems"
                        .to_owned(),
                )
            }
        }
        "50" => {
            if c.tier == AiActTier::Limited {
                (
                    true,
                    "limited-risk tier: transparency obligations".to_owned(),
                )
            } else {
                (
                    false,
                    "recorded tier is not the transparency tier; mark it if the system interacts with people \
                     or generates content"
                        .to_owned(),
                )
            }
        }
        "53" => match (provider, profile.gpai) {
            (true, GpaiModel::Model | GpaiModel::SystemicRisk) => {
                (true, "provider of a general-purpose AI model".to_owned())
            }
            _ => (
                false,
                "only for providers of general-purpose AI models".to_owned(),
            ),
        },
        "55" => match (provider, profile.gpai) {
            (true, GpaiModel::SystemicRisk) => (
                true,
                "provider of a general-purpose AI model with systemic risk".to_owned(),
            ),
            _ => (
                false,
                "only for providers of general-purpose AI models with systemic risk".to_owned(),
            ),
        },
        other => (false, format!("Article {other} has no applicability rule")),
    }
}

/// Every article of the data file with whether it applies to the system, its dates for the system's route and
/// whether it is in force on `date`. Without a classification nothing but Article 5 applies.
#[must_use]
pub fn applicability(
    classification: Option<&AiActClassification>,
    profile: &EuAiActProfile,
    date: IsoDate,
) -> Vec<Obligation> {
    let Ok(articles) = articles() else {
        return Vec::new();
    };
    let annex_i =
        classification.is_some_and(|c| c.tier == AiActTier::HighRisk && c.annex_iii_area.is_none());
    articles
        .iter()
        .map(|a| {
            let (applies, reason) = match classification {
                Some(c) => rule(&a.article, c, profile),
                None if a.article == "5" => rule(
                    "5",
                    &AiActClassification {
                        tier: AiActTier::Minimal,
                        annex_iii_area: None,
                        rationale: String::new(),
                    },
                    profile,
                ),
                None => (
                    false,
                    "the EU AI Act classification is not decided".to_owned(),
                ),
            };
            let dates = dates_of(a, annex_i);
            let in_force = dates.as_ref().map(|d| d.in_force_on(date));
            Obligation {
                item_id: article_item_id(&a.article),
                applies,
                reason,
                dates,
                in_force,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Article 27: fundamental rights impact assessment
// ---------------------------------------------------------------------------------------------

/// The FRIA as the deployer records it (Article 27(1)(a)–(f), (3) and (4)).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Fria {
    /// (a) The deployer's processes in which the system is used, in line with its intended purpose.
    pub processes: String,
    /// (b) The period and frequency of use.
    pub period_and_frequency: String,
    /// (c) Categories of natural persons and groups likely to be affected.
    pub affected_categories: String,
    /// (d) Specific risks of harm to them, taking the provider's Article 13 information into account.
    pub risks_of_harm: String,
    /// (e) Human oversight measures, according to the instructions for use.
    pub oversight_measures: String,
    /// (f) Measures if the risks materialise, including internal governance and complaint mechanisms.
    pub measures_if_risks_materialise: String,
    /// (4) The data protection impact assessment this one complements, if any.
    pub dpia_reference: String,
    /// (3) The day the market surveillance authority was notified of the results.
    pub notified_on: Option<IsoDate>,
}

/// One question of the guided form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FriaQuestion {
    /// The point of Article 27 it answers ("27(1)(a)").
    pub point: &'static str,
    /// The question, in our words.
    pub question: &'static str,
    /// What a good answer holds.
    pub hint: &'static str,
}

/// The guided form's questions, in the order of Article 27(1), then (4).
pub const FRIA_QUESTIONS: [FriaQuestion; 7] = [
    FriaQuestion {
        point: "27(1)(a)",
        question: "In which of your processes is the system used?",
        hint: "Name the process, the decision it supports and how it matches the intended purpose",
    },
    FriaQuestion {
        point: "27(1)(b)",
        question: "For how long and how often will it be used?",
        hint: "Period of use and frequency, e.g. daily on every application",
    },
    FriaQuestion {
        point: "27(1)(c)",
        question: "Which people and groups are likely to be affected?",
        hint: "Categories of natural persons and groups in the specific context of use",
    },
    FriaQuestion {
        point: "27(1)(d)",
        question: "What specific risks of harm do they face?",
        hint: "Use the provider's instructions for use (Article 13); link the register's risks",
    },
    FriaQuestion {
        point: "27(1)(e)",
        question: "How is human oversight carried out?",
        hint: "Oversight measures according to the instructions for use",
    },
    FriaQuestion {
        point: "27(1)(f)",
        question: "What happens if the risks materialise?",
        hint: "Measures, internal governance and complaint mechanisms",
    },
    FriaQuestion {
        point: "27(4)",
        question: "Which data protection impact assessment does this complement?",
        hint: "Reference of the DPIA under Article 35 GDPR, if one exists",
    },
];

impl Fria {
    /// The answer to question `index` of [`FRIA_QUESTIONS`].
    #[must_use]
    pub fn answer(&self, index: usize) -> Option<&String> {
        Some(match index {
            0 => &self.processes,
            1 => &self.period_and_frequency,
            2 => &self.affected_categories,
            3 => &self.risks_of_harm,
            4 => &self.oversight_measures,
            5 => &self.measures_if_risks_materialise,
            6 => &self.dpia_reference,
            _ => return None,
        })
    }

    /// The answer to question `index`, to edit.
    pub fn answer_mut(&mut self, index: usize) -> Option<&mut String> {
        Some(match index {
            0 => &mut self.processes,
            1 => &mut self.period_and_frequency,
            2 => &mut self.affected_categories,
            3 => &mut self.risks_of_harm,
            4 => &mut self.oversight_measures,
            5 => &mut self.measures_if_risks_materialise,
            6 => &mut self.dpia_reference,
            _ => return None,
        })
    }

    /// The points of Article 27(1) still unanswered, then "27(3)" when the authority was not notified.
    #[must_use]
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing: Vec<&'static str> = FRIA_QUESTIONS
            .iter()
            .enumerate()
            .filter(|(i, q)| {
                q.point.starts_with("27(1)") && self.answer(*i).is_none_or(|a| a.trim().is_empty())
            })
            .map(|(_, q)| q.point)
            .collect();
        if self.notified_on.is_none() {
            missing.push("27(3)");
        }
        missing
    }

    /// The status the form's completeness suggests for the Art. 27 checklist item: done when every point is
    /// answered and the authority notified, in progress when something is filled in, not started otherwise.
    /// The user decides: the screen shows it and offers to take it, it never overrides the recorded status.
    #[must_use]
    pub fn suggested_status(&self) -> crate::model::checklist::ChecklistStatus {
        use crate::model::checklist::ChecklistStatus;
        let started = self.notified_on.is_some()
            || (0..FRIA_QUESTIONS.len())
                .any(|i| self.answer(i).is_some_and(|a| !a.trim().is_empty()));
        if self.missing().is_empty() {
            ChecklistStatus::Done
        } else if started {
            ChecklistStatus::InProgress
        } else {
            ChecklistStatus::NotStarted
        }
    }

    /// Answers drawn from the Map context for the questions still empty: the intended use for (a) and the
    /// affected groups for (c). The user accepts or edits them.
    #[must_use]
    pub fn suggestions(
        &self,
        context: &crate::model::context::SystemContext,
    ) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        if self.processes.trim().is_empty() && !context.intended_use.trim().is_empty() {
            out.push((0, context.intended_use.trim().to_owned()));
        }
        if self.affected_categories.trim().is_empty() && !context.affected_groups.is_empty() {
            let groups: Vec<String> = context
                .affected_groups
                .iter()
                .filter(|g| !g.name.trim().is_empty())
                .map(|g| {
                    if g.how_affected.trim().is_empty() {
                        g.name.trim().to_owned()
                    } else {
                        format!("{}: {}", g.name.trim(), g.how_affected.trim())
                    }
                })
                .collect();
            if !groups.is_empty() {
                out.push((2, groups.join("; ")));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> IsoDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_follow_the_route() {
        let all = articles().unwrap();
        assert_eq!(all.len(), 18);
        let art15 = all.iter().find(|a| a.article == "15").unwrap();
        let annex_iii = dates_of(art15, false).unwrap();
        assert_eq!(annex_iii.original, d("2026-08-02"));
        assert_eq!(annex_iii.amended, Some(d("2027-12-02")));
        let annex_i = dates_of(art15, true).unwrap();
        assert_eq!(annex_i.original, d("2027-08-02"));
        assert_eq!(annex_i.amended, Some(d("2028-08-02")));
        let article_5 = all.iter().find(|a| a.article == "5").unwrap();
        assert_eq!(
            dates_of(article_5, false).unwrap().original,
            d("2025-02-02")
        );
        let art72 = all.iter().find(|a| a.article == "72").unwrap();
        let d72 = dates_of(art72, true).unwrap();
        assert_eq!((d72.original, d72.amended), (d("2027-08-02"), None));
        assert!(d72.note.contains("Not confirmed"), "{}", d72.note);
        let art53 = all.iter().find(|a| a.article == "53").unwrap();
        assert_eq!(dates_of(art53, false).unwrap().original, d("2025-08-02"));
    }

    #[test]
    fn the_amended_date_counts_only_after_the_amendment() {
        let dates = ApplicationDates {
            original: d("2026-08-02"),
            amended: Some(d("2027-12-02")),
            note: String::new(),
        };
        assert_eq!(dates.in_force_on(d("2026-08-01")), InForce::No);
        assert_eq!(dates.in_force_on(d("2027-12-02")), InForce::Yes);
        assert_eq!(
            dates.label(),
            "2026-08-02 (2027-12-02 as amended by 2026/1744, reported)"
        );
    }

    #[test]
    fn fria_missing_and_suggestions() {
        use crate::model::context::{AffectedGroup, SystemContext};
        let mut fria = Fria::default();
        assert_eq!(
            fria.missing(),
            [
                "27(1)(a)", "27(1)(b)", "27(1)(c)", "27(1)(d)", "27(1)(e)", "27(1)(f)", "27(3)"
            ]
        );
        fria.processes = "Retail credit decisions".to_owned();
        fria.notified_on = Some(d("2026-10-01"));
        assert_eq!(fria.missing().len(), 5);
        let context = SystemContext {
            intended_use: "Screen loans".to_owned(),
            affected_groups: vec![AffectedGroup {
                name: "Applicants".to_owned(),
                how_affected: "refused credit".to_owned(),
                data_attribute: String::new(),
            }],
            ..SystemContext::default()
        };
        assert_eq!(
            fria.suggestions(&context),
            [(2, "Applicants: refused credit".to_owned())]
        );
    }

    #[test]
    fn the_form_suggests_the_art_27_status_by_its_completeness() {
        use crate::model::checklist::ChecklistStatus;
        let mut fria = Fria::default();
        assert_eq!(fria.suggested_status(), ChecklistStatus::NotStarted);
        fria.dpia_reference = "DPIA-7".to_owned();
        assert_eq!(fria.suggested_status(), ChecklistStatus::InProgress);
        for i in 0..6 {
            *fria.answer_mut(i).unwrap() = format!("answer {i}");
        }
        assert_eq!(
            fria.suggested_status(),
            ChecklistStatus::InProgress,
            "not notified yet"
        );
        fria.notified_on = Some(d("2026-10-01"));
        assert_eq!(fria.suggested_status(), ChecklistStatus::Done);
        fria.risks_of_harm = "  ".to_owned();
        assert_eq!(fria.suggested_status(), ChecklistStatus::InProgress);
    }
}
