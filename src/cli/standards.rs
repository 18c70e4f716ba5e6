//! `dilemma standards`: browse, search and audit the catalogue.

use std::process::ExitCode;

use serde::Serialize;

use super::{Global, ListFormat, load_rules};
use crate::code::{Catalogue, Domain, Standard};
use crate::official::{self, Official};
use crate::record::store::{Store, write_atomic};
use crate::rules::{Citation, Role};
use crate::source::Source;

pub struct Query<'a> {
    pub search: Option<&'a str>,
    pub domain: Option<&'a str>,
    pub where_cited: Option<u8>,
    pub official: Option<&'a std::path::Path>,
    pub format: ListFormat,
}

#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    standard: &'a Standard,
    #[serde(skip_serializing_if = "Option::is_none")]
    cited: Option<Vec<Citation>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    official: Option<&'a str>,
}

pub fn run(global: &Global, code: &Catalogue, query: &Query<'_>) -> anyhow::Result<ExitCode> {
    let official = match query.official {
        Some(file) => Official::read(file).map(Some),
        None => Ok(imported(global)),
    };
    let official = match official {
        Ok(official) => official,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return Ok(ExitCode::from(1));
        }
    };
    let words = |number: u8| official.as_ref().and_then(|o| o.text(number));
    if let Some(number) = query.where_cited {
        let Some(standard) = code.get(number) else {
            eprintln!("dilemma: there is no standard {number}: the code has standards 1 to 44");
            return Ok(ExitCode::from(1));
        };
        let set = match load_rules(global, code) {
            Ok(set) => set,
            Err(exit) => return Ok(exit),
        };
        let citations = set.rules.citations_of(number);
        match query.format {
            ListFormat::Json => {
                let listed = Listed {
                    standard,
                    cited: Some(citations),
                    official: words(number),
                };
                println!("{}", serde_json::to_string_pretty(&listed)?);
            }
            ListFormat::Text => print_where(standard, &citations, words(number)),
        }
        return Ok(ExitCode::SUCCESS);
    }

    let domain = match query.domain {
        None => None,
        Some(text) => match Domain::parse(text) {
            Some(domain) => Some(domain),
            None => {
                let names: Vec<&str> = Domain::ALL.iter().map(|d| d.slug()).collect();
                eprintln!(
                    "dilemma: unknown domain \"{}\"; use one of: {}",
                    crate::printable::shortened(text, 80),
                    names.join(", ")
                );
                return Ok(ExitCode::from(1));
            }
        },
    };
    let found: Vec<&Standard> = code
        .search(query.search.unwrap_or(""))
        .into_iter()
        .filter(|s| domain.is_none_or(|d| s.domain == d))
        .collect();
    match query.format {
        ListFormat::Json => {
            let listed: Vec<Listed<'_>> = found
                .iter()
                .map(|s| Listed {
                    standard: s,
                    cited: None,
                    official: words(s.number),
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&listed)?);
        }
        ListFormat::Text if found.is_empty() => {
            println!("No standard matches. Try fewer or different words.");
        }
        ListFormat::Text if query.search.is_some() => {
            for s in found {
                println!(
                    "{:>2}  {}  ({})\n    {}",
                    s.number,
                    s.title,
                    code.domain(s.domain).title,
                    s.summary
                );
                if let Some(text) = words(s.number) {
                    println!("    Official wording (your copy): {text}");
                }
                println!();
            }
        }
        ListFormat::Text => {
            for d in Domain::ALL {
                let in_domain: Vec<&&Standard> = found.iter().filter(|s| s.domain == d).collect();
                if in_domain.is_empty() {
                    continue;
                }
                println!("{}", code.domain(d).title);
                for s in in_domain {
                    println!("  {:>2}  {}", s.number, s.title);
                }
                println!();
            }
            println!(
                "`dilemma standards --search WORDS` searches; `--where N` shows where the rules cite N."
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The copy kept by `--import`, if any. A copy damaged since is reported
/// and left out, so the summaries still show.
pub fn imported(global: &Global) -> Option<Official> {
    if global.no_save {
        return None;
    }
    let dir = super::records::data_dir(global).ok()?;
    match official::stored(&dir) {
        Ok(found) => found,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            eprintln!(
                "dilemma: your imported copy is left out; import it again, or `dilemma standards --forget`"
            );
            None
        }
    }
}

/// `standards --import FILE`: checks the copy, then keeps it in the data
/// folder, written whole or not at all.
pub fn import(global: &Global, file: &std::path::Path) -> anyhow::Result<ExitCode> {
    if global.no_save {
        eprintln!(
            "dilemma: --import keeps a copy in the data folder; it cannot work with --no-save"
        );
        return Ok(ExitCode::from(2));
    }
    // The text kept is exactly the text checked: read once, parsed, written.
    let checked = Source::read(file).and_then(|source| Official::parse(&source).map(|_| source));
    let source = match checked {
        Ok(source) => source,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            eprintln!("dilemma: nothing was imported");
            return Ok(ExitCode::from(1));
        }
    };
    let store = Store::open(&super::records::data_dir(global)?)?;
    let kept = official::stored_path(store.dir());
    write_atomic(&kept, source.text.as_bytes())?;
    println!(
        "Imported {}: standards 1 to {} found, in order.\nKept at {}.\n`dilemma standards` and record exports now show its wording beside each summary, marked as your copy. `dilemma standards --forget` removes it.",
        file.display(),
        official::STANDARDS,
        kept.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `standards --forget`: removes the imported copy.
pub fn forget(global: &Global) -> anyhow::Result<ExitCode> {
    let kept = official::stored_path(&super::records::data_dir(global)?);
    match std::fs::remove_file(&kept) {
        Ok(()) => println!(
            "Removed your copy of the official wording ({}).",
            kept.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("There is no imported copy to remove ({}).", kept.display());
        }
        Err(e) => {
            eprintln!("dilemma: cannot remove {}: {e}", kept.display());
            return Ok(ExitCode::from(1));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_where(standard: &Standard, citations: &[Citation], official: Option<&str>) {
    println!(
        "Standard {}: {}\n  In short: {}",
        standard.number, standard.title, standard.summary
    );
    if let Some(text) = official {
        println!("  Official wording (from your copy): {text}");
    }
    println!();
    if citations.is_empty() {
        println!("The rules do not cite this standard anywhere.");
        return;
    }
    println!(
        "Cited in {} place{}:",
        citations.len(),
        if citations.len() == 1 { "" } else { "s" }
    );
    for citation in citations {
        match citation {
            Citation::Choice {
                question,
                prompt,
                label,
                role,
                reason,
                choice,
            } => {
                let role = match role {
                    Role::Primary => "governs",
                    Role::Related => "related",
                };
                println!(
                    "  - {question} / {choice} ({role})\n      Q: {prompt}\n      A: {label}\n      Why: {reason}"
                );
            }
            Citation::Ladder { ladder, title } => println!("  - ladder {ladder}: {title}"),
            Citation::Tension { tension, title } => println!("  - tension {tension}: {title}"),
        }
    }
}
