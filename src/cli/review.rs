//! `dilemma review FILE`: read a record, add comments and a sign-off.

use std::io::IsTerminal;
use std::process::ExitCode;

use super::{Global, load_rules, records};
use crate::code::Catalogue;
use crate::review::{self, Review, save_change};

pub fn run(global: &Global, code: &Catalogue, name: &str) -> anyhow::Result<ExitCode> {
    let set = match load_rules(global, code) {
        Ok(set) => set,
        Err(exit) => return Ok(exit),
    };
    let (path, record) = match records::find(global, name) {
        Ok(found) => found,
        Err(exit) => return Ok(exit),
    };
    let mut review = Review::new(path.clone(), record, &set, code, global.no_save);
    let today = review::today();
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if global.plain || dumb || !terminal {
        let stdin = std::io::stdin();
        let mut save = |change: &review::Change| save_change(&path, change);
        review::plain::run(
            &mut review,
            today,
            &mut stdin.lock(),
            &mut std::io::stdout(),
            &mut save,
        )?;
    } else {
        review::screen::run(review, today)?;
    }
    Ok(ExitCode::SUCCESS)
}
