//! Whether a command prints its readable table (stdout is a terminal and no `--json FILE` was given) or its
//! JSON (asked for, or stdout is piped into another program or a file).

use std::io::IsTerminal as _;
use std::path::Path;

/// `true` when the readable text should be printed instead of the JSON.
#[must_use]
pub fn wants_table(json: Option<&Path>) -> bool {
    json.is_none() && std::io::stdout().is_terminal()
}
