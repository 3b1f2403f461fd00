//! The Measure › Validation and Govern › Release gate screens, driven through the `egui_kittest` harness.
