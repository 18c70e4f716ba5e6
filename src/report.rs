//! The outcome of a walk as a readable Markdown document. Used by
//! `walk --format md`, at the end of plain mode, and inside exported records.

use std::fmt::Write;

use crate::code::{Catalogue, Domain};
use crate::outcome::{LadderOutcome, Outcome, StepOutcome};
use crate::rules::{Role, Rules};

/// Lines a document adds under answers, cited standards and ladder steps:
/// notes, progress, a supervisor's comments. Each line is Markdown and may
/// span several lines; it is indented to sit inside the item it belongs to.
pub trait Annotations {
    fn on_answer(&self, _question: &str) -> Vec<String> {
        Vec::new()
    }
    fn on_standard(&self, _number: u8) -> Vec<String> {
        Vec::new()
    }
    fn on_step(&self, _ladder: &str, _step: &str) -> Vec<String> {
        Vec::new()
    }
}

/// No annotations: the outcome as the walk gives it.
pub struct Bare;

impl Annotations for Bare {}

/// Writes the outcome sections, each starting with a `##` heading.
pub fn outcome_markdown(outcome: &Outcome, rules: &Rules, code: &Catalogue) -> String {
    outcome_markdown_with(outcome, rules, code, &Bare)
}

/// The outcome sections with extra lines under standards and steps.
pub fn outcome_markdown_with(
    outcome: &Outcome,
    rules: &Rules,
    code: &Catalogue,
    notes: &dyn Annotations,
) -> String {
    let mut out = String::new();
    if outcome.crisis
        && let Some(crisis) = &rules.crisis
    {
        let _ = writeln!(out, "> **{}.** {}\n", crisis.title, crisis.text);
    }
    if !outcome.finished {
        out.push_str("_The walk is not finished: this is the outcome of the answers so far._\n\n");
    }
    if outcome.code_is_clear {
        out.push_str(
            "**The code is clear here:** one standard governs and one ladder sets out what to do.\n\n",
        );
    }
    let starts = outcome.first_steps();
    if starts.len() > 1 {
        out.push_str("## Where to start\n\nEach set of steps below begins here:\n\n");
        for (ladder, step) in starts {
            let _ = writeln!(out, "- **{}:** {}", ladder.title, step.text);
        }
        out.push('\n');
    }

    out.push_str("## Standards that apply\n\n");
    if outcome.standards.is_empty() {
        out.push_str("No standard was cited by these answers.\n\n");
    }
    for domain in Domain::ALL {
        let in_domain: Vec<_> = outcome
            .standards
            .iter()
            .filter(|s| s.domain == domain)
            .collect();
        if in_domain.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {}\n", code.domain(domain).title);
        for standard in in_domain {
            let role = if standard.primary {
                "governs"
            } else {
                "related"
            };
            let _ = writeln!(
                out,
                "- **Standard {}: {}** ({role})",
                standard.number, standard.title
            );
            for reason in &standard.reasons {
                let prompt = rules.prompt_of(&reason.question);
                let tag = match reason.role {
                    Role::Primary => "",
                    Role::Related => " (related)",
                };
                let _ = writeln!(
                    out,
                    "  - {}{tag} _Because you answered \"{}\" to \"{prompt}\"_",
                    reason.reason, reason.answer
                );
            }
            for line in notes.on_standard(standard.number) {
                push_sub_item(&mut out, 2, &line);
            }
        }
        out.push('\n');
    }

    if !outcome.ladders.is_empty() {
        out.push_str("## What to do, in order\n\n");
        for ladder in &outcome.ladders {
            ladder_markdown(&mut out, ladder, rules, notes);
        }
    }

    if !outcome.tensions.is_empty() {
        out.push_str("## Standards that pull against each other\n\n");
        for tension in &outcome.tensions {
            let numbers: Vec<String> = tension.standards.iter().map(u8::to_string).collect();
            let _ = writeln!(
                out,
                "- **{}** (standards {}): {}",
                tension.title,
                numbers.join(" and "),
                tension.note
            );
        }
        out.push('\n');
    }
    out
}

