//! `dilemma scenarios`: the training vignettes, built in or from a folder.

use crate::printable::shortened;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::{ListFormat, print_diagnostics};
use crate::code::Domain;
use crate::training::{self, Difficulty, Loaded};

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    title: &'a str,
    domains: &'a [Domain],
    difficulty: Difficulty,
    file: &'a str,
}

pub fn run(dir: Option<&Path>, format: ListFormat) -> anyhow::Result<ExitCode> {
    let (loaded, problems) = training::load(dir);
    print_diagnostics(&problems);
    match format {
        ListFormat::Json => {
            let listed: Vec<Listed<'_>> = loaded
                .iter()
                .map(|l| Listed {
                    id: &l.scenario.id,
                    title: &l.scenario.title,
                    domains: &l.scenario.domains,
                    difficulty: l.scenario.difficulty,
                    file: &l.source.name,
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&listed)?);
        }
        ListFormat::Text if loaded.is_empty() => match dir {
            Some(dir) => eprintln!("No scenarios in {}.", dir.display()),
            None => eprintln!("No scenarios are built in; use --scenarios DIR."),
        },
        ListFormat::Text => {
            print!("{}", table(&loaded));
            println!("\nStart one with `dilemma train ID`.");
        }
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The widest an id, a domain list and a title are printed in the list.
const ID_WIDTH: usize = 60;
const DOMAINS_WIDTH: usize = 60;
const TITLE_WIDTH: usize = 120;

/// The scenarios as aligned columns: id, difficulty, domains, title.
pub(super) fn table(loaded: &[Loaded]) -> String {
    let rows: Vec<[String; 4]> = loaded
        .iter()
        .map(|l| {
            let s = &l.scenario;
            let domains: Vec<&str> = s.domains.iter().map(|d| d.slug()).collect();
            // A runaway id or domain list is cut, so the columns stay
            // readable and within what a format width can hold.
            [
                shortened(&s.id, ID_WIDTH).into_owned(),
                s.difficulty.name().to_string(),
                shortened(&domains.join(", "), DOMAINS_WIDTH).into_owned(),
                shortened(&s.title, TITLE_WIDTH).into_owned(),
            ]
        })
        .collect();
    let header = ["ID", "LEVEL", "DOMAINS", "TITLE"].map(String::from);
    let width = |i: usize| {
        rows.iter()
            .chain([&header])
            .map(|r| r[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let mut out = String::new();
    for row in [&header].into_iter().chain(&rows) {
        out.push_str(&format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {}\n",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
        ));
    }
    out
}

/// `dilemma scenarios export|new`: a student's copy, or a key from a walk.
pub fn act(
    global: &super::Global,
    code: &crate::code::Catalogue,
    action: &super::ScenariosAction,
) -> anyhow::Result<ExitCode> {
    use super::ScenariosAction;
    match action {
        ScenariosAction::Export {
            id,
            scenarios,
            output,
            ..
        } => {
            let (loaded, problems) = training::load_with_builtin(scenarios.as_deref());
            let chosen = match training::find(&loaded, id) {
                Ok(found) => found,
                Err(message) => {
                    print_diagnostics(&problems);
                    eprintln!("dilemma: {message}");
                    return Ok(ExitCode::from(1));
                }
            };
            let copy = chosen.scenario.student_copy();
            write_new(
                output.as_deref(),
                &to_ron(&copy)?,
                "a student's copy, with no key",
            )
        }
        ScenariosAction::New {
            from,
            id,
            title,
            output,
        } => {
            let (_, record) = match super::records::find(global, from) {
                Ok(found) => found,
                Err(exit) => return Ok(exit),
            };
            let set = match super::load_rules(global, code) {
                Ok(set) => set,
                Err(exit) => return Ok(exit),
            };
            let walk = match crate::engine::Walk::replay(&set.rules, &record.answers) {
                Ok(walk) => walk,
                Err((i, error)) => {
                    eprintln!(
                        "dilemma: answer {} of the record does not fit these rules ({error}); walk the case again with the rules your students will use",
                        i + 1
                    );
                    return Ok(ExitCode::from(1));
                }
            };
            if let Some((next, _)) = walk.current() {
                eprintln!(
                    "dilemma: the walk stops at \"{next}\"; finish it (`dilemma resume {}`) so the key has a plan",
                    record.id
                );
                return Ok(ExitCode::from(1));
            }
            let outcome = crate::outcome::Outcome::of(&walk, code);
            let title = title
                .clone()
                .unwrap_or_else(|| first_words(&record.situation, 8));
            let id = id.clone().unwrap_or_else(|| slug(&title));
            let scenario = training::Scenario::from_walk(
                &id,
                &title,
                &record.situation,
                record.answers.clone(),
                &outcome,
                code,
            );
            let exit = write_new(
                output.as_deref(),
                &with_debrief_to_write(&to_ron(&scenario)?),
                "a key from your walk",
            )?;
            eprintln!(
                "dilemma: before you use it, write the debrief (what the standards say about the case), check the vignette reads as students should see it, and add any must_not steps; `dilemma check --scenarios DIR` shows what is missing"
            );
            Ok(exit)
        }
    }
}

fn to_ron(scenario: &training::Scenario) -> anyhow::Result<String> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .depth_limit(2)
        .escape_strings(false);
    Ok(ron::ser::to_string_pretty(scenario, config)? + "\n")
}

/// Prints `text`, or writes it to a file that must not exist yet.
fn write_new(output: Option<&Path>, text: &str, what: &str) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let Some(path) = output else {
        std::io::stdout().write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    };
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match file {
        Ok(mut file) => {
            file.write_all(text.as_bytes())?;
            eprintln!("dilemma: wrote {} ({what})", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "dilemma: {} already exists; nothing was written. Choose another name.",
                path.display()
            );
            Ok(ExitCode::from(1))
        }
        Err(err) => {
            eprintln!("dilemma: cannot write {}: {err}", path.display());
            Ok(ExitCode::from(1))
        }
    }
}

/// The first `n` words of a situation, as a working title.
fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().take(n).collect();
    let title = words.join(" ");
    let title = title.trim_end_matches(['.', ',', ';', ':']);
    if title.is_empty() {
        "Untitled case".to_string()
    } else {
        title.to_string()
    }
}

/// A title as an id a student can type: lowercase letters, digits, dashes.
fn slug(title: &str) -> String {
    let mut id = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "case".to_string()
    } else {
        id.chars()
            .take(40)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string()
    }
}

/// A key drawn from a walk has no debrief yet; the empty field, with a line
/// saying what goes there, shows the instructor where to write it.
fn with_debrief_to_write(ron: &str) -> String {
    let body = ron.trim_end();
    match body.strip_suffix(')') {
        Some(head) if !body.contains("debrief:") => format!(
            "{}\n    // What the standards say about this case, in your own words; `dilemma check --scenarios DIR` refuses an empty one.\n    debrief: \"\",\n)\n",
            head.trim_end().trim_end_matches(',').to_string() + ","
        ),
        _ => ron.to_string(),
    }
}
