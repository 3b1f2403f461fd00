//! The 5×5 risk heat maps: cells coloured by band listing the ids of the risks they hold, axis labels
//! naming the likelihood and impact levels, one shared band legend.

use crate::report::doc::{Rgb, RiskBand, palette};

use super::{
    Anchor, Figure, HeatMap, MM_PER_PT, Shape, Stroke, TextShape, VAnchor, elide, fitted_label,
    push_legend, text_w,
};

impl Figure {
    /// One or more 5×5 risk heat maps side by side (e.g. inherent and residual), with
    /// a shared band legend. Cells are coloured by band and list the IDs of the risks
    /// they hold; axis labels name the likelihood and impact levels.
    #[must_use]
    pub fn risk_heat_maps(caption: impl Into<String>, maps: &[HeatMap]) -> Self {
        Self::heat_maps_in(caption, maps, if maps.len() <= 1 { 100.0 } else { 170.0 })
    }

    /// A single 5×5 risk heat map.
    #[must_use]
    pub fn risk_heat_map(caption: impl Into<String>, map: &HeatMap) -> Self {
        Self::risk_heat_maps(caption, std::slice::from_ref(map))
    }

    #[expect(clippy::too_many_lines, reason = "one linear drawing routine")]
    fn heat_maps_in(caption: impl Into<String>, maps: &[HeatMap], width: f32) -> Self {
        let n = maps.len().max(1);
        let gap = 8.0;
        #[expect(clippy::cast_precision_loss, reason = "small count")]
        let panel_w = (width - gap * (n as f32 - 1.0)) / n as f32;
        let label_w = (panel_w * 0.26).clamp(14.0, 26.0);
        let axis_title_w = 5.0;
        let cell = ((panel_w - label_w - axis_title_w - 1.0) / 5.0).clamp(6.0, 16.0);
        let title_h = 7.0;
        let grid_top = title_h;
        let grid_h = cell * 5.0;
        let tick_h = 9.0;
        let legend_y = grid_top + grid_h + tick_h + 8.0;
        let height = legend_y + 6.0;
        let mut fig = Figure::new(caption, width, height);

        for (mi, map) in maps.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "small count")]
            let x0 = mi as f32 * (panel_w + gap);
            let grid_left = x0 + axis_title_w + label_w;
            let grid_w = cell * 5.0;
            // Title centred over the grid.
            let (title, ts) = fitted_label(&map.title, panel_w, 9.0, 6.5, true);
            fig.shapes.push(Shape::Text(
                TextShape::new(grid_left + grid_w / 2.0, 4.5, title, ts)
                    .bold()
                    .color(palette::NAVY)
                    .anchored(Anchor::Centre, VAnchor::Baseline),
            ));
            // Cells: likelihood 5 on top.
            let mut ids: Vec<Vec<&str>> = vec![Vec::new(); 25];
            for e in &map.entries {
                let l = usize::from(e.likelihood.clamp(1, 5)) - 1;
                let i = usize::from(e.impact.clamp(1, 5)) - 1;
                ids[l * 5 + i].push(e.id.as_str());
            }
            for l in 0..5u8 {
                for i in 0..5u8 {
                    let band = map.bands.map_or_else(
                        || RiskBand::from_score(l + 1, i + 1),
                        |b| b[usize::from(l)][usize::from(i)],
                    );
                    let cx = grid_left + f32::from(i) * cell;
                    let cy = grid_top + f32::from(4 - l) * cell;
                    let fill = map
                        .fills
                        .map_or_else(|| band.fill(), |f| f[usize::from(l)][usize::from(i)]);
                    fig.shapes.push(Shape::rect(
                        cx,
                        cy,
                        cell,
                        cell,
                        Some(fill),
                        Some(Stroke::solid(Rgb::WHITE, 1.2)),
                    ));
                    let cell_ids = &ids[usize::from(l) * 5 + usize::from(i)];
                    push_cell_ids(
                        &mut fig.shapes,
                        cell_ids,
                        cx,
                        cy,
                        cell,
                        fill.contrasting_text(),
                    );
                }
            }
            // Likelihood labels (left of rows) and axis title.
            let mut widest: f32 = 0.0;
            for l in 0..5u8 {
                let name = map
                    .likelihood_labels
                    .get(usize::from(l))
                    .map_or_else(|| format!("{}", l + 1), |s| format!("{} {s}", l + 1));
                let (txt, s) = fitted_label(&name, label_w - 1.5, 6.5, 5.0, false);
                widest = widest.max(text_w(&txt, s, false));
                fig.shapes.push(Shape::Text(
                    TextShape::new(
                        grid_left - 1.5,
                        grid_top + f32::from(4 - l) * cell + cell / 2.0,
                        txt,
                        s,
                    )
                    .anchored(Anchor::Right, VAnchor::Middle)
                    .color(palette::MUTED),
                ));
            }
            fig.shapes.push(Shape::Text(
                TextShape::new(
                    (grid_left - widest - 5.5).max(x0 + 2.5),
                    grid_top + grid_h / 2.0,
                    "Likelihood",
                    7.0,
                )
                .bold()
                .anchored(Anchor::Centre, VAnchor::Middle)
                .rotated(90.0),
            ));
            // Impact labels (below columns), on two lines when they are long.
            for i in 0..5u8 {
                let name = map
                    .impact_labels
                    .get(usize::from(i))
                    .map_or("", String::as_str);
                let cx = grid_left + f32::from(i) * cell + cell / 2.0;
                fig.shapes.push(Shape::Text(
                    TextShape::new(cx, grid_top + grid_h + 3.2, format!("{}", i + 1), 6.5)
                        .anchored(Anchor::Centre, VAnchor::Baseline)
                        .color(palette::MUTED),
                ));
                if !name.is_empty() {
                    let (txt, s) = fitted_label(name, cell - 0.6, 6.0, 4.5, false);
                    fig.shapes.push(Shape::Text(
                        TextShape::new(cx, grid_top + grid_h + 6.3, txt, s)
                            .anchored(Anchor::Centre, VAnchor::Baseline)
                            .color(palette::MUTED),
                    ));
                }
            }
            fig.shapes.push(Shape::Text(
                TextShape::new(
                    grid_left + grid_w / 2.0,
                    grid_top + grid_h + tick_h + 2.5,
                    "Impact",
                    7.0,
                )
                .bold()
                .anchored(Anchor::Centre, VAnchor::Baseline),
            ));
        }

        // Shared legend, centred.
        let items: Vec<(String, Rgb)> = match maps.first() {
            Some(map) if !map.legend.is_empty() => map.legend.clone(),
            _ => RiskBand::ALL
                .iter()
                .map(|b| (b.label().to_string(), b.fill()))
                .collect(),
        };
        push_legend(&mut fig.shapes, &items, None, width / 2.0, legend_y, true);
        fig
    }
}

