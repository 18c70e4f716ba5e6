//! Records on disk: one RON file per record, written atomically, private to
//! the user (files 0600 in a 0700 folder).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{FORMAT_VERSION, Record};
use crate::source::{Diagnostic, Source};

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

    /// Opens (creating if needed) a record folder, readable only by its owner.
    pub fn open(dir: &Path) -> Result<Store> {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the records folder {}", dir.display()))?;
        restrict(dir, 0o700)?;
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
    pub fn save(&self, record: &Record) -> Result<()> {
        let path = self.path_of(&record.id);
        let text = to_ron(record)?;
        let tmp = self
            .dir
            .join(format!(".{}.ron.tmp-{}", record.id, std::process::id()));
        let mut file = private_file(&tmp)?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        drop(file);
        fs::rename(&tmp, &path).with_context(|| format!("cannot save {}", path.display()))?;
        if let Ok(dir) = File::open(&self.dir) {
            // Makes the rename itself durable; not all platforms allow it.
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// Every record in the folder, newest first; a file that cannot be read
    /// is listed with its problem instead of hiding it.
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
            (Ok(x), Ok(y)) => y.updated.cmp(&x.updated),
            _ => b.id.cmp(&a.id),
        });
        listed
    }

    /// Loads a record by id.
    pub fn load(&self, id: &str) -> Result<Record, Diagnostic> {
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

/// Reads a record file. A file that does not parse, or was written by a newer
/// version, is reported with its place and left untouched.
pub fn load_file(path: &Path) -> Result<Record, Diagnostic> {
    let source = Source::read(path)?;
    let record: Record = source.parse()?;
    if record.format > FORMAT_VERSION {
        return Err(Diagnostic::error(
            source.place_at(source.text.find("format").unwrap_or(0)),
            format!(
                "this record was written by a newer version of dilemma (format {}, this one reads up to {FORMAT_VERSION}); update dilemma to open it",
                record.format
            ),
        ));
    }
    Ok(record)
}

pub fn to_ron(record: &Record) -> Result<String> {
    let pretty = ron::ser::PrettyConfig::new().struct_names(false);
    let mut text = crate::source::ron_options()
        .to_string_pretty(record, pretty)
        .context("cannot write the record as RON")?;
    text.push('\n');
    Ok(text)
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
