//! The project file: RON parsing, schema check and migration, the consistency checks and their repair, and a
//! save/load round trip of what was read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use riskbench::model::consistency;
use riskbench::model::file::{parse_project, project_to_string};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = std::path::Path::new("fuzz.riskbench.ron");
    let Ok(mut loaded) = parse_project(text, path) else {
        return;
    };
    let _ = consistency::check(&loaded.project);
    consistency::repair(&mut loaded.project);
    assert!(consistency::check(&loaded.project).iter().all(|i| i.repair.is_none()));
    let saved = project_to_string(&loaded.project).expect("a loaded project serialises");
    let again = parse_project(&saved, path).expect("a saved project loads");
    // Compared as text: a computed result may be NaN (an undefined metric), which is never equal to itself.
    let resaved = project_to_string(&again.project).expect("a loaded project serialises");
    assert_eq!(resaved, saved, "save then load changes the project");
});
