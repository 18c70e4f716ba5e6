//! `dilemma train`: a vignette walked in the wizard and scored at the end.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use super::{Global, launch_wizard_as, load_rules, plain_mode, print_diagnostics};
use crate::code::Catalogue;
use crate::training::{self, Loaded};

pub fn run(
    global: &Global,
    code: Catalogue,
    id: Option<&str>,
    dir: Option<&Path>,
    student: Option<String>,
) -> anyhow::Result<ExitCode> {
    let (loaded, problems) = training::load(dir);
    if loaded.is_empty() {
        print_diagnostics(&problems);
        match dir {
            Some(dir) => eprintln!("dilemma: no scenarios to train on in {}", dir.display()),
            None => {
                eprintln!("dilemma: no scenarios are built in; use --scenarios DIR with your own")
            }
        }
        return Ok(ExitCode::from(1));
    }
    let chosen = match id {
        Some(id) => match training::find(&loaded, id) {
            Ok(found) => found.clone(),
            Err(message) => {
                // The one asked for may be in a file that did not load.
                print_diagnostics(&problems);
                eprintln!("dilemma: {message}");
                return Ok(ExitCode::from(1));
            }
        },
        None if plain_mode(global) => {
            print!("{}", super::scenarios::table(&loaded));
            eprintln!("dilemma: name a scenario: dilemma train ID");
            return Ok(ExitCode::from(1));
        }
        None => {
            let stdin = std::io::stdin();
            match ask(&loaded, &mut stdin.lock(), &mut std::io::stdout())? {
                Some(found) => found.clone(),
                None => return Ok(ExitCode::from(1)),
            }
        }
    };

    // A key that does not fit the rules in use would score nonsense.
    let set = match load_rules(global, &code) {
        Ok(set) => set,
        Err(exit) => return Ok(exit),
    };
    let errors = training::key_errors(&chosen, &set, &code);
    if !errors.is_empty() {
        print_diagnostics(&errors);
        eprintln!(
            "dilemma: scenario \"{}\" does not fit these rules, so it cannot be scored; \
             `dilemma check --scenarios DIR` shows why",
            chosen.scenario.id
        );
        return Ok(ExitCode::from(1));
    }
    drop(set);
    let student = student.map(|s| crate::printable::printable(&s).into_owned());
    launch_wizard_as(global, code, None, Some(chosen), student)
}

/// Lists the scenarios with numbers and asks for one. `None` when the
/// trainee gives up (empty line or end of input).
fn ask<'a>(
    loaded: &'a [Loaded],
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<Option<&'a Loaded>> {
    writeln!(output, "Scenarios:")?;
    for (i, l) in loaded.iter().enumerate() {
        writeln!(
            output,
            "  {:>2}. {} ({}, {})",
            i + 1,
            l.scenario.title,
            l.scenario.id,
            l.scenario.difficulty.name()
        )?;
    }
    loop {
        write!(output, "Which one? Type its number or id (Enter to quit): ")?;
        output.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let answer = line.trim();
        if answer.is_empty() {
            return Ok(None);
        }
        if let Ok(n) = answer.parse::<usize>()
            && let Some(found) = n.checked_sub(1).and_then(|i| loaded.get(i))
        {
            return Ok(Some(found));
        }
        match training::find(loaded, answer) {
            Ok(found) => return Ok(Some(found)),
            Err(message) => writeln!(output, "{message}")?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    fn scenarios() -> Vec<Loaded> {
        let text = |id: &str| {
            format!(
                r#"(id: "{id}", title: "T {id}", domains: [Colleagues], vignette: "v",
                   answers: [], must_cite: [20], debrief: "d")"#
            )
        };
        let sources = ["first", "second"].map(|id| Source::new(format!("{id}.ron"), text(id)));
        sources
            .into_iter()
            .map(|source| Loaded {
                scenario: source.parse().unwrap(),
                source,
            })
            .collect()
    }

    fn answer(typed: &str) -> (Option<String>, String) {
        let loaded = scenarios();
        let mut out = Vec::new();
        let chosen = ask(&loaded, &mut typed.as_bytes(), &mut out).unwrap();
        (
            chosen.map(|l| l.scenario.id.clone()),
            String::from_utf8(out).unwrap(),
        )
    }

    #[test]
    fn picks_by_number_or_id_and_retries_on_a_typo() {
        assert_eq!(answer("2\n").0.as_deref(), Some("second"));
        assert_eq!(answer("first\n").0.as_deref(), Some("first"));
        let (chosen, shown) = answer("secnd\n2\n");
        assert_eq!(chosen.as_deref(), Some("second"));
        assert!(shown.contains("did you mean \"second\"?"), "{shown}");
    }

    #[test]
    fn an_empty_line_or_the_end_of_input_gives_up() {
        assert_eq!(answer("\n").0, None);
        assert_eq!(answer("").0, None);
        assert_eq!(answer("9\n").0, None, "out of range, then end of input");
    }
}
