//! Unit tests of the figure builders: nice ticks, degenerate input, elided labels.

use super::*;

#[test]
fn ticks_are_nice() {
    let (s, st, n) = nice_ticks(0.0, 0.93, 5.0);
    assert!((s - 0.0).abs() < 1e-6);
    assert!((st - 0.2).abs() < 1e-6);
    assert_eq!(n, 5);
    let (_, _, n) = nice_ticks(0.0, f32::MAX, 5.0);
    assert!(n <= 50);
}

#[test]
fn builders_survive_degenerate_input() {
    let f = Figure::grouped_bar_chart("", &GroupedBarChart::default());
    assert!(f.width_mm > 0.0);
    let chart = GroupedBarChart {
        categories: vec!["a".into(), "b".into()],
        series: vec![BarSeries {
            name: "s".into(),
            values: vec![f32::NAN, f32::INFINITY],
            ci: vec![Some([f32::NAN, 1.0])],
        }],
        y_range: Some([1.0, 1.0]),
        ..Default::default()
    };
    let _ = Figure::grouped_bar_chart("x", &chart);
    let _ = Figure::horizontal_bar_chart("", &HBarChart::default());
    let _ = Figure::risk_heat_maps("", &[]);
    let many: Vec<HeatMapEntry> = (0..40)
        .map(|i| HeatMapEntry {
            id: format!("R{i}"),
            likelihood: 5,
            impact: 5,
        })
        .collect();
    let f = Figure::risk_heat_map(
        "",
        &HeatMap {
            entries: many,
            ..Default::default()
        },
    );
    assert!(
        f.shapes
            .iter()
            .any(|s| matches!(s, Shape::Text(t) if t.text.contains('+')))
    );
}

#[test]
fn elide_shortens() {
    let s = elide("A very long label that cannot fit", 15.0, 7.0, false);
    assert!(s.ends_with('…'));
    assert!(text_w(&s, 7.0, false) <= 15.0 + 1e-3);
}

#[test]
fn window_panels_survive_degenerate_input_and_wrap_a_long_legend() {
    // No window, no series, a NaN and a bound without its pair: nothing panics, nothing is drawn off scale.
    let empty = Figure::window_panels("", &[], &[WindowPanel::default()], 170.0, 60.0);
    assert!((empty.height_mm - 60.0).abs() < 1e-6);
    let windows: Vec<String> = (1..=3).map(|m| format!("2024-0{m}")).collect();
    let series = |label: String| WindowSeries {
        label,
        values: vec![Some(0.5), Some(f64::NAN), None],
        lower: vec![Some(0.4), None, Some(0.1)],
        upper: vec![Some(0.6), Some(0.7), None],
    };
    // Fifteen groups (race × sex): the legend takes several rows and the figure grows by as many.
    let panel = WindowPanel {
        title: "Selection rate".into(),
        y_label: "rate".into(),
        series: (0..15)
            .map(|i| series(format!("race=group {i}, sex=female")))
            .collect(),
        threshold: Some(0.1),
        y_min_top: 1.0,
    };
    let fig = Figure::window_panels("", &windows, &[panel], 170.0, 60.0);
    let mut legend_rows: Vec<f32> = fig
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Rect { y, h, .. } if (*h - 3.2).abs() < 1e-6 => Some(*y),
            _ => None,
        })
        .collect();
    legend_rows.dedup_by(|a, b| (*a - *b).abs() < 1e-4);
    assert!(legend_rows.len() > 1, "{legend_rows:?}");
    #[expect(clippy::cast_precision_loss, reason = "a few rows")]
    let grown = 60.0 + (legend_rows.len() - 1) as f32 * 4.5;
    assert!((fig.height_mm - grown).abs() < 1e-4, "{}", fig.height_mm);
    // One dot per finite value: 15 series × 1 (the NaN and the missing value are not drawn).
    let dots = fig
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Circle { .. }))
        .count();
    assert_eq!(dots, 15);
    // One whisker per window with both bounds: the first window only.
    let whiskers = fig
        .shapes
        .iter()
        .filter(|s| {
            matches!(s, Shape::Line { points, stroke }
                if (stroke.width_pt - 0.5).abs() < 1e-6 && (points[0][0] - points[1][0]).abs() < 1e-6)
        })
        .count();
    assert_eq!(whiskers, 15);
}
