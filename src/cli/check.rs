//! `dilemma check`: validate rules and overlays, and show coverage.

use std::path::Path;
use std::process::ExitCode;

use super::proof_cache::{self, Origin};
use super::{Global, print_diagnostics};
use crate::code::{Catalogue, STANDARD_COUNT};
use crate::prove::{self, Scope, refused};
use crate::rules::check::{Report, check};

pub fn run(
    global: &Global,
    code: &Catalogue,
    scenarios: Option<&Path>,
    prove: bool,
    fresh: bool,
) -> anyhow::Result<ExitCode> {
    let set = match crate::rules::parse(global.rules.as_deref(), &global.overlay) {
        Ok(set) => set,
        Err(errors) => {
            print_diagnostics(&errors);
            eprintln!("{}", tally(errors.len(), 0));
            return Ok(ExitCode::from(1));
        }
    };
    let report = check(&set, code);
    print_diagnostics(&report.diagnostics);
    // Proving needs rules whose ids all resolve.
    let proof = report.is_valid().then(|| {
        let scope = if prove { Scope::Pairs } else { Scope::Single };
        if let Some(refused) = refused(&set) {
            print_diagnostics(std::slice::from_ref(&refused));
            return (1, None, scope);
        }
        let (proof, origin) = proof_cache::proven(&set, scope, fresh);
        let broken = prove::report(&set, code, &proof);
        print_diagnostics(&broken);
        (broken.len(), Some((proof, origin)), scope)
    });
    let files: Vec<&str> = set.origins.iter().map(|o| o.source.name.as_str()).collect();
    println!(
        "Checked {} (rules version {})",
        files.join(" + "),
        set.rules.version
    );
    print_summary(&report);
    let mut errors = report.errors().count();
    let mut warnings = report.diagnostics.len() - errors;
    if let Some((broken, proven, scope)) = &proof {
        let over = match scope {
            Scope::Single => "paths with one concern (`--prove` adds pairs)",
            Scope::Pairs => "paths with one or two concerns",
        };
        if let Some((proof, origin)) = proven {
            let paths = path_count(proof.paths);
            // On the same line, so scripts reading it see one line either way.
            let when = match origin {
                Origin::Proven => "",
                Origin::Reused => {
                    "; proven before by this code on these exact rules (`--fresh` proves again)"
                }
            };
            if *broken == 0 {
                println!(
                    "  invariants: {} hold over {paths} {over}{when}",
                    proof.held
                );
            } else {
                println!(
                    "  invariants: {} hold, {broken} broken, over {paths} {over}{when}",
                    proof.held
                );
            }
        }
        errors += broken;
    }
    if let Some(dir) = scenarios {
        let (e, w) = super::scenarios_check(&set, code, dir);
        errors += e;
        warnings += w;
    }
    if errors > 0 || warnings > 0 {
        eprintln!("{}", tally(errors, warnings));
    }
    // The process ends after this command and the system takes its memory
    // back at once; freeing the rules and the report piece by piece takes
    // tens of milliseconds for a file of 100,000 questions.
    std::mem::forget((set, report));
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_summary(report: &Report) {
    let s = &report.summary;
    let paths = s.paths.map_or_else(
        || "not counted (the graph has a loop)".to_string(),
        path_count,
    );
    println!("  questions        {}", s.questions);
    println!("  choices          {}", s.choices);
    println!("  distinct paths   {paths}");
    println!("  ladders          {}", s.ladders);
    println!("  tensions         {}", s.tensions);
    println!("  standards cited  {}/{STANDARD_COUNT}", s.cited.len());
    let uncited = s.uncited();
    if !uncited.is_empty() {
        let list: Vec<String> = uncited.iter().map(u8::to_string).collect();
        println!("  not cited        {}", list.join(", "));
    }
}

fn tally(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}.",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// A path count for people: counts saturate at `u128::MAX`, and a
/// saturated count is a floor, not a figure.
fn path_count(n: u128) -> String {
    if n == u128::MAX {
        format!("more than {}", group_digits(u128::MAX - 1))
    } else {
        group_digits(n)
    }
}

fn group_digits(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
