//! What the record benchmarks share.

use std::path::{Path, PathBuf};

/// Every file's bytes in `dir`, read one after another: what any listing or
/// grading of the records' contents costs at least.
pub fn read_every_file(dir: &Path) -> usize {
    let mut bytes = 0usize;
    for entry in std::fs::read_dir(dir).expect("the folder") {
        let path: PathBuf = entry.expect("an entry").path();
        bytes += std::fs::read(&path).expect("a file").len();
    }
    bytes
}
