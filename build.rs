//! Embeds every scenario in `scenarios/` so `dilemma train` works with
//! nothing but the binary, and names the program's source for the proof
//! cache.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::{env, fs};

use sha2::{Digest, Sha256};

fn main() {
    embed_scenarios();
    name_source();
}

/// A proof depends on the rules and on the code that proves them, not on
/// how that code was compiled: a debug and a release build of the same
/// source reach the same verdict, so they may share a kept proof (the test
/// suite proves the built-in rules once, not once per profile).
fn name_source() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    for watched in ["src", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={watched}");
    }
    let mut files = vec![
        root.join("Cargo.toml"),
        root.join("Cargo.lock"),
        root.join("build.rs"),
    ];
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut key = Sha256::new();
    for file in files {
        let name = file.strip_prefix(&root).unwrap_or(&file);
        let bytes = fs::read(&file).unwrap_or_default();
        // Each part with its length first, so no two lists of files run
        // together into the same bytes.
        for part in [name.to_string_lossy().as_bytes(), &bytes] {
            key.update((part.len() as u64).to_le_bytes());
            key.update(part);
        }
    }
    let hex: String = key.finalize().iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=DILEMMA_SOURCE={hex}");
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

fn embed_scenarios() {
    println!("cargo:rerun-if-changed=scenarios");
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("scenarios");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("pub const EMBEDDED: &[(&str, &str)] = &[\n");
    for path in files {
        let name = format!("scenarios/{}", path.file_name().unwrap().to_string_lossy());
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("scenarios.rs"),
        out,
    )
    .unwrap();
}
