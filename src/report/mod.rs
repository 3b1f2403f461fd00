//! The formal PDF "AI Risk Treatment Plan".
//!
//! Not built yet: this module will turn a project into a plain `ReportDoc` value and render it with printpdf.
//! Until then the GUI and the CLI offer no report export.
