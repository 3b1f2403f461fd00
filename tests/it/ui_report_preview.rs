//! Report › AI Risk Treatment Plan previews the document itself: numbered headings, real tables with their
//! header and cells, the new plan parts (resources, kill-switch criteria, next review) — never markup source.

use crate::support::ui as support;
use egui_kittest::kittest::Queryable as _;
use support::{app, sample_copy};

#[test]
fn the_preview_shows_headings_and_table_cells_without_markup() {
    let (_dir, project) = sample_copy();
    let mut harness = app(Some(project));
    harness.get_by_label("AI Risk Treatment Plan").click();
    harness.run_steps(2);
    // Headings are numbered as in the PDF; the contents list them too, in their own form.
    assert!(harness.query_by_label("10 Treatment plan").is_some());
    assert!(harness.query_by_label("10 · Treatment plan").is_some());
    assert!(
        harness
            .query_by_label("5 Method and participants")
            .is_some()
    );
    // Real tables: the header cells and body cells are labels of their own, not `|`-separated lines.
    assert!(
        !harness
            .query_all_by_label("KRI / trigger")
            .collect::<Vec<_>>()
            .is_empty()
    );
    assert!(
        !harness
            .query_all_by_label("Resources")
            .collect::<Vec<_>>()
            .is_empty()
    );
    assert_eq!(harness.query_all_by_label("Methods used").count(), 0);
    assert_eq!(
        harness.query_all_by_label("Table 5: Methods used").count(),
        1
    );
    assert_eq!(harness.query_all_by_label("Bow-tie analysis").count(), 1);
    assert!(harness.query_by_label("Kill-switch criteria").is_none());
    assert_eq!(
        harness
            .query_all_by_label("12.2 Kill-switch criteria")
            .count(),
        1
    );
    // No markup source: no `**` emphasis markers and no table rows drawn as `| a | b |`.
    assert_eq!(harness.query_all_by_label_contains("**").count(), 0);
    assert_eq!(harness.query_all_by_label_contains("| ").count(), 0);
    // Bold spans are kept as text, without their markers.
    assert!(
        harness
            .query_all_by_label_contains("are treated before deployment")
            .count()
            >= 1
    );
}
