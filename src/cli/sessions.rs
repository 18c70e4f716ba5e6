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
    let mut rows = vec![Row {
        id: "ID".into(),
        started: "STARTED".into(),
        saved: "LAST SAVED".into(),
        phase: "PHASE".into(),
        follow_up: "FOLLOW-UP".into(),
        concern: "CONCERN".into(),
    }];
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
    let width = |f: fn(&Row) -> &str| rows.iter().map(|r| f(r).chars().count()).max().unwrap_or(0);
    let widths = [
        width(|r| &r.id),
        width(|r| &r.started),
        width(|r| &r.saved),
        width(|r| &r.phase),
        width(|r| &r.follow_up),
    ];
    for row in &rows {
        let line = format!(
            "{:w0$}  {:w1$}  {:w2$}  {:w3$}  {:w4$}  {}",
            row.id,
            row.started,
            row.saved,
            row.phase,
            row.follow_up,
            row.concern,
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
            w4 = widths[4],
        );
        println!("{}", line.trim_end());
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

struct Row {
    id: String,
    started: String,
    saved: String,
    phase: String,
    follow_up: String,
    concern: String,
}

impl Row {
    fn of(record: &Record, rules: &Rules, hash: &str, today: time::Date) -> Row {
        // Local time; the header says which offset.
        let short = |t: time::OffsetDateTime| {
            let t = crate::local_time::local(t);
            format!("{} {:02}:{:02}", ymd_text(t.date()), t.hour(), t.minute())
        };
        let (walk, _) = Walk::replay_keeping_what_fits(rules, &record.answers);
        let mut concern = record.first_concern(rules).unwrap_or_else(|| "-".into());
        if let Some(training) = &record.training {
            concern = format!("{concern} (training: {})", training.scenario);
        }
        if record.rules_hash != hash {
            concern.push_str(" [made on other rules]");
        }
        Row {
            id: record.id.clone(),
            started: short(record.created),
            saved: short(record.updated),
            phase: record.phase_reached(walk.is_finished()).name().to_string(),
            follow_up: match record.follow_up() {
                Some(due) if record.follow_up_overdue(today) => {
                    format!("{} OVERDUE", ymd_text(due))
                }
                Some(due) => ymd_text(due),
                None => "-".into(),
            },
            concern,
        }
    }
}
