//! Reading and writing project files: precise parse errors, migration, atomic saves and autosave sidecars.
//!
//! A save never leaves a half-written project behind: the text goes to a temporary file in the same folder,
//! which is flushed to disk (`fsync`) and then renamed over the old file; the folder is synced too. Any failure
//! before the rename leaves the old file untouched and removes the temporary file.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::Deserialize;

use super::project::Project;
use super::schema::{self, SCHEMA_VERSION};

/// The extension of project files.
pub const PROJECT_EXTENSION: &str = ".riskbench.ron";

/// Why a project file could not be read or written. Paths come last in messages.
#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    /// The file could not be read.
    #[error("cannot read the project file: {source}: {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The text is not a valid project (syntax or a wrong value); line and column are 1-based.
    #[error("line {line}, column {column}: {message}: {path}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        column: usize,
        /// What was wrong or expected.
        message: String,
    },
    /// The file has no `schema_version` at its top.
    #[error("this is not a Riskbench project: it has no schema_version: {path}")]
    NoSchemaVersion {
        /// The file.
        path: PathBuf,
    },
    /// The file was written by a newer Riskbench.
    #[error(
        "the project uses schema version {found}, newer than this Riskbench supports ({supported}); \
         open it with a newer Riskbench: {path}"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Version found in the file.
        found: u32,
        /// Highest version this build reads.
        supported: u32,
    },
    /// Migrating an older file failed.
    #[error("cannot upgrade the project from schema version {from}: {message}: {path}")]
    Migration {
        /// The file.
        path: PathBuf,
        /// Version found in the file.
        from: u32,
        /// What went wrong.
        message: String,
    },
    /// The project could not be written.
    #[error("cannot save the project ({stage}): {source}: {path}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Which step failed.
        stage: SaveStage,
        /// The cause.
        source: std::io::Error,
    },
    /// The project could not be turned into text (a bug, reported rather than hidden).
    #[error("cannot serialise the project: {0}")]
    Serialise(String),
}

/// A project read from disk, and what happened on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedProject {
    /// The project, at the current schema version.
    pub project: Project,
    /// The schema version the file had; less than [`SCHEMA_VERSION`] when it was migrated.
    pub file_schema_version: u32,
}

impl LoadedProject {
    /// Whether the file was written by an older schema and upgraded on load (saving will rewrite it).
    #[must_use]
    pub fn was_migrated(&self) -> bool {
        self.file_schema_version < SCHEMA_VERSION
    }
}

#[derive(Deserialize)]
struct Header {
    /// 0 when absent: versions start at 1.
    #[serde(default)]
    schema_version: u32,
}

