//! Records on disk: one RON file per record, written atomically, private to
//! the user (files 0600 in a 0700 folder).
//!
//! Three promises, each tested: a crash at any moment leaves the old file or
//! the new one, never a mix; a file that does not read as a record is never
//! replaced; a supervisor's comments already on disk are never dropped by a
//! practitioner's later save.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::{FORMAT_VERSION, Record, is_valid_id};
use crate::source::{Diagnostic, Source};

/// Temp files older than this are left over from a crash, whoever wrote them.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// The folder records live in.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The platform's data folder for dilemma (e.g. `~/.local/share/dilemma`).
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "dilemma", "dilemma")
            .map(|d| d.data_dir().to_path_buf())
    }

    /// Opens (creating if needed) a record folder, readable only by its
    /// owner, and clears temp files left behind by a crash.
    pub fn open(dir: &Path) -> Result<Store> {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the records folder {}", dir.display()))?;
        restrict(dir, 0o700)?;
        remove_stale_temps(dir);
        Ok(Store {
            dir: dir.to_path_buf(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.ron"))
    }

    /// Writes the record so that a crash at any moment leaves either the old
    /// file or the new one, never a mix: temp file, fsync, rename, fsync folder.
    /// Refuses to replace a file that does not read as a record.
    pub fn save(&self, record: &Record) -> Result<()> {
        if !is_valid_id(&record.id) {
            bail!(
                "cannot save a record with the id {:?}: ids use letters, digits, - and _",
                record.id
            );
        }
        save_file(&self.path_of(&record.id), record)
    }

    /// Loads the record from disk, changes it and saves it, with as little
    /// time as possible between reading and writing. Used to add comments
    /// and sign-offs without touching anything else.
    pub fn update(&self, id: &str, change: impl FnOnce(&mut Record)) -> Result<Record> {
        update_file(&self.path_of(id), change)
    }

    /// Every record in the folder, newest first; a file that cannot be read
    /// is listed with its problem instead of hiding it. Temp files (which
    /// start with a dot) are not records and are skipped.
    pub fn list(&self) -> Vec<Listed> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut listed: Vec<Listed> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .map(|path| Listed {
                id: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                record: load_file(&path),
                path,
            })
            .collect();
        listed.sort_by(|a, b| match (&a.record, &b.record) {
            (Ok(x), Ok(y)) => y.updated.cmp(&x.updated).then_with(|| b.id.cmp(&a.id)),
            (Err(_), Ok(_)) => std::cmp::Ordering::Less,
            (Ok(_), Err(_)) => std::cmp::Ordering::Greater,
            (Err(_), Err(_)) => b.id.cmp(&a.id),
        });
        listed
    }

    /// Loads a record by id.
    pub fn load(&self, id: &str) -> Result<Record, Diagnostic> {
        if !is_valid_id(id) {
            return Err(Diagnostic::error(
                crate::source::Place::file(id),
                "this is not a record id: ids use letters, digits, - and _",
            ));
        }
        load_file(&self.path_of(id))
    }
}

/// A record file found in the store, read or not.
#[derive(Debug)]
pub struct Listed {
    pub id: String,
    pub path: PathBuf,
    pub record: Result<Record, Diagnostic>,
}

/// Just enough of a record to tell which version wrote it, read before the
/// rest so a newer record is refused with a clear message rather than a
/// confusing parse error about a field this version does not know.
#[derive(Deserialize)]
struct Header {
    format: u32,
}

/// Reads a record file. A file that does not parse, or was written by a newer
/// version, is reported with its place and left untouched.
pub fn load_file(path: &Path) -> Result<Record, Diagnostic> {
    let source = Source::read(path)?;
    if let Ok(header) = source.parse::<Header>()
        && header.format > FORMAT_VERSION
    {
        return Err(Diagnostic::error(
            source.place_at(source.text.find("format").unwrap_or(0)),
            format!(
                "this record was written by a newer version of dilemma (format {}, this one reads up to {FORMAT_VERSION}); update dilemma to open it",
                header.format
            ),
        ));
    }
    source.parse()
}

/// Writes `record` to `path` atomically, file mode 0600. If a file is
/// already there it must read as a record (else nothing is written), and any
/// supervisor comments or sign-off it holds that `record` lacks are kept.
pub fn save_file(path: &Path, record: &Record) -> Result<()> {
    let merged;
    let record = if path.exists() {
        let on_disk = load_file(path).map_err(|d| {
            anyhow::anyhow!(
                "{d}\nrefusing to overwrite {}: it does not read as a record. Nothing was saved; move the file aside or fix it.",
                path.display()
            )
        })?;
        merged = keep_supervision(record, &on_disk);
        merged.as_ref().unwrap_or(record)
    } else {
        record
    };
    write_atomic(path, to_ron(record)?.as_bytes())
}

/// Loads the record at `path`, changes it and saves it back.
pub fn update_file(path: &Path, change: impl FnOnce(&mut Record)) -> Result<Record> {
    let mut record = load_file(path).map_err(|d| anyhow::anyhow!("{d}"))?;
    change(&mut record);
    save_file(path, &record)?;
    Ok(record)
}

/// A copy of `record` with the comments and sign-off from `on_disk` it is
/// missing, or `None` when it misses nothing. Comments are only ever added
/// and a new sign-off always leaves the old one as a comment, so a comment
/// the record lacks means someone else wrote since it was read: then their
/// sign-off is the newer one too.
fn keep_supervision(record: &Record, on_disk: &Record) -> Option<Record> {
    if on_disk.id != record.id {
        return None;
    }
    let missing: Vec<_> = on_disk
        .comments
        .iter()
        .filter(|c| !record.comments.contains(c))
        .cloned()
        .collect();
    let stale = !missing.is_empty() || (record.signoff.is_none() && on_disk.signoff.is_some());
    if !stale {
        return None;
    }
    let mut merged = record.clone();
    merged.comments.extend(missing);
    merged.comments.sort_by_key(|c| c.at);
    if on_disk.signoff.is_some() {
        merged.signoff.clone_from(&on_disk.signoff);
    }
    merged.updated = merged.updated.max(on_disk.updated);
    Some(merged)
}

pub fn to_ron(record: &Record) -> Result<String> {
    let pretty = ron::ser::PrettyConfig::new().struct_names(false);
    let mut text = crate::source::ron_options()
        .to_string_pretty(record, pretty)
        .context("cannot write the record as RON")?;
    text.push('\n');
    Ok(text)
}

/// Writes `bytes` to `path` so that a crash leaves the old file or the new
/// one: a private temp file in the same folder, fsync, rename, fsync folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| -> Result<()> {
        let mut file = private_file(&tmp)?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        drop(file);
        fs::rename(&tmp, path).with_context(|| format!("cannot save {}", path.display()))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written?;
    if let Ok(dir) = File::open(dir) {
        // Makes the rename itself durable; not all platforms allow it.
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Removes `.NAME.tmp-PID-N` files whose writer is gone or that are older
/// than a minute. A crash between writing a temp file and renaming it
/// leaves one behind; it holds nothing the record file does not.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = temp_writer(&name) else {
            continue;
        };
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE_AFTER);
        let gone = pid != std::process::id() && !process_alive(pid);
        if old || gone {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temp file name `.NAME.tmp-PID-N`, if it is one.
fn temp_writer(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let (_, tail) = name.rsplit_once(".tmp-")?;
    tail.split('-').next()?.parse().ok()
}

/// Whether a process is running. Where that cannot be told (no `/proc`), it
/// is assumed alive and its temp file is left until it is a minute old.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

fn private_file(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))
}

fn restrict(path: &Path, mode: u32) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
            .with_context(|| format!("cannot make {} private", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    if !path.exists() {
        bail!("{} disappeared", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_give_their_writer() {
        assert_eq!(temp_writer(".2026-01-02-abcd.ron.tmp-4242-7"), Some(4242));
        assert_eq!(temp_writer(".x.ron.tmp-17"), Some(17));
        assert_eq!(temp_writer("x.ron"), None);
        assert_eq!(temp_writer(".hidden"), None);
    }

    #[test]
    fn this_process_is_alive() {
        assert!(process_alive(std::process::id()));
    }
}
