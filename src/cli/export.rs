//! `dilemma export FILE`: a record as a document for a supervision file.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{DocFormat, Global, load_rules, records};
use crate::code::Catalogue;
use crate::record::export::Document;
use crate::record::guard;
use crate::record::store::{load_file, write_atomic};

pub struct Request<'a> {
    pub record: &'a str,
    pub format: DocFormat,
    pub redact: bool,
    pub output: Option<&'a Path>,
    /// Replace an existing file at `output` (never a record).
    pub force: bool,
    /// Who prepares the document, from the config file.
    pub author: crate::record::export::Author,
}

pub fn run(global: &Global, code: &Catalogue, request: &Request<'_>) -> anyhow::Result<ExitCode> {
    let set = match load_rules(global, code) {
        Ok(set) => set,
        Err(exit) => return Ok(exit),
    };
    let (_, mut record) = match records::find(global, request.record) {
        Ok(found) => found,
        Err(exit) => return Ok(exit),
    };
    let findings: Vec<(String, guard::Finding)> = record
        .free_text_mut()
        .into_iter()
        .flat_map(|(place, text)| {
            let found = guard::scan(text);
            if request.redact {
                *text = guard::redact(text);
            }
            found.into_iter().map(move |f| (place.clone(), f))
        })
        .collect();
    if request.redact {
        if !findings.is_empty() {
            eprintln!(
                "dilemma: removed {} identifying detail{} from the document (the record itself is unchanged).",
                findings.len(),
                if findings.len() == 1 { "" } else { "s" }
            );
        }
    } else if !findings.is_empty() {
        eprintln!("dilemma: warning: this record may identify someone:");
        for (place, f) in &findings {
            eprintln!("  in {place}: \"{}\" ({})", f.text, f.kind.describe());
        }
        eprintln!(
            "Check these before you share the document, or export again with --redact to replace them."
        );
    }
    let document = Document::new(&record, &set, code, request.redact)
        .with_all(global.all)
        .with_author(request.author.clone())
        .with_official(super::standards::imported(global).as_ref());
    let text = match request.format {
        DocFormat::Md => document.markdown(),
        DocFormat::Json => document.json_text(),
    };
    match request.output {
        None => {
            std::io::stdout().write_all(text.as_bytes())?;
        }
        Some(path) => {
            if path.exists() && load_file(path).is_ok() {
                eprintln!(
                    "dilemma: {} is a record; refusing to overwrite it with a document.",
                    path.display()
                );
                return Ok(ExitCode::from(1));
            }
            if path.exists() && !request.force {
                eprintln!(
                    "dilemma: {} already exists; nothing was written. Choose another name, or add --force to replace it.",
                    path.display()
                );
                return Ok(ExitCode::from(1));
            }
            // Written private (0600), like the record it comes from.
            write_atomic(path, text.as_bytes())?;
            eprintln!("dilemma: wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
