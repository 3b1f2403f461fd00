//! Crash safety of saves, proved by killing: `riskbench bench save-loop` saves a project (and its autosave
//! sidecar) over and over, pausing 2 ms before each stage of a save (create the temporary file, write, flush,
//! rename) so that kills land inside saves, and is killed with SIGKILL at a random moment, 500 times. After every kill the
//! project and the sidecar load, each holds one whole save — the last one the child reported as done or the
//! one after it, never a mix — and opening the project removes the temporary files the killed saves left.

#![expect(
    clippy::unwrap_used,
    reason = "in test helpers a failed unwrap is a failed test"
)]

use std::io::BufRead as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use riskbench::cli::save_loop::save_loop_description;
use riskbench::model::file::{autosave_path, load_project, project_to_string};

const KILLS: u64 = 500;

/// The save number a loaded project holds (0: the project as created).
fn save_number(path: &Path) -> u64 {
    let loaded = load_project(path)
        .unwrap_or_else(|e| panic!("the project does not load after a kill: {e}"));
    let description = &loaded.project.metadata.description;
    // One whole save: the text on disk is exactly what that save wrote.
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        project_to_string(&loaded.project).unwrap(),
        "{} is not one whole save",
        path.display()
    );
    if description.is_empty() {
        return 0;
    }
    let n: u64 = description
        .strip_prefix("save ")
        .and_then(|rest| rest.split('\n').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("unexpected description in {}", path.display()));
    assert_eq!(*description, save_loop_description(n), "a mixed save");
    n
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.riskbench.ron");
    let status = Command::new(env!("CARGO_BIN_EXE_riskbench"))
        .args(["new", project.to_str().unwrap()])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    // A fixed seed: the same kill moments on every run.
    let mut state: u64 = 0x5eed_1919;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut leftovers, mut mid_save_kills, mut previous) = (0_usize, 0_u64, 0_u64);
    for kill in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_riskbench"))
            .args([
                "bench",
                "save-loop",
                project.to_str().unwrap(),
                "--pause-ms",
                "2",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let reported = Arc::new(AtomicU64::new(0));
        let first_save = Arc::new((std::sync::Mutex::new(false), std::sync::Condvar::new()));
        let stdout = child.stdout.take().unwrap();
        let reader = {
            let (reported, first_save) = (Arc::clone(&reported), Arc::clone(&first_save));
            std::thread::Builder::new()
                .name("save-loop stdout".into())
                .spawn(move || {
                    for line in std::io::BufReader::new(stdout).lines() {
                        let Ok(line) = line else { break };
                        if let Some(n) = line.strip_prefix("saved ").and_then(|n| n.parse().ok()) {
                            reported.store(n, Ordering::SeqCst);
                            let (lock, cvar) = &*first_save;
                            *lock.lock().unwrap() = true;
                            cvar.notify_all();
                        }
                    }
                })
                .unwrap()
        };
        // Half of the kills after the first save is done (the loop is then saving all the time), the others
        // at any moment from the start.
        if kill % 2 == 0 {
            let (lock, cvar) = &*first_save;
            let guard = lock.lock().unwrap();
            let _ = cvar
                .wait_timeout_while(guard, Duration::from_mins(1), |done| !*done)
                .unwrap();
        }
        std::thread::sleep(Duration::from_micros(next() % 20_000));
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let reported = reported.load(Ordering::SeqCst);
        let found = temp_files(dir.path());
        if !found.is_empty() {
            mid_save_kills += 1;
            leftovers += found.len();
        }
        let n = save_number(&project);
        // Each save numbers from 1 again (the child starts from what it loaded): the file holds the last save
        // reported as done or the one after it; before the first report, the previous content or save 1.
        if reported == 0 {
            assert!(
                n == previous || n == 1,
                "kill {kill}: save {n} on disk, {previous} before, none reported"
            );
        } else {
            assert!(
                n == reported || n == reported + 1,
                "kill {kill}: save {n} on disk, {reported} reported done"
            );
        }
        let sidecar = autosave_path(&project);
        if sidecar.exists() {
            let s = save_number(&sidecar);
            assert!(
                s + 1 >= n && s <= n,
                "kill {kill}: autosave holds save {s}, the project save {n}"
            );
        }
        // Opening the project (load_project, as the GUI and CLI do) removed what the killed save left.
        assert_eq!(temp_files(dir.path()), Vec::<String>::new(), "kill {kill}");
        previous = n;
    }
    eprintln!(
        "{KILLS} kills: {mid_save_kills} left temporary files ({leftovers} files), all removed on the next open"
    );
    assert!(
        mid_save_kills > 0,
        "no kill landed during a save: the test did not exercise the save"
    );
}
