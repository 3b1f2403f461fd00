//! Every colour Riskbench uses, defined once.
//!
//! The GUI converts these to egui colours (`ui::theme`) and the PDF report uses them directly, so a risk band is
//! the same colour on screen and on paper. Colours that carry meaning (bands, pass/fail, action priority) are
//! chosen with clearly different lightness so they stay distinguishable when printed in greyscale.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::bowtie::{BarrierCondition, Criticality, Effectiveness};
use super::fmea::ActionPriority;

/// An opaque sRGB colour, written `#rrggbb` in project files.
///
/// ```
/// use riskbench::model::palette::Rgb;
/// let c: Rgb = "#1a2B3c".parse().unwrap();
/// assert_eq!(c, Rgb::new(0x1a, 0x2b, 0x3c));
/// assert_eq!(c.to_string(), "#1a2b3c");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

impl Rgb {
    /// A colour from its components.
    #[must_use]
    pub const fn new(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }

    /// A colour from `0xRRGGBB`.
    #[must_use]
    pub const fn hex(v: u32) -> Self {
        Self {
            r: ((v >> 16) & 0xFF) as u8,
            g: ((v >> 8) & 0xFF) as u8,
            b: (v & 0xFF) as u8,
        }
    }

    /// Perceived lightness as a greyscale printer renders it (0 black – 1 white), Rec. 601 luma weights.
    #[must_use]
    pub fn luma(self) -> f32 {
        (0.299 * f32::from(self.r) + 0.587 * f32::from(self.g) + 0.114 * f32::from(self.b)) / 255.0
    }

    /// White.
    pub const WHITE: Rgb = Rgb::new(255, 255, 255);
    /// Black.
    pub const BLACK: Rgb = Rgb::new(0, 0, 0);

