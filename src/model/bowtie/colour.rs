//! "Colour barriers by": which barrier attribute the fill of a barrier box shows, and the legend for it.
//!
//! The colours come from [`crate::model::palette`]; this module only decides which class a barrier falls in.
//! Build a [`Colouring`] once per drawing (it fixes the owner → colour assignment), then ask it for each
//! barrier's [`Colouring::fill`] and for the [`Colouring::legend`].

use std::collections::BTreeSet;

use super::attributes::{BarrierCondition, BarrierType, Criticality, Effectiveness};
use super::set::Barrier;
use crate::model::palette::{self, Rgb};

/// The attribute barrier boxes are coloured by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ColourBy {
    /// Effectiveness stoplight (the default).
    #[default]
    Effectiveness,
    /// Condition / status.
    Condition,
    /// Barrier type.
    BarrierType,
    /// Criticality.
    Criticality,
    /// Accountable owner (one colour per owner).
    Owner,
    /// Whether the barrier is linked to a register control.
    LinkedControl,
    /// Whether the barrier has linked evidence.
    Evidence,
}

impl ColourBy {
    /// Every choice, in menu order.
    pub const ALL: [Self; 7] = [
        Self::Effectiveness,
        Self::Condition,
        Self::BarrierType,
        Self::Criticality,
        Self::Owner,
        Self::LinkedControl,
        Self::Evidence,
    ];

    /// Menu and legend title.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Effectiveness => "Effectiveness",
            Self::Condition => "Condition",
            Self::BarrierType => "Barrier type",
            Self::Criticality => "Criticality",
            Self::Owner => "Owner",
            Self::LinkedControl => "Register control",
            Self::Evidence => "Evidence",
        }
    }

    /// Parses a label or variant name, ignoring case, spaces, `-` and `_` (for the command line).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let norm = |s: &str| {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        };
        let key = norm(text);
        Self::ALL
            .into_iter()
            .find(|v| norm(v.label()) == key || norm(&format!("{v:?}")) == key)
    }
}

/// One legend row: a swatch and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegendEntry {
    /// What the colour means ("Very good").
    pub label: String,
    /// Swatch (the barrier fill).
    pub fill: Rgb,
}

/// Label used for barriers without an owner.
pub const NO_OWNER: &str = "No owner";

/// A colouring of barrier boxes by one attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colouring {
    /// The attribute.
    pub by: ColourBy,
    /// Owners in legend order (sorted), for [`ColourBy::Owner`].
    owners: Vec<String>,
}

impl Colouring {
    /// A colouring by `by` for a drawing of `barriers` (the owners present decide the owner colours).
    #[must_use]
    pub fn new<'a>(by: ColourBy, barriers: impl IntoIterator<Item = &'a Barrier>) -> Self {
        let owners: BTreeSet<String> = barriers
            .into_iter()
            .map(|b| b.owner.trim().to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        Self {
            by,
            owners: owners.into_iter().collect(),
        }
    }

    /// The fill of a barrier box.
    #[must_use]
    pub fn fill(&self, barrier: &Barrier) -> Rgb {
        match self.by {
            ColourBy::Effectiveness => palette::effectiveness(barrier.effectiveness),
            ColourBy::Condition => palette::barrier_condition(barrier.condition),
            ColourBy::BarrierType => type_colour(barrier.barrier_type),
            ColourBy::Criticality => palette::criticality(barrier.criticality),
            ColourBy::Owner => self
                .owners
                .iter()
                .position(|o| *o == barrier.owner.trim())
                .map_or(palette::EFFECTIVENESS_UNKNOWN, palette::category),
            ColourBy::LinkedControl => linked(barrier.control.is_some()),
            ColourBy::Evidence => linked(!barrier.evidence.is_empty()),
        }
    }

    /// The class of a barrier in words (the legend label of its fill).
    #[must_use]
    pub fn class_label(&self, barrier: &Barrier) -> String {
        match self.by {
            ColourBy::Effectiveness => barrier.effectiveness.label().to_owned(),
            ColourBy::Condition => barrier.condition.label().to_owned(),
            ColourBy::BarrierType => barrier.barrier_type.label().to_owned(),
            ColourBy::Criticality => barrier.criticality.label().to_owned(),
            ColourBy::Owner => {
                let owner = barrier.owner.trim();
                if owner.is_empty() { NO_OWNER } else { owner }.to_owned()
            }
            ColourBy::LinkedControl => {
                linked_label(barrier.control.is_some(), "Linked control", "No control")
            }
            ColourBy::Evidence => linked_label(
                !barrier.evidence.is_empty(),
                "Evidence linked",
                "No evidence",
            ),
        }
    }

    /// The legend: every class of the attribute (for owners, those present and "No owner"), in order.
    #[must_use]
    pub fn legend(&self) -> Vec<LegendEntry> {
        fn entries<T: Copy>(
            all: &[T],
            label: fn(T) -> &'static str,
            fill: fn(T) -> Rgb,
        ) -> Vec<LegendEntry> {
            all.iter()
                .map(|v| LegendEntry {
                    label: label(*v).to_owned(),
                    fill: fill(*v),
                })
                .collect()
        }
        match self.by {
            ColourBy::Effectiveness => entries(
                Effectiveness::ALL,
                Effectiveness::label,
                palette::effectiveness,
            ),
            ColourBy::Condition => entries(
                BarrierCondition::ALL,
                BarrierCondition::label,
                palette::barrier_condition,
            ),
            ColourBy::BarrierType => entries(BarrierType::ALL, BarrierType::label, type_colour),
            ColourBy::Criticality => {
                entries(Criticality::ALL, Criticality::label, palette::criticality)
            }
            ColourBy::Owner => self
                .owners
                .iter()
                .enumerate()
                .map(|(i, o)| LegendEntry {
                    label: o.clone(),
                    fill: palette::category(i),
                })
                .chain(std::iter::once(LegendEntry {
                    label: NO_OWNER.to_owned(),
                    fill: palette::EFFECTIVENESS_UNKNOWN,
                }))
                .collect(),
            ColourBy::LinkedControl => vec![
                LegendEntry {
                    label: "Linked control".to_owned(),
                    fill: linked(true),
                },
                LegendEntry {
                    label: "No control".to_owned(),
                    fill: linked(false),
                },
            ],
            ColourBy::Evidence => vec![
                LegendEntry {
                    label: "Evidence linked".to_owned(),
                    fill: linked(true),
                },
                LegendEntry {
                    label: "No evidence".to_owned(),
                    fill: linked(false),
                },
            ],
        }
    }
}

fn type_colour(t: BarrierType) -> Rgb {
    match BarrierType::ALL.iter().position(|v| *v == t) {
        // "Not set" is grey; the others take the categorical colours in order.
        Some(0) | None => palette::EFFECTIVENESS_UNKNOWN,
        Some(i) => palette::category(i - 1),
    }
}

fn linked(is_linked: bool) -> Rgb {
    if is_linked {
        palette::BARRIER_LINKED
    } else {
        palette::BARRIER_UNLINKED
    }
}

fn linked_label(is_linked: bool, yes: &str, no: &str) -> String {
    if is_linked { yes } else { no }.to_owned()
}
