//! `dilemma resume RECORD`: continue a saved record in the wizard. RECORD is
//! an id, the start of one, or a record file's path; saves go back to that
//! same file.

use std::process::ExitCode;

use super::{Global, launch_wizard_as, records};
use crate::code::Catalogue;

pub fn run(global: &Global, code: Catalogue, name: &str) -> anyhow::Result<ExitCode> {
    match records::find(global, name) {
        Ok((path, record)) => {
            launch_wizard_as(global, code, Some((record, Some(path))), None, None)
        }
        Err(exit) => Ok(exit),
    }
}
