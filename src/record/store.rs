//! Records on disk: one RON file per record, written atomically, private to
//! the user (files 0600; a folder dilemma creates is 0700, and a folder that
//! already exists keeps the mode its owner gave it).
//!
//! Four promises, each tested: a crash at any moment leaves the old file or
//! the new one, never a mix; a file that does not read as a record, or is
//! another record with the same id, is never replaced; a supervisor's
//! comments already on disk are never dropped by a practitioner's later
//! save; and every save reads, merges and writes under the record's write
//! lock (`lock`), so two writers never lose each other's changes.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::{FORMAT_VERSION, Record, is_valid_id, lock};
use crate::printable::{clean, shortened};
use crate::source::{Diagnostic, Source};

/// Temp files older than this are left over from a crash, whoever wrote them.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// The folder records live in.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    /// A record opened from a file of its own (a renamed copy, a backup):
    /// saves go back to that file, whatever id it holds.
    pinned: Option<PathBuf>,
    /// Said once when the folder can be read by other people.
    pub warning: Option<String>,
    /// The session lock of the record this process is writing, taken at
    /// its first save and held until the process ends or moves to another
    /// record.
    session: Arc<Mutex<Option<(PathBuf, lock::Held)>>>,
}

impl Store {
    /// The platform's data folder for dilemma (e.g. `~/.local/share/dilemma`).
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "dilemma", "dilemma")
            .map(|d| d.data_dir().to_path_buf())
    }

    /// Opens a record folder, creating it readable only by its owner if it
    /// is not there, and clears temp files left behind by a crash. A folder
    /// that exists keeps its mode: a team may share one on purpose.
    pub fn open(dir: &Path) -> Result<Store> {
        if !dir.exists() {
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create the records folder {}", dir.display()))?;
            restrict(dir, 0o700)?;
        } else if !dir.is_dir() {
            bail!("{} is not a folder", dir.display());
        }
        remove_stale_temps(dir);
        Ok(Store {
            dir: dir.to_path_buf(),
            pinned: None,
            warning: open_to_others(dir),
            session: Arc::default(),
        })
    }

    /// Saves go to `path` from now on, whatever id the record holds. A
    /// symbolic link is followed to the record it names, so the lock and
    /// the saves are the record's own, not the link's.
    pub fn pin(mut self, path: &Path) -> Store {
        self.pinned = Some(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()));
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path_of(&self, id: &str) -> PathBuf {
        match &self.pinned {
            Some(path) => path.clone(),
            None => self.dir.join(format!("{id}.ron")),
        }
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

    /// Saves the record this person is answering: the first save claims it
    /// (see `claim`), and while someone else has it open nothing is saved.
    pub fn save_answering(&self, record: &Record) -> Result<()> {
        self.claim(&record.id)?;
        self.save(record)
    }

    /// Takes the session lock of record `id` for this process, or says who
    /// has it: only one person at a time answers a record's questions.
    pub fn claim(&self, id: &str) -> Result<()> {
        let path = self.path_of(id);
        let mut held = self
            .session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if held.as_ref().is_some_and(|(p, _)| *p == path) {
            return Ok(());
        }
        match lock::session(&path)? {
            Some(lock) => {
                *held = Some((path, lock));
                Ok(())
            }
            None => bail!(
                "{} is open in another window or by someone else. Close it there first; `dilemma export` shows it without changing it.",
                path.display()
            ),
        }
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
        let paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| is_record_file(p))
            .collect();
        // Each file read and parsed once, on every core.
        let mut listed = crate::parallel::map(&paths, |path| Listed {
            id: id_of(path),
            record: load_file(path),
            path: path.clone(),
        });
        listed.sort_by(|a, b| match (&a.record, &b.record) {
            (Ok(x), Ok(y)) => y.updated.cmp(&x.updated).then_with(|| b.id.cmp(&a.id)),
            (Err(_), Ok(_)) => std::cmp::Ordering::Less,
            (Ok(_), Err(_)) => std::cmp::Ordering::Greater,
            (Err(_), Err(_)) => b.id.cmp(&a.id),
        });
        listed
    }

    /// The record files in the folder, newest first, without reading any:
    /// only the folder and each file's metadata are looked at, so a folder
    /// of ten thousand records is listed in milliseconds. "Newest" is when
    /// the file was last written (every save writes it), ties broken by id,
    /// highest first; `list` orders by the `updated` inside the files, which
    /// is the same order unless files were copied or touched by hand.
    pub fn files(&self) -> Vec<RecordFile> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut files: Vec<RecordFile> = entries
            .filter_map(Result::ok)
            .filter(|e| is_record_file(&e.path()))
            .map(|e| {
                let path = e.path();
                RecordFile {
                    id: id_of(&path),
                    modified: e
                        .metadata()
                        .and_then(|m| m.modified())
                        .unwrap_or(SystemTime::UNIX_EPOCH),
                    path,
                }
            })
            .collect();
        files.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| b.id.cmp(&a.id)));
        files
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

