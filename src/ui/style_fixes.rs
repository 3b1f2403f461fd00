//! Small corrections to egui's default look: in the light theme an unfocused text field has no outline, so an
//! empty field cannot be told from the page; give inactive widgets a thin grey border there.

use egui::{Stroke, Theme};

use super::theme;
use crate::model::palette;

/// Installs the corrections on `ctx` (both themes are adjusted once; the theme choice keeps working).
pub fn install(ctx: &egui::Context) {
    ctx.style_mut_of(Theme::Light, |style| {
        style.visuals.widgets.inactive.bg_stroke = Stroke::new(1.0, theme::color(palette::UNKNOWN));
    });
}
