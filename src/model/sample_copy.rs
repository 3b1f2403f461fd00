//! The bundled sample project is never edited where it is installed: on a first start the application opens a
//! copy of it (the project file and its `data` folder) in the user's documents, so edits and autosaves change
//! the copy, not the shipped sample (in a source checkout: the repository's file).

use std::io;
use std::path::{Path, PathBuf};

/// Where the copy is and whether this call made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleCopy {
    /// The copied project file.
    pub project: PathBuf,
    /// `true` when the copy was made now; `false` when an earlier copy was found and reused as it is.
    pub created: bool,
}

/// The folder a first start copies the sample into: `Riskbench` in the user's documents (`$HOME/Documents`
/// when it exists), else in `fallback` (the application's data folder).
#[must_use]
pub fn default_folder(home: Option<&Path>, fallback: Option<&Path>) -> Option<PathBuf> {
    home.map(|h| h.join("Documents"))
        .filter(|d| d.is_dir())
        .or_else(|| fallback.map(Path::to_owned))
        .map(|d| d.join("Riskbench"))
}

/// Copies the sample project `sample` (a project file with its data beside it) into `folder/<sample folder
/// name>/`, keeping the relative layout so dataset paths still resolve. An existing copy is reused untouched (it
/// may hold the user's edits).
///
/// # Errors
/// When the sample cannot be read or the copy cannot be written (the message names the file).
pub fn copy_sample(sample: &Path, folder: &Path) -> io::Result<SampleCopy> {
    let source_dir = sample.parent().unwrap_or_else(|| Path::new("."));
    let name = source_dir
        .file_name()
        .map_or_else(|| "sample".into(), std::borrow::ToOwned::to_owned);
    let target_dir = folder.join(name);
    let file_name = sample.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a file", sample.display()),
        )
    })?;
    let project = target_dir.join(file_name);
    if project.is_file() {
        return Ok(SampleCopy {
            project,
            created: false,
        });
    }
    copy_tree(source_dir, &target_dir)?;
    Ok(SampleCopy {
        project,
        created: true,
    })
}

/// Copies files and folders recursively, skipping autosaves and recovery files of the sample.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    let with_path =
        |e: io::Error, p: &Path| io::Error::new(e.kind(), format!("{}: {e}", p.display()));
    std::fs::create_dir_all(to).map_err(|e| with_path(e, to))?;
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .map_err(|e| with_path(e, from))?
        .collect::<Result<_, _>>()
        .map_err(|e| with_path(e, from))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') || name.to_string_lossy().ends_with('~') {
            continue;
        }
        let target = to.join(&name);
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| with_path(e, &path))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_project_and_data_once_and_reuses_the_copy() {
        let src = tempfile::tempdir().unwrap();
        let sample_dir = src.path().join("loan_approval");
        std::fs::create_dir_all(sample_dir.join("data")).unwrap();
        std::fs::write(sample_dir.join("loan.riskbench.ron"), "project").unwrap();
        std::fs::write(sample_dir.join("data/a.csv"), "x\n1\n").unwrap();
        let dest = tempfile::tempdir().unwrap();
        let copy = copy_sample(&sample_dir.join("loan.riskbench.ron"), dest.path()).unwrap();
        assert!(copy.created);
        assert_eq!(
            copy.project,
            dest.path().join("loan_approval/loan.riskbench.ron")
        );
        assert_eq!(
            std::fs::read_to_string(dest.path().join("loan_approval/data/a.csv")).unwrap(),
            "x\n1\n"
        );
        std::fs::write(&copy.project, "edited").unwrap();
        let again = copy_sample(&sample_dir.join("loan.riskbench.ron"), dest.path()).unwrap();
        assert!(!again.created);
        assert_eq!(std::fs::read_to_string(&again.project).unwrap(), "edited");
        assert_eq!(
            std::fs::read_to_string(sample_dir.join("loan.riskbench.ron")).unwrap(),
            "project"
        );
    }
}