/// Parses project text; `path` only names the source in errors.
///
/// # Errors
/// A [`ProjectFileError`] naming the line and column of the problem.
pub fn parse_project(text: &str, path: &Path) -> Result<LoadedProject, ProjectFileError> {
    let syntax = |e: ron::error::SpannedError| ProjectFileError::Syntax {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: name_the_field(text, e.span.start.line, describe_ron_error(&e.code)),
    };
    let header: Header = ron::from_str(text).map_err(syntax)?;
    let version = header.schema_version;
    if version == 0 {
        return Err(ProjectFileError::NoSchemaVersion {
            path: path.to_owned(),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(ProjectFileError::TooNew {
            path: path.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let mut project = ron::from_str::<Project>(text).map_err(syntax)?;
    if version < SCHEMA_VERSION {
        schema::migrate(&mut project, version, schema::MIGRATIONS).map_err(|message| {
            ProjectFileError::Migration {
                path: path.to_owned(),
                from: version,
                message,
            }
        })?;
    }
    Ok(LoadedProject {
        project,
        file_schema_version: version,
    })
}

/// A number refused by [`crate::model::finite`] is named by its field: the last `name:` on its line before
/// the error ("imbalance: expected a finite number, found NaN").
fn name_the_field(text: &str, line: usize, message: String) -> String {
    if !message.starts_with(crate::model::finite::NOT_FINITE) {
        return message;
    }
    let field = text
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.split(':').rev().nth(1))
        .map(|before| {
            before
                .trim_end()
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or_default()
        })
        .filter(|name| !name.is_empty());
    match field {
        Some(name) => format!("{name}: {message}"),
        None => message,
    }
}

fn describe_ron_error(code: &ron::Error) -> String {
    match code {
        ron::Error::Eof => "the file ends too early (is it truncated?)".to_owned(),
        other => other.to_string(),
    }
}

/// Reads and parses a project file.
///
/// # Errors
/// A [`ProjectFileError`] saying what is wrong and where.
pub fn load_project(path: &Path) -> Result<LoadedProject, ProjectFileError> {
    let bytes = fs::read(path).map_err(|source| ProjectFileError::Read {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        ProjectFileError::Syntax {
            path: path.to_owned(),
            line,
            column,
            message: "the file is not valid UTF-8 text".to_owned(),
        }
    })?;
    // A byte-order mark (an editor on Windows adds one) is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let loaded = parse_project(text, path)?;
    // A save killed between creating its temporary file and renaming it leaves the file behind; it holds
    // nothing the user needs (the project file is whole), so opening the project removes it.
    remove_stale_temp_files(path);
    Ok(loaded)
}

/// The temporary file a save by process `pid` writes next to `path`.
fn temp_path(path: &Path, pid: u32) -> PathBuf {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map_or_else(|| "project".into(), |n| n.to_string_lossy());
    dir.join(format!(".{file_name}.tmp-{pid}"))
}

/// Whether a process with this id is running (on systems without `/proc`, every process is assumed alive,
/// so a temporary file is then removed only when it is more than a day old).
fn process_alive(pid: u32) -> Option<bool> {
    let proc_dir = Path::new("/proc");
    proc_dir
        .is_dir()
        .then(|| proc_dir.join(pid.to_string()).exists())
}

/// Removes the temporary files that killed saves of `path` (or of its autosave sidecar) left in its folder:
/// `.NAME.tmp-PID` whose process is gone (or, where that cannot be known, older than a day). Returns the files
/// removed. Best effort: a file that cannot be removed is left.
pub fn remove_stale_temp_files(path: &Path) -> Vec<PathBuf> {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let me = std::process::id();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = [name.clone(), format!("{name}.autosave")]
            .iter()
            .find_map(|n| file_name.strip_prefix(&format!(".{n}.tmp-")))
            .and_then(|p| p.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        if pid == me {
            continue;
        }
        let stale = match process_alive(pid) {
            Some(alive) => !alive,
            None => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 3600),
        };
        if stale && fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

fn line_column(valid_prefix: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(valid_prefix);
    let line = text.matches('\n').count() + 1;
    let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The project as pretty-printed RON, in stable field order, ending with a newline.
///
/// # Errors
/// Only when serde cannot represent a value (a bug).
pub fn project_to_string(project: &Project) -> Result<String, ProjectFileError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let mut text = ron::ser::to_string_pretty(project, config)
        .map_err(|e| ProjectFileError::Serialise(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// A step of an atomic save, named in errors and used to inject failures in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStage {
    /// Creating the temporary file next to the target.
    CreateTemp,
    /// Writing the bytes.
    Write,
    /// Flushing the temporary file to disk.
    Sync,
    /// Renaming the temporary file over the target.
    Rename,
}

impl std::fmt::Display for SaveStage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::CreateTemp => "creating a temporary file",
            Self::Write => "writing",
            Self::Sync => "flushing to disk",
            Self::Rename => "replacing the old file",
        })
    }
}

/// Writes `bytes` to `path` atomically: temp file in the same folder, fsync, rename, folder sync.
///
/// # Errors
/// The failing [`SaveStage`] with its cause; the old file, if any, is unchanged.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ProjectFileError> {
    write_atomic_with(path, bytes, &mut |_| Ok(()))
}

/// [`write_atomic`] with a hook called before each stage; an error from the hook fails that stage.
/// Tests use it to simulate a full disk or a crash at any point.
///
/// # Errors
/// As [`write_atomic`].
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before: &mut dyn FnMut(SaveStage) -> std::io::Result<()>,
) -> Result<(), ProjectFileError> {
    let fail = |stage, source| ProjectFileError::Write {
        path: path.to_owned(),
        stage,
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if path.is_dir() || path.file_name().is_none() {
        return Err(fail(
            SaveStage::CreateTemp,
            std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "this is a folder: give the name of a file to write",
            ),
        ));
    }
    if let Some(special) = special_file(path) {
        // A device, pipe or socket (`/dev/null`, `/dev/stdout`, a FIFO): written in place. Renaming a temporary
        // file over it would replace the device with a regular file (as root, `/dev/null` itself).
        before(SaveStage::Write).map_err(|e| fail(SaveStage::Write, e))?;
        let mut file = fs::OpenOptions::new()
            .write(true)
            .open(special)
            .map_err(|e| fail(SaveStage::Write, e))?;
        return file.write_all(bytes).map_err(|e| fail(SaveStage::Write, e));
    }
    let temp = temp_path(path, std::process::id());

    before(SaveStage::CreateTemp).map_err(|e| fail(SaveStage::CreateTemp, e))?;
    let mut file = fs::File::create(&temp).map_err(|e| fail(SaveStage::CreateTemp, e))?;
    let result = (|| {
        before(SaveStage::Write).map_err(|e| fail(SaveStage::Write, e))?;
        file.write_all(bytes)
            .map_err(|e| fail(SaveStage::Write, e))?;
        before(SaveStage::Sync).map_err(|e| fail(SaveStage::Sync, e))?;
        file.sync_all().map_err(|e| fail(SaveStage::Sync, e))?;
        drop(file);
        before(SaveStage::Rename).map_err(|e| fail(SaveStage::Rename, e))?;
        fs::rename(&temp, path).map_err(|e| fail(SaveStage::Rename, e))
    })();
    if result.is_err() {
        // Best effort: the temporary file is ours and holds nothing the user needs.
        let _ = fs::remove_file(&temp);
        return result;
    }
    // Make the rename itself durable. Not all platforms can open a folder; that is not an error.
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// `path` when it names an existing file that is not a regular file (following links): a device, a pipe or
/// a socket, which is written in place rather than replaced.
fn special_file(path: &Path) -> Option<&Path> {
    let kind = fs::metadata(path).ok()?.file_type();
    (!kind.is_file() && !kind.is_dir()).then_some(path)
}

/// Saves a project atomically.
///
/// # Errors
/// See [`write_atomic`].
pub fn save_project(path: &Path, project: &Project) -> Result<(), ProjectFileError> {
    write_atomic(path, project_to_string(project)?.as_bytes())
}

/// The autosave sidecar of a project file: `name.riskbench.ron.autosave` in the same folder.
#[must_use]
pub fn autosave_path(project_path: &Path) -> PathBuf {
    let mut name = project_path.as_os_str().to_owned();
    name.push(".autosave");
    PathBuf::from(name)
}

/// An autosave that holds changes newer than the project file, offered for recovery on open.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    /// The sidecar file.
    pub autosave_path: PathBuf,
    /// When the sidecar was written.
    pub saved_at: SystemTime,
}

/// The autosave sidecar of `project_path` if it exists and is newer than the project file (or the project
/// file is gone).
#[must_use]
pub fn find_recovery(project_path: &Path) -> Option<Recovery> {
    let sidecar = autosave_path(project_path);
    let autosaved = fs::metadata(&sidecar).and_then(|m| m.modified()).ok()?;
    let newer = match fs::metadata(project_path).and_then(|m| m.modified()) {
        Ok(saved) => autosaved > saved,
        Err(_) => true,
    };
    newer.then_some(Recovery {
        autosave_path: sidecar,
        saved_at: autosaved,
    })
}

/// Removes the autosave sidecar after a successful save or when the user discards it.
///
/// # Errors
/// When the sidecar exists but cannot be removed.
pub fn remove_autosave(project_path: &Path) -> std::io::Result<()> {
    match fs::remove_file(autosave_path(project_path)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Whether a path names a project file (by its extension).
#[must_use]
pub fn is_project_path(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(PROJECT_EXTENSION))
}

/// A path relative to `base_dir` with `/` separators, for storing in the project; falls back to the absolute
/// path (still with `/`) when no relative path exists (another drive).
#[must_use]
pub fn relative_path(path: &Path, base_dir: &Path) -> String {
    let abs = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
    let (path, base) = (abs(path), abs(base_dir));
    let path_parts: Vec<_> = path.components().collect();
    let base_parts: Vec<_> = base.components().collect();
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return path.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> =
        std::iter::repeat_n("..".to_owned(), base_parts.len() - common).collect();
    parts.extend(
        path_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// Rewrites dataset paths stored relative to `old_base` (or absolute, when the project had no folder yet) so
/// they are relative to `new_base`: used when a project is saved into another folder.
pub fn rebase_dataset_paths(project: &mut Project, old_base: Option<&Path>, new_base: &Path) {
    if old_base == Some(new_base) {
        return;
    }
    for dataset in &mut project.datasets {
        let stored = match old_base {
            Some(base) => resolve_path(&dataset.path, base),
            None => PathBuf::from(&dataset.path),
        };
        if let Ok(absolute) = std::path::absolute(&stored) {
            dataset.path = relative_path(&absolute, new_base);
        }
    }
}

/// Resolves a stored dataset path against the project's folder.
#[must_use]
pub fn resolve_path(stored: &str, base_dir: &Path) -> PathBuf {
    let p = Path::new(stored);
    if p.is_absolute() {
        p.to_owned()
    } else {
        base_dir.join(p)
    }
}
