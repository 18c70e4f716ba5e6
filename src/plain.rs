//! The plain line mode: numbered prompts on stdin/stdout, for screen readers
//! and scripts.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use crate::wizard::Launch;

/// Runs the walk as numbered prompts until it ends or the user quits.
pub fn run(
    launch: Launch,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let _ = (launch, input);
    writeln!(output, "Plain mode is not built yet.")?;
    Ok(ExitCode::from(1))
}