/// Writes the risk IDs of a heat-map cell, wrapped, with "+N" when they do not fit.
fn push_cell_ids(shapes: &mut Vec<Shape>, ids: &[&str], x: f32, y: f32, cell: f32, color: Rgb) {
    if ids.is_empty() {
        return;
    }
    let size = if cell >= 11.0 { 6.5 } else { 5.5 };
    let line_h = size * MM_PER_PT * 1.25;
    let max_w = cell - 1.2;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "small positive"
    )]
    let max_lines = ((cell - 1.0) / line_h).floor().max(1.0) as usize;
    let fits = |s: &str| text_w(s, size, true) <= max_w;
    // Greedy wrap of the (elided) IDs into lines of token lists.
    let tokens: Vec<String> = ids.iter().map(|id| elide(id, max_w, size, true)).collect();
    let mut lines: Vec<Vec<String>> = Vec::new();
    for t in &tokens {
        if let Some(cur) = lines.last_mut() {
            let candidate = format!("{} {t}", cur.join(" "));
            if fits(&candidate) {
                cur.push(t.clone());
                continue;
            }
        }
        lines.push(vec![t.clone()]);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let shown_before: usize = lines[..max_lines - 1].iter().map(Vec::len).sum();
        if let Some(last) = lines.last_mut() {
            loop {
                let hidden = tokens.len() - shown_before - last.len();
                let text = if last.is_empty() {
                    format!("+{hidden}")
                } else {
                    format!("{} +{hidden}", last.join(" "))
                };
                if fits(&text) || last.is_empty() {
                    *last = vec![text];
                    break;
                }
                last.pop();
            }
        }
    }
    let rendered: Vec<String> = lines.iter().map(|l| l.join(" ")).collect();
    #[expect(clippy::cast_precision_loss, reason = "few lines")]
    let block_h = line_h * rendered.len() as f32;
    let mut cy = y + (cell - block_h) / 2.0 + line_h / 2.0;
    for l in rendered {
        shapes.push(Shape::Text(
            TextShape::new(x + cell / 2.0, cy, l, size)
                .bold()
                .color(color)
                .anchored(Anchor::Centre, VAnchor::Middle),
        ));
        cy += line_h;
    }
}
