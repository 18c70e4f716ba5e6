//! `dilemma sessions`: the saved records, newest first, broken ones included.

use std::process::ExitCode;

use super::records::{data_dir, existing_store};
use super::{Global, load_rules};
use crate::code::Catalogue;
use crate::engine::Walk;
use crate::record::{Record, ymd_text};
use crate::rules::Rules;

pub fn run(global: &Global, code: &Catalogue) -> anyhow::Result<ExitCode> {
    let set = match load_rules(global, code) {
        Ok(set) => set,
        Err(exit) => return Ok(exit),
    };
    let dir = data_dir(global)?;
    let listed = existing_store(global)?
        .map(|s| s.list())
        .unwrap_or_default();
    if listed.is_empty() {
        println!(
            "No saved records in {}. Start one with `dilemma`.",
            dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let today = crate::review::today();
    let mut rows = Vec::new();
    let mut broken = Vec::new();
    let mut overdue = 0;
    for entry in &listed {
        match &entry.record {
            Ok(record) => {
                overdue += usize::from(record.follow_up_overdue(today));
                rows.push(Row::of(record, &set.rules, &set.hash, today));
            }
            Err(problem) => broken.push((entry.id.clone(), problem.to_string())),
        }
    }
    let zone = crate::local_time::offset_name(crate::local_time::now().offset());
    println!("Records in {} (times in {zone}):\n", dir.display());
    // Two lines a record, so that the situation fits beside the rest on
    // an 80-column terminal: the facts, then what it is about.
    let phase_width = rows
        .iter()
        .map(|r| r.phase.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let line = |id: &str, saved: &str, phase: &str, signed: &str| {
        let text = format!("{id:26}  {saved:16}  {phase:phase_width$}  {signed}");
        text.trim_end().to_string()
    };
    println!("{}", line("ID", "LAST SAVED", "PHASE", "SIGN-OFF"));
    for row in &rows {
        println!("{}", line(&row.id, &row.saved, &row.phase, &row.signed));
        println!("  {}", row.about);
    }
    for (id, problem) in &broken {
        println!("\n{id}: cannot be read, left as it is:\n  {problem}");
    }
    println!();
    if overdue > 0 {
        println!(
            "{overdue} follow-up{} overdue.",
            if overdue == 1 { " is" } else { "s are" }
        );
    }
    println!(
        "Continue one with `dilemma resume ID`; make a document of it with `dilemma export ID`."
    );
    Ok(ExitCode::SUCCESS)
}

/// How wide the line about a record's situation may be, indent included.
const WIDTH: usize = 80;

struct Row {
    id: String,
    saved: String,
    phase: String,
    signed: String,
    /// The follow-up date, the concern and the first words of the
    /// situation, cut to fit.
    about: String,
}

impl Row {
    fn of(record: &Record, rules: &Rules, hash: &str, today: time::Date) -> Row {
        // Local time; the header says which offset.
        let short = |t: time::OffsetDateTime| {
            let t = crate::local_time::local(t);
            format!("{} {:02}:{:02}", ymd_text(t.date()), t.hour(), t.minute())
        };
        let (walk, _) = Walk::replay_keeping_what_fits(rules, &record.answers);
        let mut tags = Vec::new();
        if let Some(training) = &record.training {
            tags.push(format!("[training: {}]", training.scenario));
        }
        if record.rules_hash != hash {
            tags.push("[made on other rules]".to_string());
        }
        let concerns = record.concerns(rules);
        let concern = if concerns.is_empty() {
            "-".to_string()
        } else {
            concerns.join(", ")
        };
        let mut about = match record.follow_up() {
            Some(due) if record.follow_up_overdue(today) => {
                format!("follow-up {} OVERDUE · {concern}", ymd_text(due))
            }
            Some(due) => format!("follow-up {} · {concern}", ymd_text(due)),
            None => concern,
        };
        for tag in tags {
            about.push(' ');
            about.push_str(&tag);
        }
        if let Some(subject) = record.subject(usize::MAX) {
            about.push_str(": ");
            about.push_str(&subject);
        }
        Row {
            id: record.id.clone(),
            saved: short(record.updated),
            phase: record.phase_reached(walk.is_finished()).name().to_string(),
            signed: if record.signoff.is_some() {
                "signed"
            } else {
                "-"
            }
            .to_string(),
            about: cut(&about, WIDTH - 2),
        }
    }
}

/// `text` in at most `max` characters, ending in "…" when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}
