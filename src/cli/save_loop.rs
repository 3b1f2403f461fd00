//! `riskbench bench save-loop PROJECT` (hidden): saves a project over and over, for the crash-safety test that
//! kills the process at random points during a save.
//!
//! Save `i` sets the description to `save i` followed by a filler of about 64 KiB and writes it with the same
//! atomic save as the GUI, then writes the same text to the autosave sidecar as the GUI's autosave does. With
//! `--pause-ms N` each stage of a save (create the temporary file, write, flush, rename) waits N ms first, so
//! that a kill lands inside a save most of the time. After any kill the project file and the sidecar must each
//! hold one whole save: an old one or the new one.

use std::path::Path;

use crate::model::file;

/// The description of save `i` (the filler makes every save the same, large size).
#[must_use]
pub fn save_loop_description(i: u64) -> String {
    format!(
        "save {i}\n{}",
        "filler line of the crash-safety test\n".repeat(1_800)
    )
}

/// Loads the project, then saves it `count` times (0: until killed), pausing `pause_ms` before each stage of
/// a save; prints `saved i` after each save.
///
/// # Errors
/// When the project cannot be read or a save fails.
pub fn run_save_loop(project_path: &Path, count: u64, pause_ms: u64) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut project = file::load_project(project_path)?.project;
    let mut i = 0_u64;
    while count == 0 || i < count {
        i += 1;
        project.metadata.description = save_loop_description(i);
        let text = file::project_to_string(&project)?;
        let mut pause = |_| {
            std::thread::sleep(std::time::Duration::from_millis(pause_ms));
            Ok(())
        };
        file::write_atomic_with(project_path, text.as_bytes(), &mut pause)?;
        file::write_atomic_with(
            &file::autosave_path(project_path),
            text.as_bytes(),
            &mut pause,
        )?;
        let mut out = std::io::stdout().lock();
        writeln!(out, "saved {i}")?;
        out.flush()?;
    }
    Ok(())
}
