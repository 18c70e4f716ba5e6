//! Proofs kept between runs of `check`.
//!
//! Proving the invariants of the built-in rules takes minutes, and an
//! author editing scenarios, or a test suite, checks the same rules again
//! and again. A proof is a function of the rules' text, the scope and the
//! program that proved it, so it is kept under a key made of all three and
//! reused only when all three are the same. The rules are named by
//! `RuleSet::hash`, the program by a hash of its source made when it was
//! built (`build.rs`): any edit to the code changes the key, while a debug
//! and a release build of the same code share it.
//!
//! Two checks of the same rules at once prove them once: the first holds a
//! lock on the entry while it works, and the second waits and reads it.
//! Anything wrong with the cache (no folder, no permission, a damaged
//! entry) only means proving again; it never fails a check.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::prove::{Broken, Proof, Scope, prove};
use crate::rules::RuleSet;

/// Entries kept; the oldest beyond this are removed after each save.
const KEPT: usize = 64;

/// A proof as kept on disk. The path count is text because RON has no
/// 128-bit integers.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Kept {
    paths: String,
    held: usize,
    broken: Vec<Broken>,
}

/// How a proof was come by.
pub enum Origin {
    Proven,
    /// Read from an earlier run of the same program on the same rules.
    Reused,
}

/// The proof of `set`'s invariants over `scope`: kept from an earlier run
/// when there is one and `fresh` is false, proven (and kept) otherwise.
pub fn proven(set: &RuleSet, scope: Scope, fresh: bool) -> (Proof, Origin) {
    let Some(entry) = entry(set, scope) else {
        return (prove(&set.rules, scope), Origin::Proven);
    };
    // Held until the proof is saved, so a second check of the same rules
    // waits for this one rather than proving them too.
    let _lock = lock(&entry);
    if !fresh && let Some(proof) = read(&entry) {
        return (proof, Origin::Reused);
    }
    let proof = prove(&set.rules, scope);
    save(&entry, &proof);
    (proof, Origin::Proven)
}

/// The cache folder: `DILEMMA_CACHE` when set, else the platform's cache
/// folder for dilemma (e.g. `~/.cache/dilemma/proofs`).
fn folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DILEMMA_CACHE") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "dilemma", "dilemma")
        .map(|d| d.cache_dir().join("proofs"))
}

/// The file a proof of `set` over `scope` by this program is kept in.
fn entry(set: &RuleSet, scope: Scope) -> Option<PathBuf> {
    let mut key = Sha256::new();
    // Each part with its length first, so no two lists of parts run
    // together into the same bytes.
    let mut part = |bytes: &[u8]| {
        key.update((bytes.len() as u64).to_le_bytes());
        key.update(bytes);
    };
    part(env!("DILEMMA_SOURCE").as_bytes());
    part(format!("{scope:?}").as_bytes());
    part(set.hash().as_bytes());
    let name: String = key
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect();
    let dir = folder()?;
    fs::create_dir_all(&dir).ok()?;
    Some(dir.join(format!("{name}.ron")))
}

/// An exclusive lock on `entry`'s lock file, or none when it cannot be had
/// (then two checks may both prove, which is only slower).
fn lock(entry: &Path) -> Option<File> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(entry.with_extension("lock"))
        .ok()?;
    file.lock().ok()?;
    Some(file)
}

fn read(entry: &Path) -> Option<Proof> {
    let text = fs::read_to_string(entry).ok()?;
    let kept: Kept = crate::source::ron_options().from_str(&text).ok()?;
    Some(Proof {
        paths: kept.paths.parse().ok()?,
        held: kept.held,
        broken: kept.broken,
    })
}

fn save(entry: &Path, proof: &Proof) {
    let kept = Kept {
        paths: proof.paths.to_string(),
        held: proof.held,
        broken: proof.broken.clone(),
    };
    let Ok(text) = crate::source::ron_options().to_string(&kept) else {
        return;
    };
    if crate::record::store::write_atomic(entry, text.as_bytes()).is_ok()
        && let Some(dir) = entry.parent()
    {
        prune(dir);
    }
}

/// Removes the oldest entries beyond `KEPT`, with their lock files.
fn prune(dir: &Path) {
    let Ok(read) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(SystemTime, PathBuf)> = read
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "ron"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if entries.len() <= KEPT {
        return;
    }
    entries.sort();
    for (_, path) in &entries[..entries.len() - KEPT] {
        let _ = fs::remove_file(path);
        let _ = fs::remove_file(path.with_extension("lock"));
    }
}
