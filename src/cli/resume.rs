//! `dilemma resume ID`: continue a saved record in the wizard.

use std::process::ExitCode;

use super::records::data_dir;
use super::{Global, launch_wizard};
use crate::code::Catalogue;
use crate::record::{is_valid_id, store};

pub fn run(global: &Global, code: Catalogue, id: &str) -> anyhow::Result<ExitCode> {
    let id = id.strip_suffix(".ron").unwrap_or(id);
    let dir = data_dir(global)?;
    let path = dir.join(format!("{id}.ron"));
    if !is_valid_id(id) || !path.is_file() {
        eprintln!(
            "dilemma: no saved record \"{id}\" in {}.\nRun `dilemma sessions` to list saved records.",
            dir.display()
        );
        return Ok(ExitCode::from(1));
    }
    match store::load_file(&path) {
        Ok(record) => launch_wizard(global, code, Some(record), None),
        Err(problem) => {
            eprintln!("{problem}");
            eprintln!(
                "dilemma: cannot resume this record; the file was left as it is.\nRun `dilemma sessions` to list saved records."
            );
            Ok(ExitCode::from(1))
        }
    }
}
