//! Finding records for `sessions`, `resume`, `export` and `review`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, anyhow};

use super::Global;
use crate::record::store::{Store, load_file};
use crate::record::{Record, is_valid_id};

/// The records folder the flags name, or the platform's.
pub(crate) fn data_dir(global: &Global) -> Result<PathBuf> {
    match &global.data_dir {
        Some(dir) => Ok(dir.clone()),
        None => Store::default_dir()
            .ok_or_else(|| anyhow!("cannot find a data folder; pass --data-dir DIR")),
    }
}

/// The record files in `dir` whose id is `id`, or else those whose id
/// starts with it.
fn ids_starting(dir: &Path, id: &str) -> Vec<PathBuf> {
    let exact = dir.join(format!("{id}.ron"));
    if exact.is_file() {
        return vec![exact];
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "ron")
                && p.file_stem()
                    .is_some_and(|s| s.to_string_lossy().starts_with(id))
        })
        .collect();
    found.sort();
    found
}

/// The store, if the folder exists; reading never creates it.
pub(crate) fn existing_store(global: &Global) -> Result<Option<Store>> {
    let dir = data_dir(global)?;
    if dir.is_dir() {
        Ok(Some(Store::open(&dir)?))
    } else {
        Ok(None)
    }
}

/// A record named on the command line: a file path, an id in the store
/// (with or without `.ron`), or the start of one id, as long as only one
/// record starts that way. On failure the message is printed and the exit
/// code returned; the file is never touched.
pub(crate) fn find(global: &Global, name: &str) -> Result<(PathBuf, Record), ExitCode> {
    let as_path = Path::new(name);
    let path = if as_path.is_file() {
        as_path.to_path_buf()
    } else {
        let id = name.strip_suffix(".ron").unwrap_or(name);
        let dir = data_dir(global).ok();
        let shown = dir.as_ref().map_or_else(
            || "the records folder".to_string(),
            |d| d.display().to_string(),
        );
        let matches = dir
            .as_deref()
            .filter(|_| is_valid_id(id))
            .map(|dir| ids_starting(dir, id))
            .unwrap_or_default();
        match matches.as_slice() {
            [only] => only.clone(),
            [] => {
                eprintln!(
                    "dilemma: no record file or saved record named \"{}\" (looked in {shown}).\nRun `dilemma sessions` to list saved records.",
                    crate::printable::shortened(name, 80)
                );
                return Err(ExitCode::from(1));
            }
            several => {
                let names: Vec<String> = several
                    .iter()
                    .take(5)
                    .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                    .collect();
                eprintln!(
                    "dilemma: {} saved records start with \"{id}\": {}{}. Type more of the id.",
                    several.len(),
                    names.join(", "),
                    if several.len() > 5 { ", …" } else { "" }
                );
                return Err(ExitCode::from(1));
            }
        }
    };
    match load_file(&path) {
        Ok(record) => Ok((path, record)),
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            eprintln!(
                "dilemma: cannot open this record; the file was left as it is.\nRun `dilemma sessions` to list saved records."
            );
            Err(ExitCode::from(1))
        }
    }
}
