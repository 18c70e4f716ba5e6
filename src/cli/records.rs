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

/// The store, if the folder exists; reading never creates it.
pub(crate) fn existing_store(global: &Global) -> Result<Option<Store>> {
    let dir = data_dir(global)?;
    if dir.is_dir() {
        Ok(Some(Store::open(&dir)?))
    } else {
        Ok(None)
    }
}

/// A record named on the command line: a file path, or an id in the store
/// (with or without `.ron`). On failure the message is printed and the exit
/// code returned; the file is never touched.
pub(crate) fn find(global: &Global, name: &str) -> Result<(PathBuf, Record), ExitCode> {
    let as_path = Path::new(name);
    let path = if as_path.is_file() {
        as_path.to_path_buf()
    } else {
        let id = name.strip_suffix(".ron").unwrap_or(name);
        let in_store = data_dir(global)
            .ok()
            .filter(|_| is_valid_id(id))
            .map(|dir| dir.join(format!("{id}.ron")))
            .filter(|p| p.is_file());
        match in_store {
            Some(path) => path,
            None => {
                let dir = data_dir(global)
                    .map(|d| d.display().to_string())
                    .unwrap_or_else(|_| "the records folder".to_string());
                eprintln!(
                    "dilemma: no record file or saved record named \"{name}\" (looked in {dir}).\nRun `dilemma sessions` to list saved records."
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
