//! Advisory locks beside a record file, so that people and processes
//! sharing a records folder never lose each other's work.
//!
//! Two locks, each on its own hidden file next to the record:
//! - the *session* lock is held by whoever has the record open to answer
//!   questions (the wizard, plain mode); a second session is refused;
//! - the *write* lock is held for the moment of each save, around reading
//!   what is on disk, merging and writing, so a supervisor's comment and a
//!   practitioner's save never overwrite each other.
//!
//! The operating system releases both when the process ends, however it
//! ends, so a crash never leaves a record locked. Locks are advisory: they
//! bind dilemma, not other programs.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// A held lock; dropping it releases it.
#[derive(Debug)]
pub struct Held {
    _file: File,
}

/// Takes the session lock on the record at `path`, or returns `None` when
/// someone else holds it. A record with other hard links is refused (see
/// `refuse_hard_links`).
pub fn session(path: &Path) -> Result<Option<Held>> {
    refuse_hard_links(path)?;
    let file = open(&beside(path, "session"))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(Held { _file: file })),
        Err(TryLockError::WouldBlock) => Ok(None),
        Err(TryLockError::Error(error)) => {
            Err(error).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}

/// Runs `write` while holding the write lock on the record at `path`,
/// waiting for any other writer to finish first.
pub fn while_writing<T>(path: &Path, write: impl FnOnce() -> Result<T>) -> Result<T> {
    refuse_hard_links(path)?;
    let file = open(&beside(path, "write"))?;
    file.lock()
        .with_context(|| format!("cannot lock {}", path.display()))?;
    let result = write();
    drop(file);
    result
}

/// Refuses to write a record that is one file under several names (hard
/// links). A save writes a new file and renames it over this name, so the
/// other names would keep the old text and the record would split in two;
/// and the locks, kept beside each name, would not see a writer through
/// another. A file that is not there yet has no other names.
pub fn refuse_hard_links(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.is_file()
            && meta.nlink() > 1
        {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let copy = path.with_file_name(format!("{stem}-copy.ron"));
            anyhow::bail!(
                "{} has other hard links (one file under {} names): saving would split it into separate files. Nothing was changed. Copy it (`cp {} {}`) and resume the copy.",
                path.display(),
                meta.nlink(),
                path.display(),
                copy.display()
            );
        }
    }
    Ok(())
}

/// `.NAME.KIND` in the record's folder: hidden, so never listed as a record.
fn beside(path: &Path, kind: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{kind}"))
}

fn open(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_session_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("r.ron");
        let first = session(&record).unwrap().expect("the first session");
        assert!(session(&record).unwrap().is_none(), "a second is refused");
        drop(first);
        assert!(
            session(&record).unwrap().is_some(),
            "free again once closed"
        );
    }

    #[test]
    fn lock_files_are_hidden_beside_the_record() {
        assert_eq!(
            beside(Path::new("/x/2026-01-02-a.ron"), "write"),
            Path::new("/x/.2026-01-02-a.ron.write")
        );
    }
}
