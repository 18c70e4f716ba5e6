//! The full-screen wizard (ratatui).

use std::process::ExitCode;

use crate::wizard::Launch;

/// Runs the wizard until the user quits. Restores the terminal on every path.
pub fn run(launch: Launch) -> anyhow::Result<ExitCode> {
    let _ = launch;
    anyhow::bail!("the full-screen wizard is not built yet; use --plain")
}
