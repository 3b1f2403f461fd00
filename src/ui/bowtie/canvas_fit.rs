//! Keeping an overlay (the bow-tie's inline editor) inside the visible canvas.

use egui::{Rect, Vec2};

/// How far `inner` must move to lie inside `outer` (left and top win when it is larger).
#[must_use]
pub(super) fn shift_into(inner: Rect, outer: Rect) -> Vec2 {
    let axis = |lo: f32, hi: f32, olo: f32, ohi: f32| {
        if lo < olo {
            olo - lo
        } else if hi > ohi {
            (ohi - hi).max(olo - lo)
        } else {
            0.0
        }
    };
    Vec2::new(
        axis(inner.left(), inner.right(), outer.left(), outer.right()),
        axis(inner.top(), inner.bottom(), outer.top(), outer.bottom()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn moves_an_overlay_back_inside() {
        let outer = Rect::from_min_max(pos2(100.0, 50.0), pos2(500.0, 400.0));
        let inside = Rect::from_min_max(pos2(120.0, 60.0), pos2(200.0, 80.0));
        assert_eq!(shift_into(inside, outer), Vec2::ZERO);
        let left = Rect::from_min_max(pos2(40.0, 60.0), pos2(160.0, 80.0));
        assert_eq!(shift_into(left, outer), Vec2::new(60.0, 0.0));
        let right_bottom = Rect::from_min_max(pos2(450.0, 390.0), pos2(550.0, 410.0));
        assert_eq!(shift_into(right_bottom, outer), Vec2::new(-50.0, -10.0));
    }
}