/// A record file in the store, not read yet (see `Store::files`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFile {
    pub id: String,
    pub path: PathBuf,
    /// When the file was last written.
    pub modified: SystemTime,
}

/// A `.ron` file that is not a temp file (those start with a dot).
fn is_record_file(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "ron")
        && !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// The record id a file name stands for: its name without `.ron`.
fn id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A record file found in the store, read or not.
#[derive(Debug)]
pub struct Listed {
    pub id: String,
    pub path: PathBuf,
    pub record: Result<Record, Diagnostic>,
}

/// Just enough of a record to tell which version wrote it, read when a file
/// does not parse as a record, so a newer record is refused with a clear
/// message rather than a confusing parse error about a field this version
/// does not know.
#[derive(Deserialize)]
struct Header {
    format: u32,
}

/// Reads a record file. A file that does not parse, or was written by a newer
/// version, is reported with its place and left untouched.
pub fn load_file(path: &Path) -> Result<Record, Diagnostic> {
    record_from(&Source::read(path)?)
}

/// A record from a file already read (see `load_file`). The text is parsed
/// once; only a file that fails is parsed again, for its format number.
pub fn record_from(source: &Source) -> Result<Record, Diagnostic> {
    let newer = |format: u32| {
        Diagnostic::error(
            source.place_at(source.text.find("format").unwrap_or(0)),
            format!(
                "this record was written by a newer version of dilemma (format {format}, this one reads up to {FORMAT_VERSION}); update dilemma to open it"
            ),
        )
    };
    let mut record: Record = match source.parse() {
        Ok(record) => record,
        Err(problem) => {
            return Err(match source.parse::<Header>() {
                Ok(header) if header.format > FORMAT_VERSION => newer(header.format),
                _ => problem,
            });
        }
    };
    if record.format > FORMAT_VERSION {
        return Err(newer(record.format));
    }
    if !is_valid_id(&record.id) {
        return Err(Diagnostic::error(
            source.place_at(source.text.find("id:").unwrap_or(0)),
            format!(
                "\"{}\" is not a record id: ids are up to 80 letters, digits, - and _",
                shortened(&record.id, 40)
            ),
        ));
    }
    // What is read is only ever shown or exported; whatever a file holds,
    // nothing in it reaches a terminal as an escape sequence.
    for (_, text) in record.free_text_mut() {
        clean(text);
    }
    if let Some(training) = &mut record.training {
        clean(&mut training.scenario);
        if let Some(student) = &mut training.student {
            clean(student);
        }
    }
    Ok(record)
}

/// Writes `record` to `path` atomically, file mode 0600, under the record's
/// write lock. If a file is already there it must read as this same record
/// (else nothing is written), and any supervisor comments or sign-off it
/// holds that `record` lacks are kept. A new file is created only if no
/// file of that name appeared meanwhile.
pub fn save_file(path: &Path, record: &Record) -> Result<()> {
    lock::while_writing(path, || {
        if !path.exists() {
            match write_new(path, to_ron(record)?.as_bytes()) {
                Ok(()) => return Ok(()),
                // Someone created it between our look and our write: go on
                // as for any file already there.
                Err(_) if path.exists() => {}
                Err(error) => return Err(error),
            }
        }
        let on_disk = load_file(path).map_err(|d| {
            anyhow::anyhow!(
                "{d}\nrefusing to overwrite {}: it does not read as a record. Nothing was saved; move the file aside or fix it.",
                path.display()
            )
        })?;
        if on_disk.id != record.id {
            bail!(
                "refusing to overwrite {}: it holds another record ({}). Nothing was saved.",
                path.display(),
                on_disk.id
            );
        }
        if on_disk.created != record.created {
            bail!(
                "refusing to overwrite {}: it is another record that happens to have the same id. Nothing was saved.",
                path.display()
            );
        }
        let merged = keep_supervision(record, &on_disk);
        write_atomic(path, to_ron(merged.as_ref().unwrap_or(record))?.as_bytes())
    })
}

