//! `dilemma sessions`: the saved records, newest first, broken ones included.

use std::fmt::Write as _;
use std::process::ExitCode;

use super::records::{data_dir, existing_store};
use super::{Global, load_rules};
use crate::code::Catalogue;
use crate::engine::Walk;
use crate::record::{Phase, Record, ymd_text};
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
    // Each record's row made on every core, in the listing's order.
    let made = crate::parallel::map(&listed, |entry| match &entry.record {
        Ok(record) => Ok((
            Row::of(record, &set.rules, set.hash(), today),
            record.follow_up_overdue(today),
        )),
        Err(problem) => Err((entry.id.clone(), problem.to_string())),
    });
    let mut rows = Vec::with_capacity(made.len());
    let mut broken = Vec::new();
    let mut overdue = 0;
    for made in made {
        match made {
            Ok((row, late)) => {
                overdue += usize::from(late);
                rows.push(row);
            }
            Err(problem) => broken.push(problem),
        }
    }
    // The listing is written out at once: a line at a time, ten thousand
    // records cost as many writes.
    let mut out = String::with_capacity(200 * (rows.len() + broken.len() + 4));
    let zone = crate::local_time::offset_name(crate::local_time::now().offset());
    let _ = writeln!(out, "Records in {} (times in {zone}):\n", dir.display());
    // Two lines a record, so that the situation fits beside the rest on
    // an 80-column terminal: the facts, then what it is about.
    let phase_width = rows
        .iter()
        .map(|r| r.phase.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let line = |out: &mut String, id: &str, saved: &str, phase: &str, signed: &str| {
        let start = out.len();
        let _ = write!(out, "{id:26}  {saved:16}  {phase:phase_width$}  {signed}");
        out.truncate(start + out[start..].trim_end().len());
        out.push('\n');
    };
    line(&mut out, "ID", "LAST SAVED", "PHASE", "SIGN-OFF");
    for row in &rows {
        line(&mut out, &row.id, &row.saved, row.phase, row.signed);
        let _ = writeln!(out, "  {}", row.about);
    }
    for (id, problem) in &broken {
        let _ = writeln!(out, "\n{id}: cannot be read, left as it is:\n  {problem}");
    }
    out.push('\n');
    if overdue > 0 {
        let _ = writeln!(
            out,
            "{overdue} follow-up{} overdue.",
            if overdue == 1 { " is" } else { "s are" }
        );
    }
    out.push_str(
        "Continue one with `dilemma resume ID`; make a document of it with `dilemma export ID`.\n",
    );
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// How wide the line about a record's situation may be, indent included.
const WIDTH: usize = 80;

struct Row {
    id: String,
    saved: String,
    phase: &'static str,
    signed: &'static str,
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
            phase: phase(record, rules).name(),
            signed: if record.signoff.is_some() {
                "signed"
            } else {
                "-"
            },
            about: cut(&about, WIDTH - 2),
        }
    }
}

/// The furthest phase a record got to. Whether the walk is finished only
/// matters before the options, so the answers are replayed only then.
fn phase(record: &Record, rules: &Rules) -> Phase {
    let reached = record.phase_reached(false);
    if reached >= Phase::Options {
        return reached;
    }
    let (walk, _) = Walk::replay_keeping_what_fits(rules, &record.answers);
    record.phase_reached(walk.is_finished())
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
