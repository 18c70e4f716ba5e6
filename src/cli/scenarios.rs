//! `dilemma scenarios`: the training vignettes, built in or from a folder.

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

/// The scenarios as aligned columns: id, difficulty, domains, title.
pub(super) fn table(loaded: &[Loaded]) -> String {
    let rows: Vec<[String; 4]> = loaded
        .iter()
        .map(|l| {
            let s = &l.scenario;
            let domains: Vec<&str> = s.domains.iter().map(|d| d.slug()).collect();
            [
                s.id.clone(),
                s.difficulty.name().to_string(),
                domains.join(", "),
                s.title.clone(),
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