/// Loads the record at `path`, changes it and saves it back, all under the
/// write lock, so a change made meanwhile by someone else is kept.
pub fn update_file(path: &Path, change: impl FnOnce(&mut Record)) -> Result<Record> {
    try_update_file(path, |record| {
        change(record);
        Ok(())
    })
}

/// As `update_file`, for a change that may be refused on what the file
/// holds now; a refused change writes nothing.
pub fn try_update_file(
    path: &Path,
    change: impl FnOnce(&mut Record) -> Result<()>,
) -> Result<Record> {
    lock::while_writing(path, || {
        let mut record = load_file(path).map_err(|d| anyhow::anyhow!("{d}"))?;
        change(&mut record)?;
        write_atomic(path, to_ron(&record)?.as_bytes())?;
        Ok(record)
    })
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
    let missing_edits: Vec<_> = on_disk
        .comment_edits
        .iter()
        .filter(|e| !record.comment_edits.contains(e))
        .cloned()
        .collect();
    let stale = !missing.is_empty()
        || !missing_edits.is_empty()
        || (record.signoff.is_none() && on_disk.signoff.is_some());
    if !stale {
        return None;
    }
    let mut merged = record.clone();
    merged.comments.extend(missing);
    merged.comments.sort_by_key(|c| c.at);
    merged.comment_edits.extend(missing_edits);
    merged.comment_edits.sort_by_key(|e| e.at);
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
    let tmp = temp_beside(path);
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
    sync_folder(path);
    Ok(())
}

/// `.NAME.tmp-PID-N` beside `path`: hidden, and named by its writer so a
/// crash's leftovers can be told from a live writer's.
fn temp_beside(path: &Path) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Writes a file that must not exist yet: a private temp file, fsync, then a
/// hard link to the final name, which fails if that name is taken. Where
/// the file system has no hard links, an exclusive create does the job.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_beside(path);
    let mut file = private_file(&tmp)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", tmp.display()));
    drop(file);
    let linked = written.and_then(|()| match fs::hard_link(&tmp, path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(error).with_context(|| format!("{} already exists", path.display()))
        }
        Err(_) => {
            let mut file = private_file(path)?;
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .with_context(|| format!("cannot write {}", path.display()))
        }
    });
    let _ = fs::remove_file(&tmp);
    linked?;
    sync_folder(path);
    Ok(())
}

fn sync_folder(path: &Path) {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // Not waiting on a folder swapped for a FIFO.
    if let Ok(dir) = crate::source::open_without_waiting(dir)
        && dir.metadata().is_ok_and(|m| m.is_dir())
    {
        // Makes the rename itself durable; not all platforms allow it.
        let _ = dir.sync_all();
    }
}

/// What to tell the owner when other people can read the records folder.
fn open_to_others(dir: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir).ok()?.permissions().mode();
        (mode & 0o077 != 0).then(|| {
            format!(
                "note: other people on this computer can see the records folder {} (mode {:o}). If that is not meant, run: chmod 700 {}",
                dir.display(),
                mode & 0o777,
                dir.display()
            )
        })
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
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

    #[test]
    fn a_save_never_replaces_another_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kept.ron");
        let now = time::OffsetDateTime::UNIX_EPOCH;
        let first = Record::new("first".into(), "v", "h", now);
        save_file(&path, &first).unwrap();
        let before = fs::read(&path).unwrap();
        let second = Record::new("second".into(), "v", "h", now);
        let refused = save_file(&path, &second).unwrap_err().to_string();
        assert!(refused.contains("another record (first)"), "{refused}");
        assert_eq!(fs::read(&path).unwrap(), before);
    }
}
