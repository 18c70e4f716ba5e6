//! `dilemma review FILE`: read a record, add comments and a sign-off.

use std::process::ExitCode;

use super::{Global, load_rules, plain_mode, records, theme};
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
    // Refused before any reading or typing rather than at the first save.
    if !global.no_save
        && let Err(linked) = crate::record::lock::refuse_hard_links(&path)
    {
        eprintln!("dilemma: {linked:#}");
        return Ok(ExitCode::from(1));
    }
    let mut review = Review::new(path.clone(), record, &set, code, global.no_save);
    let today = review::today();
    if plain_mode(global) {
        let stdin = std::io::stdin();
        let mut save = |change: &review::Change| save_change(&path, change);
        review::plain::run(
            &mut review,
            today,
            &mut stdin.lock(),
            &mut std::io::stdout(),
            &mut save,
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    crate::tui::run_review(crate::tui::Supervision {
        set: &set,
        code,
        review,
        today,
        theme: theme(global),
        mouse: global.mouse,
        official: super::standards::imported(global),
    })
}