    /// Relative luminance (WCAG 2, 0 = black, 1 = white): how light the colour prints in greyscale.
    #[must_use]
    pub fn luminance(self) -> f64 {
        fn channel(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// Black or white, whichever reads better on top of this colour.
    #[must_use]
    pub fn contrasting_text(self) -> Self {
        if self.luminance() > 0.4 { INK } else { PAPER }
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// A colour that is not written `#rrggbb`.
#[derive(Debug, thiserror::Error)]
#[error("expected a colour written #rrggbb, found {0:?}")]
pub struct ColourParseError(String);

impl FromStr for Rgb {
    type Err = ColourParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ColourParseError(s.to_owned());
        let hex = s.trim().strip_prefix('#').ok_or_else(err)?;
        if hex.len() != 6 || !hex.is_ascii() {
            return Err(err());
        }
        let part = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| err());
        Ok(Self::new(part(0)?, part(2)?, part(4)?))
    }
}

impl Serialize for Rgb {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Body text on paper.
pub const INK: Rgb = Rgb::new(0x1b, 0x1f, 0x24);
/// Paper white.
pub const PAPER: Rgb = Rgb::new(0xff, 0xff, 0xff);
/// Brand accent (headings, selection, links).
pub const ACCENT: Rgb = Rgb::new(0x1f, 0x4e, 0x79);
/// Secondary text and rules.
pub const MUTED: Rgb = Rgb::new(0x6b, 0x72, 0x80);

/// Default colour of the lowest risk band (light green).
pub const BAND_LOW: Rgb = Rgb::new(0xd9, 0xf0, 0xc8);
/// Default colour of the medium band (yellow).
pub const BAND_MEDIUM: Rgb = Rgb::new(0xf2, 0xc7, 0x44);
/// Default colour of the high band (orange).
pub const BAND_HIGH: Rgb = Rgb::new(0xe8, 0x7b, 0x2f);
/// Default colour of the critical band (dark red).
pub const BAND_CRITICAL: Rgb = Rgb::new(0xa5, 0x1d, 0x2d);

/// A check that passed.
pub const PASS: Rgb = Rgb::new(0x2e, 0x7d, 0x32);
/// A check that failed.
pub const FAIL: Rgb = Rgb::new(0xc6, 0x28, 0x28);
/// A warning or a value that needs review.
pub const WARN: Rgb = Rgb::new(0xb2, 0x6a, 0x00);
/// Not enough evidence to decide.
pub const UNKNOWN: Rgb = Rgb::new(0x9e, 0x9e, 0x9e);

/// The marker for unsaved changes.
pub const DIRTY: Rgb = Rgb::new(0xd9, 0x7a, 0x00);

/// FMEA Action Priority H (action must be taken): badges, chart bars and the report. Darkest of the three.
pub const AP_HIGH: Rgb = Rgb::new(0xa8, 0x1e, 0x1e);
/// FMEA Action Priority M (action should be taken): amber, between H and L in lightness.
pub const AP_MEDIUM: Rgb = Rgb::new(0xe6, 0xa2, 0x17);
/// FMEA Action Priority L (action could be taken): light green, the lightest of the three.
pub const AP_LOW: Rgb = Rgb::new(0xa8, 0xd5, 0x8f);

/// Row tint for an H row on a light background (body text stays dark on it).
pub const AP_HIGH_TINT_LIGHT: Rgb = Rgb::new(0xf7, 0xd4, 0xd2);
/// Row tint for an M row on a light background.
pub const AP_MEDIUM_TINT_LIGHT: Rgb = Rgb::new(0xfb, 0xea, 0xc2);
/// Row tint for an L row on a light background.
pub const AP_LOW_TINT_LIGHT: Rgb = Rgb::new(0xe2, 0xf1, 0xda);
/// Row tint for an H row on a dark background (body text stays light on it).
pub const AP_HIGH_TINT_DARK: Rgb = Rgb::new(0x55, 0x1f, 0x22);
/// Row tint for an M row on a dark background.
pub const AP_MEDIUM_TINT_DARK: Rgb = Rgb::new(0x4d, 0x3d, 0x12);
/// Row tint for an L row on a dark background.
pub const AP_LOW_TINT_DARK: Rgb = Rgb::new(0x1f, 0x3d, 0x26);

/// Chart series "before actions" (a mid grey that reads on light and dark backgrounds).
pub const SERIES_BEFORE: Rgb = Rgb::new(0x8d, 0x95, 0xa3);
/// Chart series "after actions" (a mid blue that reads on light and dark backgrounds).
pub const SERIES_AFTER: Rgb = Rgb::new(0x3f, 0x7f, 0xc0);

/// The colour of an FMEA Action Priority (badges, chart bars); text on it uses [`Rgb::contrasting_text`].
///
/// ```
/// use riskbench::model::fmea::ActionPriority;
/// use riskbench::model::palette::{self, action_priority};
/// assert_eq!(action_priority(ActionPriority::High), palette::AP_HIGH);
/// ```
#[must_use]
pub const fn action_priority(priority: ActionPriority) -> Rgb {
    match priority {
        ActionPriority::High => AP_HIGH,
        ActionPriority::Medium => AP_MEDIUM,
        ActionPriority::Low => AP_LOW,
    }
}

/// The tint of a worksheet row with this Action Priority, for a light or a dark background.
#[must_use]
pub const fn action_priority_tint(priority: ActionPriority, dark_background: bool) -> Rgb {
    match (priority, dark_background) {
        (ActionPriority::High, false) => AP_HIGH_TINT_LIGHT,
        (ActionPriority::Medium, false) => AP_MEDIUM_TINT_LIGHT,
        (ActionPriority::Low, false) => AP_LOW_TINT_LIGHT,
        (ActionPriority::High, true) => AP_HIGH_TINT_DARK,
        (ActionPriority::Medium, true) => AP_MEDIUM_TINT_DARK,
        (ActionPriority::Low, true) => AP_LOW_TINT_DARK,
    }
}

/// Fairness heat-map cell for a check that passed, on a light background (body text stays dark on it).
pub const CHECK_PASS_TINT_LIGHT: Rgb = Rgb::new(0xd3, 0xec, 0xd5);
/// Fairness heat-map cell for a check that failed, on a light background.
pub const CHECK_FAIL_TINT_LIGHT: Rgb = Rgb::new(0xf6, 0xc9, 0xc4);
/// Fairness heat-map cell for a check that cannot be decided (undefined value), on a light background.
pub const CHECK_UNDEFINED_TINT_LIGHT: Rgb = Rgb::new(0xe4, 0xe4, 0xe4);
/// Fairness heat-map cell for a passed check on a dark background (body text stays light on it).
pub const CHECK_PASS_TINT_DARK: Rgb = Rgb::new(0x1f, 0x42, 0x26);
/// Fairness heat-map cell for a failed check on a dark background.
pub const CHECK_FAIL_TINT_DARK: Rgb = Rgb::new(0x5e, 0x1f, 0x22);
/// Fairness heat-map cell for an undecided check on a dark background.
pub const CHECK_UNDEFINED_TINT_DARK: Rgb = Rgb::new(0x38, 0x3a, 0x3e);

/// The strong colour of a fairness check outcome (chart bars, badges): pass, fail, or `None` when it cannot
/// be decided.
#[must_use]
pub const fn check(pass: Option<bool>) -> Rgb {
    match pass {
        Some(true) => PASS,
        Some(false) => FAIL,
        None => UNKNOWN,
    }
}

/// The tint of a fairness heat-map cell with this check outcome, for a light or a dark background.
#[must_use]
pub const fn check_tint(pass: Option<bool>, dark_background: bool) -> Rgb {
    match (pass, dark_background) {
        (Some(true), false) => CHECK_PASS_TINT_LIGHT,
        (Some(false), false) => CHECK_FAIL_TINT_LIGHT,
        (None, false) => CHECK_UNDEFINED_TINT_LIGHT,
        (Some(true), true) => CHECK_PASS_TINT_DARK,
        (Some(false), true) => CHECK_FAIL_TINT_DARK,
        (None, true) => CHECK_UNDEFINED_TINT_DARK,
    }
}

/// Bow-tie hazard box (the yellow of a hazard sign).
pub const BOWTIE_HAZARD: Rgb = Rgb::new(0xff, 0xd5, 0x4f);
/// Bow-tie top event (the knot of the bow-tie).
pub const BOWTIE_TOP_EVENT: Rgb = Rgb::new(0xc6, 0x4a, 0x12);
/// Bow-tie threat boxes (light blue; body text stays dark on it).
pub const BOWTIE_THREAT: Rgb = Rgb::new(0xdb, 0xe9, 0xf6);
/// Bow-tie consequence boxes (light red).
pub const BOWTIE_CONSEQUENCE: Rgb = Rgb::new(0xf8, 0xdb, 0xd9);
/// Bow-tie escalation factor boxes (light amber).
pub const BOWTIE_ESCALATION: Rgb = Rgb::new(0xff, 0xf0, 0xc2);
/// Outlines of bow-tie boxes.
pub const BOWTIE_OUTLINE: Rgb = Rgb::new(0x37, 0x47, 0x4f);
/// Bow-tie threat, consequence and escalation lines.
pub const BOWTIE_LINE: Rgb = Rgb::new(0x6b, 0x72, 0x80);
/// Background of a bow-tie drawing (SVG, PNG, canvas).
pub const BOWTIE_BACKGROUND: Rgb = PAPER;

/// Barrier effectiveness "very good" (green). The five effectiveness colours differ in lightness by more than
/// 0.1 (very poor darkest, then very good, good, poor, unknown lightest) so they stay apart in greyscale.
pub const EFFECTIVENESS_VERY_GOOD: Rgb = Rgb::new(0x38, 0x8e, 0x3c);
/// Barrier effectiveness "good" (light green).
pub const EFFECTIVENESS_GOOD: Rgb = Rgb::new(0x8b, 0xc3, 0x4a);
/// Barrier effectiveness "poor" (amber).
pub const EFFECTIVENESS_POOR: Rgb = Rgb::new(0xff, 0xca, 0x28);
/// Barrier effectiveness "very poor" (red).
pub const EFFECTIVENESS_VERY_POOR: Rgb = Rgb::new(0x8e, 0x1b, 0x1b);
/// Barrier effectiveness not assessed (light grey).
pub const EFFECTIVENESS_UNKNOWN: Rgb = Rgb::new(0xe6, 0xe7, 0xe9);

/// Barrier condition "in place".
pub const CONDITION_IN_PLACE: Rgb = Rgb::new(0x38, 0x8e, 0x3c);
/// Barrier condition "degraded".
pub const CONDITION_DEGRADED: Rgb = Rgb::new(0xf2, 0xc7, 0x44);
/// Barrier condition "planned" (light blue: not there yet, not broken).
pub const CONDITION_PLANNED: Rgb = Rgb::new(0x7f, 0xb0, 0xdd);
/// Barrier condition "out of service".
pub const CONDITION_OUT_OF_SERVICE: Rgb = Rgb::new(0x8e, 0x1b, 0x1b);

/// Barrier criticality, from "not assessed" to "critical" (light to dark).
pub const CRITICALITY: [Rgb; 5] = [
    Rgb::new(0xf2, 0xf3, 0xf5),
    Rgb::new(0xc5, 0xe1, 0xa5),
    Rgb::new(0xff, 0xa7, 0x26),
    Rgb::new(0xef, 0x6c, 0x00),
    Rgb::new(0x8e, 0x10, 0x10),
];

/// Categorical colours for barrier types and owners (distinct hues, all readable with dark or light text).
pub const CATEGORY: [Rgb; 10] = [
    Rgb::new(0x4e, 0x79, 0xa7),
    Rgb::new(0xf2, 0x8e, 0x2b),
    Rgb::new(0x59, 0xa1, 0x4f),
    Rgb::new(0xe1, 0x57, 0x59),
    Rgb::new(0x76, 0xb7, 0xb2),
    Rgb::new(0xed, 0xc9, 0x48),
    Rgb::new(0xb0, 0x7a, 0xa1),
    Rgb::new(0xff, 0x9d, 0xa7),
    Rgb::new(0x9c, 0x75, 0x5f),
    Rgb::new(0xba, 0xb0, 0xac),
];

/// A barrier linked to a register control / with evidence.
pub const BARRIER_LINKED: Rgb = Rgb::new(0x4a, 0x7f, 0xb0);
/// A barrier without a register control / without evidence.
pub const BARRIER_UNLINKED: Rgb = EFFECTIVENESS_UNKNOWN;

/// The stoplight colour of a barrier's effectiveness (the default bow-tie colouring).
///
/// ```
/// use riskbench::model::bowtie::Effectiveness;
/// use riskbench::model::palette::{self, effectiveness};
/// assert_eq!(effectiveness(Effectiveness::VeryPoor), palette::EFFECTIVENESS_VERY_POOR);
/// ```
#[must_use]
pub const fn effectiveness(value: Effectiveness) -> Rgb {
    match value {
        Effectiveness::VeryGood => EFFECTIVENESS_VERY_GOOD,
        Effectiveness::Good => EFFECTIVENESS_GOOD,
        Effectiveness::Poor => EFFECTIVENESS_POOR,
        Effectiveness::VeryPoor => EFFECTIVENESS_VERY_POOR,
        Effectiveness::Unknown => EFFECTIVENESS_UNKNOWN,
    }
}

/// The colour of a barrier's condition.
#[must_use]
pub const fn barrier_condition(value: BarrierCondition) -> Rgb {
    match value {
        BarrierCondition::InPlace => CONDITION_IN_PLACE,
        BarrierCondition::Degraded => CONDITION_DEGRADED,
        BarrierCondition::Planned => CONDITION_PLANNED,
        BarrierCondition::OutOfService => CONDITION_OUT_OF_SERVICE,
        BarrierCondition::Unknown => EFFECTIVENESS_UNKNOWN,
    }
}

/// The colour of a barrier's criticality.
#[must_use]
pub const fn criticality(value: Criticality) -> Rgb {
    match value {
        Criticality::Unassessed => CRITICALITY[0],
        Criticality::Low => CRITICALITY[1],
        Criticality::Medium => CRITICALITY[2],
        Criticality::High => CRITICALITY[3],
        Criticality::Critical => CRITICALITY[4],
    }
}

/// The `index`-th categorical colour (wraps around after [`CATEGORY`]'s length).
#[must_use]
pub const fn category(index: usize) -> Rgb {
    CATEGORY[index % CATEGORY.len()]
}

/// The PDF report's document colours. Every set of colours that encodes a category (risk bands, pass/fail,
/// chart series) steps clearly in lightness, so it still reads when printed in greyscale.
pub mod document {
    use super::Rgb;

    /// Body text.
    pub const INK: Rgb = Rgb::hex(0x1B_1F24);
    /// Secondary text: captions, running header and footer.
    pub const MUTED: Rgb = Rgb::hex(0x5B_6670);
    /// Brand colour: headings, table headers, cover.
    pub const NAVY: Rgb = Rgb::hex(0x1F_3A5F);
    /// Accent used sparingly (rules, markers).
    pub const ACCENT: Rgb = Rgb::hex(0x2E_7D8C);
    /// Hairlines and table rules.
    pub const RULE: Rgb = Rgb::hex(0xC5_CCD3);
    /// Alternate table rows.
    pub const ZEBRA: Rgb = Rgb::hex(0xF3_F5F7);
    /// Key column of key–value tables.
    pub const KEY_FILL: Rgb = Rgb::hex(0xE9_EDF1);

    /// Risk band fills, lightest (very low) to darkest (very high).
    pub const BAND_VERY_LOW: Rgb = Rgb::hex(0xE4_F1DE);
    /// Risk band "low".
    pub const BAND_LOW: Rgb = Rgb::hex(0xB4_D9A9);
    /// Risk band "medium".
    pub const BAND_MEDIUM: Rgb = Rgb::hex(0xE3_9A35);
    /// Risk band "high".
    pub const BAND_HIGH: Rgb = Rgb::hex(0xC8_552A);
    /// Risk band "very high".
    pub const BAND_VERY_HIGH: Rgb = Rgb::hex(0x9B_1C1C);

    /// Pass fill (light).
    pub const PASS: Rgb = Rgb::hex(0xD6_EBD2);
    /// Warning / borderline fill (middle).
    pub const WARN: Rgb = Rgb::hex(0xF2_C75C);
    /// Fail fill (dark enough to differ from pass in greyscale).
    pub const FAIL: Rgb = Rgb::hex(0xE0_7A6E);

    /// Chart series colours, dark to light.
    pub const SERIES: [Rgb; 5] = [
        Rgb::hex(0x1F_3A5F),
        Rgb::hex(0x4A_7FB0),
        Rgb::hex(0x6F_B3B8),
        Rgb::hex(0xD9_C08E),
        Rgb::hex(0xEF_EADF),
    ];
}

/// Error rate 0 on the error analysis' colour ramp (the error tree's nodes, the error heat map).
pub const ERROR_RATE_LOW: Rgb = Rgb::new(0xf4, 0xf6, 0xf8);
/// The darkest error rate on that ramp.
pub const ERROR_RATE_HIGH: Rgb = Rgb::new(0xa5, 0x1d, 0x2d);

/// The colour of an error rate on the ramp from [`ERROR_RATE_LOW`] to [`ERROR_RATE_HIGH`], where `max`
/// (the highest rate shown, at least 0.05) gets the darkest colour.
///
/// ```
/// use riskbench::model::palette::{error_rate, ERROR_RATE_HIGH, ERROR_RATE_LOW};
/// assert_eq!(error_rate(0.0, 0.5), ERROR_RATE_LOW);
/// assert_eq!(error_rate(0.5, 0.5), ERROR_RATE_HIGH);
/// ```
#[must_use]
pub fn error_rate(rate: f64, max: f64) -> Rgb {
    let t = if rate.is_finite() {
        (rate / max.max(0.05)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |a: u8, b: u8| {
        let v = f64::from(a) + (f64::from(b) - f64::from(a)) * t;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "between two u8 values"
        )]
        let v = v.round() as u8;
        v
    };
    Rgb::new(
        mix(ERROR_RATE_LOW.r, ERROR_RATE_HIGH.r),
        mix(ERROR_RATE_LOW.g, ERROR_RATE_HIGH.g),
        mix(ERROR_RATE_LOW.b, ERROR_RATE_HIGH.b),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_colours_are_distinct_in_greyscale() {
        let lum: Vec<f64> = [BAND_LOW, BAND_MEDIUM, BAND_HIGH, BAND_CRITICAL]
            .iter()
            .map(|c| c.luminance())
            .collect();
        for pair in lum.windows(2) {
            assert!(
                pair[0] - pair[1] > 0.1,
                "bands must get darker with severity: {lum:?}"
            );
        }
    }

    #[test]
    fn action_priority_colours_step_in_greyscale_and_tints_keep_text_readable() {
        let lum: Vec<f64> = ActionPriority::ALL
            .iter()
            .map(|&p| action_priority(p).luminance())
            .collect();
        for pair in lum.windows(2) {
            assert!(
                pair[1] - pair[0] > 0.1,
                "H darkest, then M, then L: {lum:?}"
            );
        }
        for p in ActionPriority::ALL {
            // WCAG contrast ratio of body text on the tint, with dark text on light and light on dark.
            let contrast = |a: f64, b: f64| (a.max(b) + 0.05) / (a.min(b) + 0.05);
            let light = action_priority_tint(p, false).luminance();
            let dark = action_priority_tint(p, true).luminance();
            assert!(contrast(light, INK.luminance()) > 7.0, "{p:?} light tint");
            assert!(contrast(dark, PAPER.luminance()) > 7.0, "{p:?} dark tint");
            let strong = action_priority(p);
            assert!(
                contrast(strong.luminance(), strong.contrasting_text().luminance()) > 4.5,
                "{p:?} badge text"
            );
        }
    }

    #[test]
    fn check_tints_keep_body_text_readable() {
        let contrast = |a: f64, b: f64| (a.max(b) + 0.05) / (a.min(b) + 0.05);
        for pass in [Some(true), Some(false), None] {
            let light = check_tint(pass, false).luminance();
            let dark = check_tint(pass, true).luminance();
            assert!(
                contrast(light, INK.luminance()) > 7.0,
                "{pass:?} light tint"
            );
            assert!(
                contrast(dark, PAPER.luminance()) > 7.0,
                "{pass:?} dark tint"
            );
        }
        assert_ne!(check(Some(true)), check(Some(false)));
    }

    #[test]
    fn barrier_colours_stay_apart_in_greyscale() {
        use crate::model::bowtie::{BarrierCondition, Criticality, Effectiveness};
        let check = |name: &str, colours: Vec<Rgb>| {
            for (i, a) in colours.iter().enumerate() {
                for b in &colours[i + 1..] {
                    assert!(
                        (a.luminance() - b.luminance()).abs() > 0.1,
                        "{name}: {a} and {b} look alike in greyscale"
                    );
                }
            }
        };
        check(
            "effectiveness",
            Effectiveness::ALL
                .iter()
                .map(|e| effectiveness(*e))
                .collect(),
        );
        check(
            "condition",
            BarrierCondition::ALL
                .iter()
                .map(|c| barrier_condition(*c))
                .collect(),
        );
        check(
            "criticality",
            Criticality::ALL.iter().map(|c| criticality(*c)).collect(),
        );
    }

    #[test]
    fn rejects_malformed_colours() {
        for bad in ["", "#12345", "123456", "#12345g", "#ééé"] {
            assert!(bad.parse::<Rgb>().is_err(), "{bad}");
        }
    }
}
