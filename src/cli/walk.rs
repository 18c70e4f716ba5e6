//! `dilemma walk`: answers in, outcome out, no wizard.

use std::path::Path;
use std::process::ExitCode;

use super::{DocFormat, Global, load_rules};
use crate::code::Catalogue;
use crate::engine::{Answer, Walk};
use crate::outcome::Outcome;
use crate::source::{Diagnostic, Source};
use crate::spans::{Node, Step};
use crate::view::json::OutcomeJson;
use crate::view::{OutcomeView, markdown};

pub fn run(
    global: &Global,
    code: &Catalogue,
    path: &Path,
    format: DocFormat,
    all: bool,
) -> anyhow::Result<ExitCode> {
    let set = match load_rules(global, code) {
        Ok(set) => set,
        Err(exit) => return Ok(exit),
    };
    let (source, answers) = match read_answers(path) {
        Ok(read) => read,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return Ok(ExitCode::from(2));
        }
    };
    let walk = match Walk::replay(&set.rules, &answers) {
        Ok(walk) => walk,
        Err((index, error)) => {
            let at = Node::parse(&source.text)
                .map_or(0, |tree| tree.locate(&source.text, &[Step::Nth(index)]));
            eprintln!(
                "{}",
                Diagnostic::error(source.place_at(at), error.to_string())
            );
            return Ok(ExitCode::from(1));
        }
    };
    let outcome = Outcome::of(&walk, code);
    let view = OutcomeView::build(&outcome, &set.rules, code);
    match format {
        DocFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&OutcomeJson::new(&outcome, &view, all))?
        ),
        DocFormat::Md => print!(
            "{}",
            markdown::document(
                &view,
                markdown::Options {
                    all,
                    all_hint: "run `walk` with `--all`",
                }
            )
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads an answers file: a RON list of `(question: "id", choices: ["id"])`.
pub fn read_answers(path: &Path) -> Result<(Source, Vec<Answer>), Diagnostic> {
    let source = Source::read_at_most(path, crate::source::MAX_ANSWERS_BYTES)?;
    let answers = source.parse::<Vec<Answer>>()?;
    Ok((source, answers))
}
