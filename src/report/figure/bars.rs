//! Bar charts: grouped vertical bars with an optional reference line, and horizontal bars with value
//! labels.

use crate::report::doc::{Rgb, palette};

use super::{
    Anchor, Figure, GroupedBarChart, HBarChart, Shape, Stroke, TextShape, VAnchor, axis_stroke,
    fitted_label, fmt_num, grid_stroke, nice_ticks, push_legend, text_w,
};

impl Figure {
    /// A grouped bar chart: one cluster per category, one bar per series, optional
    /// confidence-interval whiskers, a dashed horizontal reference line (threshold),
    /// value axis with ticks and gridlines, and a legend.
    #[must_use]
    #[expect(clippy::too_many_lines, reason = "one linear drawing routine")]
    pub fn grouped_bar_chart(caption: impl Into<String>, chart: &GroupedBarChart) -> Self {
        let width = 170.0;
        let height = 85.0;
        let mut fig = Figure::new(caption, width, height);
        let title_h = if chart.title.is_empty() { 2.0 } else { 7.0 };
        let legend_h = 7.0;
        let plot_top = title_h + legend_h;
        let cat_label_h = 9.0;
        let plot_bottom = height - cat_label_h;
        let axis_title_w = 6.0;

        // Data range.
        let mut lo = f32::INFINITY;
        let mut hi = f32::NEG_INFINITY;
        let mut take = |v: f32| {
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        };
        for s in &chart.series {
            for v in &s.values {
                take(*v);
            }
            for [a, b] in s.ci.iter().flatten() {
                take(*a);
                take(*b);
            }
        }
        if let Some(r) = &chart.reference {
            take(r.value);
        }
        let (mut y0, mut y1) = match chart.y_range {
            Some([a, b]) if a.is_finite() && b.is_finite() && b > a => (a, b),
            _ if lo.is_finite() => (lo.min(0.0), if hi > 0.0 { hi * 1.08 } else { hi.max(1.0) }),
            _ => (0.0, 1.0),
        };
        if (y1 - y0).abs() < f32::EPSILON {
            y1 = y0 + 1.0;
        }
        let (t0, step, count) = nice_ticks(y0, y1, 5.0);
        if chart.y_range.is_none() {
            y0 = y0.min(t0);
            #[expect(clippy::cast_precision_loss, reason = "≤ 50 ticks")]
            let top = t0 + step * count as f32;
            y1 = y1.max(top);
        }
        let tick_labels: Vec<(f32, String)> = (0..=count)
            .map(|k| {
                #[expect(clippy::cast_precision_loss, reason = "≤ 50 ticks")]
                let v = t0 + step * k as f32;
                (v, fmt_num(v, chart.decimals))
            })
            .filter(|(v, _)| *v >= y0 - step * 1e-3 && *v <= y1 + step * 1e-3)
            .collect();
        let tick_w = tick_labels
            .iter()
            .map(|(_, s)| text_w(s, 6.5, false))
            .fold(0.0, f32::max);
        let plot_left = axis_title_w + tick_w + 2.5;
        let plot_right = width - 2.0;
        let plot_w = plot_right - plot_left;
        let plot_h = plot_bottom - plot_top;
        let ymap = |v: f32| plot_bottom - (v.clamp(y0, y1) - y0) / (y1 - y0) * plot_h;

        if !chart.title.is_empty() {
            let (t, s) = fitted_label(&chart.title, width, 9.0, 6.5, true);
            fig.shapes.push(Shape::Text(
                TextShape::new(0.0, 4.5, t, s).bold().color(palette::NAVY),
            ));
        }
        // Gridlines and tick labels.
        for (v, label) in &tick_labels {
            let y = ymap(*v);
            fig.shapes
                .push(Shape::line(plot_left, y, plot_right, y, grid_stroke()));
            fig.shapes
                .push(Shape::line(plot_left - 1.2, y, plot_left, y, axis_stroke()));
            fig.shapes.push(Shape::Text(
                TextShape::new(plot_left - 1.8, y, label.clone(), 6.5)
                    .anchored(Anchor::Right, VAnchor::Middle)
                    .color(palette::MUTED),
            ));
        }
        let (yl, ys) = fitted_label(&chart.y_label, plot_h, 7.0, 5.0, true);
        fig.shapes.push(Shape::Text(
            TextShape::new(2.5, plot_top + plot_h / 2.0, yl, ys)
                .bold()
                .anchored(Anchor::Centre, VAnchor::Middle)
                .rotated(90.0),
        ));

        // Bars.
        let n_cat = chart.categories.len().max(1);
        let n_ser = chart.series.len().max(1);
        #[expect(clippy::cast_precision_loss, reason = "small counts")]
        let (group_w, n_ser_f) = (plot_w / n_cat as f32, n_ser as f32);
        let bar_w = (group_w * 0.72 / n_ser_f).min(14.0);
        let cluster_w = bar_w * n_ser_f;
        let base = ymap(0.0f32.clamp(y0, y1));
        for (ci, cat) in chart.categories.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "small counts")]
            let gx = plot_left + group_w * ci as f32;
            let start = gx + (group_w - cluster_w) / 2.0;
            for (si, s) in chart.series.iter().enumerate() {
                let color = palette::SERIES[si % palette::SERIES.len()];
                #[expect(clippy::cast_precision_loss, reason = "small counts")]
                let bx = start + bar_w * si as f32;
                if let Some(v) = s.values.get(ci).copied().filter(|v| v.is_finite()) {
                    let yv = ymap(v);
                    let (top, h) = if yv < base {
                        (yv, base - yv)
                    } else {
                        (base, yv - base)
                    };
                    fig.shapes.push(Shape::rect(
                        bx + 0.25,
                        top,
                        (bar_w - 0.5).max(0.3),
                        h.max(0.2),
                        Some(color),
                        Some(Stroke::solid(palette::INK, 0.3)),
                    ));
                }
                if let Some(Some([a, b])) = s.ci.get(ci)
                    && a.is_finite()
                    && b.is_finite()
                {
                    let (ya, yb) = (ymap(*a), ymap(*b));
                    let mx = bx + bar_w / 2.0;
                    let cap = (bar_w * 0.3).min(2.0);
                    // A white halo keeps the whisker visible over dark bars.
                    for st in [
                        Stroke::solid(Rgb::WHITE, 2.2),
                        Stroke::solid(palette::INK, 0.8),
                    ] {
                        fig.shapes.push(Shape::line(mx, ya, mx, yb, st.clone()));
                        fig.shapes
                            .push(Shape::line(mx - cap, ya, mx + cap, ya, st.clone()));
                        fig.shapes.push(Shape::line(mx - cap, yb, mx + cap, yb, st));
                    }
                }
            }
            let (t, s) = fitted_label(cat, group_w - 1.0, 7.0, 5.0, false);
            fig.shapes.push(Shape::Text(
                TextShape::new(gx + group_w / 2.0, plot_bottom + 4.0, t, s)
                    .anchored(Anchor::Centre, VAnchor::Baseline),
            ));
        }
        // Axes.
        fig.shapes.push(Shape::line(
            plot_left,
            plot_top,
            plot_left,
            plot_bottom,
            axis_stroke(),
        ));
        fig.shapes.push(Shape::line(
            plot_left,
            base,
            plot_right,
            base,
            axis_stroke(),
        ));

        // Reference line.
        let ref_stroke = Stroke::dashed(palette::BAND_VERY_HIGH, 1.0, &[4.0, 2.0]);
        if let Some(r) = &chart.reference
            && r.value.is_finite()
        {
            let y = ymap(r.value);
            fig.shapes
                .push(Shape::line(plot_left, y, plot_right, y, ref_stroke.clone()));
        }
        // Legend (top right).
        let items: Vec<(String, Rgb)> = chart
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), palette::SERIES[i % palette::SERIES.len()]))
            .collect();
        let reference = chart
            .reference
            .as_ref()
            .map(|r| (r.label.clone(), ref_stroke));
        push_legend(
            &mut fig.shapes,
            &items,
            reference,
            plot_right,
            title_h + 3.5,
            false,
        );
        fig
    }

    /// A horizontal bar chart with value labels, a value axis and an optional
    /// vertical reference line.
    #[must_use]
    #[expect(clippy::too_many_lines, reason = "one linear drawing routine")]
    pub fn horizontal_bar_chart(caption: impl Into<String>, chart: &HBarChart) -> Self {
        let width = 170.0;
        let row_h = 6.5;
        let title_h = if chart.title.is_empty() { 1.0 } else { 7.0 };
        #[expect(clippy::cast_precision_loss, reason = "small count")]
        let rows = chart.bars.len().max(1) as f32;
        let plot_top = title_h + 1.0;
        let plot_h = rows * row_h;
        let axis_h = 11.0;
        let height = plot_top + plot_h + axis_h;
        let mut fig = Figure::new(caption, width, height);

        let label_w = chart
            .bars
            .iter()
            .map(|b| text_w(&b.label, 7.5, false))
            .fold(0.0, f32::max)
            .clamp(10.0, width * 0.35);
        let plot_left = label_w + 3.0;
        let value_w = 14.0;
        let plot_right = width - value_w;
        let plot_w = plot_right - plot_left;

        let data_max = chart
            .bars
            .iter()
            .map(|b| b.value)
            .filter(|v| v.is_finite())
            .fold(0.0f32, f32::max);
        let ref_v = chart
            .reference
            .as_ref()
            .map(|r| r.value)
            .filter(|v| v.is_finite())
            .unwrap_or(0.0);
        let raw_max = chart
            .x_max
            .filter(|m| m.is_finite() && *m > 0.0)
            .unwrap_or(data_max.max(ref_v));
        let raw_max = if raw_max > 0.0 { raw_max } else { 1.0 };
        let (_, step, count) = nice_ticks(0.0, raw_max, 5.0);
        #[expect(clippy::cast_precision_loss, reason = "≤ 50 ticks")]
        let x_max = if chart.x_max.is_some() {
            raw_max
        } else {
            step * count as f32
        };
        let xmap = |v: f32| plot_left + v.clamp(0.0, x_max) / x_max * plot_w;

        if !chart.title.is_empty() {
            let (t, s) = fitted_label(&chart.title, width, 9.0, 6.5, true);
            fig.shapes.push(Shape::Text(
                TextShape::new(0.0, 4.5, t, s).bold().color(palette::NAVY),
            ));
        }
        let axis_y = plot_top + plot_h;
        for k in 0..=count {
            #[expect(clippy::cast_precision_loss, reason = "≤ 50 ticks")]
            let v = step * k as f32;
            if v > x_max + step * 1e-3 {
                break;
            }
            let x = xmap(v);
            fig.shapes
                .push(Shape::line(x, plot_top, x, axis_y, grid_stroke()));
            fig.shapes
                .push(Shape::line(x, axis_y, x, axis_y + 1.2, axis_stroke()));
            fig.shapes.push(Shape::Text(
                TextShape::new(x, axis_y + 4.2, fmt_num(v, chart.decimals), 6.5)
                    .anchored(Anchor::Centre, VAnchor::Baseline)
                    .color(palette::MUTED),
            ));
        }
        for (i, b) in chart.bars.iter().enumerate() {
            #[expect(clippy::cast_precision_loss, reason = "small count")]
            let y = plot_top + row_h * i as f32;
            let (t, s) = fitted_label(&b.label, label_w, 7.5, 5.5, false);
            fig.shapes.push(Shape::Text(
                TextShape::new(plot_left - 2.0, y + row_h / 2.0, t, s)
                    .anchored(Anchor::Right, VAnchor::Middle),
            ));
            if b.value.is_finite() {
                let x = xmap(b.value);
                let fill = b.color.unwrap_or(palette::NAVY);
                fig.shapes.push(Shape::rect(
                    plot_left,
                    y + row_h * 0.18,
                    (x - plot_left).max(0.2),
                    row_h * 0.64,
                    Some(fill),
                    Some(Stroke::solid(palette::INK, 0.3)),
                ));
                fig.shapes.push(Shape::Text(
                    TextShape::new(
                        x + 1.5,
                        y + row_h / 2.0,
                        fmt_num(b.value, chart.decimals),
                        7.0,
                    )
                    .anchored(Anchor::Left, VAnchor::Middle),
                ));
            }
        }
        fig.shapes.push(Shape::line(
            plot_left,
            plot_top,
            plot_left,
            axis_y,
            axis_stroke(),
        ));
        fig.shapes.push(Shape::line(
            plot_left,
            axis_y,
            plot_right,
            axis_y,
            axis_stroke(),
        ));
        let (xl, xs) = fitted_label(&chart.x_label, plot_w, 7.0, 5.0, true);
        fig.shapes.push(Shape::Text(
            TextShape::new(plot_left + plot_w / 2.0, axis_y + 9.0, xl, xs)
                .bold()
                .anchored(Anchor::Centre, VAnchor::Baseline),
        ));
        if let Some(r) = &chart.reference
            && r.value.is_finite()
        {
            let st = Stroke::dashed(palette::BAND_VERY_HIGH, 1.0, &[4.0, 2.0]);
            let x = xmap(r.value);
            fig.shapes
                .push(Shape::line(x, plot_top - 1.0, x, axis_y, st.clone()));
            push_legend(
                &mut fig.shapes,
                &[],
                Some((r.label.clone(), st)),
                width - 1.0,
                axis_y + 8.0,
                false,
            );
        }
        fig
    }
}