/// The answers given, as a numbered list of questions and choices.
pub fn answers_markdown(outcome: &Outcome, rules: &Rules) -> String {
    answers_markdown_with(outcome, rules, "Your answers", &Bare)
}

/// The answers under a heading of the caller's choosing, with extra lines
/// under each answer.
pub fn answers_markdown_with(
    outcome: &Outcome,
    rules: &Rules,
    heading: &str,
    notes: &dyn Annotations,
) -> String {
    let mut out = format!("## {heading}\n\n");
    if outcome.path.is_empty() {
        out.push_str("No question was answered.\n");
    }
    for (i, step) in outcome.path.iter().enumerate() {
        let labels = rules.labels_of(&step.question, &step.choices);
        let marker = format!("{}. ", i + 1);
        let indent = " ".repeat(marker.len());
        let _ = writeln!(
            out,
            "{marker}{}\n{indent}- {}",
            rules.prompt_of(&step.question),
            labels.join(&format!("\n{indent}- "))
        );
        for line in notes.on_answer(&step.question) {
            push_sub_item(&mut out, marker.len(), &line);
        }
    }
    out.push('\n');
    out
}

/// A complete stand-alone document for `walk --format md` and plain mode.
pub fn walk_document(outcome: &Outcome, rules: &Rules, code: &Catalogue) -> String {
    let mut out = String::from("# Outcome\n\n");
    out.push_str(&outcome_markdown(outcome, rules, code));
    out.push_str(&answers_markdown(outcome, rules));
    let _ = writeln!(
        out,
        "---\n\n_{}_ Rules version {}.",
        rules.disclaimer, rules.version
    );
    out
}

fn ladder_markdown(
    out: &mut String,
    ladder: &LadderOutcome,
    rules: &Rules,
    notes: &dyn Annotations,
) {
    let numbers: Vec<String> = ladder.standards.iter().map(u8::to_string).collect();
    let label = if numbers.len() == 1 {
        "standard"
    } else {
        "standards"
    };
    let _ = writeln!(
        out,
        "### {} ({label} {})\n",
        ladder.title,
        numbers.join(", ")
    );
    for (i, step) in ladder.steps.iter().enumerate() {
        let first = ladder.first_step.as_deref() == Some(step.id.as_str());
        let marker = format!("{}. ", i + 1);
        let _ = writeln!(out, "{marker}{}", step_line(step, first, rules));
        for line in notes.on_step(&ladder.id, &step.id) {
            push_sub_item(out, marker.len(), &line);
        }
    }
    if ladder.first_step.is_none() {
        out.push_str("\nNone of these steps applies to your answers.\n");
    }
    out.push('\n');
}

fn step_line(step: &StepOutcome, first: bool, rules: &Rules) -> String {
    if first {
        return format!("**Start here:** {}", step.text);
    }
    if step.applies {
        return step.text.clone();
    }
    let mut line = format!("_Does not apply:_ {}", step.text);
    let why: Vec<String> = step
        .because
        .iter()
        .map(|b| {
            format!(
                "you answered \"{}\" to \"{}\"",
                b.answer,
                rules.prompt_of(&b.question)
            )
        })
        .collect();
    if !why.is_empty() {
        let _ = write!(line, " (because {})", why.join("; "));
    }
    if let Some(note) = &step.note {
        let _ = write!(line, " {note}");
    }
    line
}

/// A `- ` item indented to sit inside the item above it; later lines of a
/// multi-line text are indented to stay inside the item.
fn push_sub_item(out: &mut String, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    let mut lines = text.lines();
    let _ = writeln!(out, "{pad}- {}", lines.next().unwrap_or_default());
    for line in lines {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}  {line}");
        }
    }
}
