//! The GUI's view of the shared palette: converts [`crate::model::palette`] colours to egui and sets the visuals.
//!
//! This is the only place in the GUI that builds colours (enforced by `clippy.toml`).

use egui::Color32;

use crate::model::fmea::ActionPriority;
use crate::model::palette::{self, Rgb};

/// An egui colour from a palette colour.
#[must_use]
#[expect(
    clippy::disallowed_methods,
    reason = "the theme is where colours are built"
)]
pub fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.r, rgb.g, rgb.b)
}

/// A palette colour from an egui colour (alpha dropped).
#[must_use]
pub fn rgb(color: Color32) -> Rgb {
    Rgb::new(color.r(), color.g(), color.b())
}

/// Failed checks and error text.
#[must_use]
pub fn error() -> Color32 {
    color(palette::FAIL)
}

/// Passed checks.
#[must_use]
pub fn ok() -> Color32 {
    color(palette::PASS)
}

/// Warnings and values that need review.
#[must_use]
pub fn warn() -> Color32 {
    color(palette::WARN)
}

/// The unsaved-changes marker.
#[must_use]
pub fn dirty() -> Color32 {
    color(palette::DIRTY)
}

/// The colour of an FMEA Action Priority: AP badges and chart bars.
#[must_use]
pub fn action_priority(priority: ActionPriority) -> Color32 {
    color(palette::action_priority(priority))
}

/// Text on an [`action_priority`] badge: black or white, whichever reads better.
#[must_use]
pub fn action_priority_text(priority: ActionPriority) -> Color32 {
    color(palette::action_priority(priority).contrasting_text())
}

/// The tint of an FMEA worksheet row with this Action Priority, for the current light or dark theme.
#[must_use]
pub fn action_priority_row(priority: ActionPriority, dark_mode: bool) -> Color32 {
    color(palette::action_priority_tint(priority, dark_mode))
}

/// Chart series "before actions".
#[must_use]
pub fn series_before() -> Color32 {
    color(palette::SERIES_BEFORE)
}

/// Chart series "after actions".
#[must_use]
pub fn series_after() -> Color32 {
    color(palette::SERIES_AFTER)
}

/// The strong colour of a fairness check outcome (chart bars): pass, fail, or `None` = cannot be decided.
#[must_use]
pub fn check(pass: Option<bool>) -> Color32 {
    color(palette::check(pass))
}

/// The fill of a fairness heat-map cell with this check outcome, for the current light or dark theme.
#[must_use]
pub fn check_tint(pass: Option<bool>, dark_mode: bool) -> Color32 {
    color(palette::check_tint(pass, dark_mode))
}

/// The band of values that pass a fairness parity check, drawn behind chart bars (translucent).
#[must_use]
pub fn pass_band() -> Color32 {
    color(palette::PASS).gamma_multiply(0.16)
}

/// Installs `DejaVu Sans` (shipped in `assets/fonts`) as a fallback after egui's default fonts, so symbols
/// such as ●, →, ⚠, ≥ and ✓ render instead of empty boxes.
pub fn install_fonts(ctx: &egui::Context) {
    const DEJAVU: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "DejaVuSans".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(DEJAVU)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("DejaVuSans".to_owned());
    }
    // The bow-tie canvas draws in the face its core layout measures with, so wrapping matches.
    for (name, bytes) in [
        ("NotoSans", crate::model::text_metrics::NOTO_SANS_REGULAR),
        ("NotoSansBold", crate::model::text_metrics::NOTO_SANS_BOLD),
    ] {
        fonts.font_data.insert(
            name.to_owned(),
            std::sync::Arc::new(egui::FontData::from_static(bytes)),
        );
        fonts.families.insert(
            egui::FontFamily::Name(name.into()),
            vec![name.to_owned(), "DejaVuSans".to_owned()],
        );
    }
    ctx.set_fonts(fonts);
}

/// The bow-tie canvas font (the face the core layout measures with), regular or bold.
#[must_use]
pub fn bowtie_font(size: f32, bold: bool) -> egui::FontId {
    egui::FontId::new(
        size,
        egui::FontFamily::Name(if bold { "NotoSansBold" } else { "NotoSans" }.into()),
    )
}

/// The user's theme choice, remembered between runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    /// Light theme.
    Light,
    /// Dark theme.
    Dark,
}

impl ThemeChoice {
    /// Every choice, in menu order.
    pub const ALL: [Self; 3] = [Self::System, Self::Light, Self::Dark];

    /// Menu label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::System => "Follow system",
            Self::Light => "Light",
            Self::Dark => "Dark",
        }
    }

    /// Applies the choice to the context.
    pub fn apply(self, ctx: &egui::Context) {
        ctx.set_theme(match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        });
    }
}

/// The fill of a correlation heat-map cell: blue for negative and red for positive associations, fading to
/// the background at 0; grey when the association is undefined.
#[must_use]
pub fn correlation(value: Option<f64>, dark_mode: bool) -> Color32 {
    let Some(v) = value.filter(|v| v.is_finite()) else {
        return color(palette::UNKNOWN);
    };
    let neutral = color(if dark_mode {
        palette::CHECK_UNDEFINED_TINT_DARK
    } else {
        palette::PAPER
    });
    let end = if v < 0.0 {
        color(palette::SERIES_AFTER)
    } else {
        color(palette::FAIL)
    };
    #[expect(clippy::cast_possible_truncation, reason = "a colour fraction")]
    neutral.lerp_to_gamma(end, v.abs().clamp(0.0, 1.0) as f32)
}

/// Text on a filled cell: black or white, whichever reads better.
#[must_use]
pub fn text_on(fill: Color32) -> Color32 {
    color(rgb(fill).contrasting_text())
}
