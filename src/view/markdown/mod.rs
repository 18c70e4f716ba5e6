//! The outcome view as Markdown: `walk --format md`, plain mode and the
//! exported record all print it this way. A whole record (its
//! `RecordView` with the `OutcomeView`) is laid out in `record`.

pub mod record;

use std::fmt::Write;

use super::{Notes, OutcomeView, StepView, when_words};

/// How much to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// List the steps left out, with why, instead of counting them.
    pub all: bool,
    /// How the reader asks for them, e.g. "run with `--all`".
    pub all_hint: &'a str,
}

/// The outcome sections, each starting with a `##` heading.
pub fn outcome(view: &OutcomeView, notes: &dyn Notes, options: Options<'_>) -> String {
    let mut out = String::new();
    if let Some((title, text)) = &view.crisis {
        let _ = writeln!(out, "> **{title}.** {text}\n");
    }
    if !view.finished {
        out.push_str("_The walk is not finished: this is the outcome of the answers so far, and the questions still to come can change the first step._\n\n");
    }
    match view.first() {
        Some(first) => {
            out.push_str("## Do this first\n\n");
            let _ = writeln!(out, "1. {}\n", step_line(first));
            for why in &first.why {
                let _ = writeln!(out, "_{why}_\n");
            }
        }
        None => out.push_str(
            "## Do this first\n\nNo step follows from these answers yet. Take the standards below to supervision.\n\n",
        ),
    }
    if view.code_is_clear {
        out.push_str("**The code is clear here:** one standard governs and one set of steps follows from it.\n\n");
    }
    if let Some(first) = view.first() {
        for line in notes.on_step(&first.id) {
            push_sub_item(&mut out, 0, &line);
        }
        if !notes.on_step(&first.id).is_empty() {
            out.push('\n');
        }
    }
    if view.plan.len() > 1 {
        out.push_str("## Then, in order\n\n");
        for (i, step) in view.plan.iter().enumerate().skip(1) {
            let marker = format!("{}. ", i + 1);
            let _ = writeln!(out, "{marker}{}", step_line(step));
            for line in notes.on_step(&step.id) {
                push_sub_item(&mut out, marker.len(), &line);
            }
        }
        out.push('\n');
    }
    left_out(&mut out, view, options);

    out.push_str("## Standards that apply\n\n");
    if view.standards.is_empty() {
        out.push_str("No standard was cited by these answers.\n\n");
    }
    for domain in &view.standards {
        let _ = writeln!(out, "### {}\n", domain.title);
        for standard in &domain.standards {
            let role = if standard.governs {
                "governs"
            } else {
                "related"
            };
            let _ = writeln!(
                out,
                "- **Standard {}: {}** ({role})",
                standard.number, standard.title
            );
            if let Some(words) = &standard.official {
                push_sub_item(
                    &mut out,
                    2,
                    &format!("Official wording (your copy): {words}"),
                );
            }
            for reason in &standard.reasons {
                let tag = if reason.related { " (related)" } else { "" };
                let _ = writeln!(
                    out,
                    "  - {}{tag} _{}_",
                    reason.text,
                    capital(&reason.because)
                );
            }
            for line in notes.on_standard(standard.number) {
                push_sub_item(&mut out, 2, &line);
            }
        }
        out.push('\n');
    }

    if !view.tensions.is_empty() {
        out.push_str("## Standards that pull against each other\n\n");
        for tension in &view.tensions {
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

/// One plan step on one line: how soon, what, and on what basis.
pub fn step_line(step: &StepView) -> String {
    format!(
        "**{}:** {} _({})_",
        when_words(step.shown),
        step.text,
        step.basis()
    )
}

fn left_out(out: &mut String, view: &OutcomeView, options: Options<'_>) {
    let count = view.left_out.len();
    if count == 0 {
        return;
    }
    if !options.all {
        let steps = if count == 1 { "step" } else { "steps" };
        let doo = if count == 1 { "does" } else { "do" };
        let _ = writeln!(
            out,
            "_{count} more {steps} {doo} not apply to your answers; {} to see them and why._\n",
            options.all_hint
        );
        return;
    }
    out.push_str("## Steps that do not apply\n\n");
    for step in &view.left_out {
        let _ = writeln!(out, "- {}", step.text);
        for why in &step.why {
            let _ = writeln!(out, "  - _{why}_");
        }
    }
    out.push('\n');
}

/// The answers given, as a numbered list of questions and choices.
pub fn answers(view: &OutcomeView, heading: &str, notes: &dyn Notes) -> String {
    let mut out = format!("## {heading}\n\n");
    if view.answers.is_empty() {
        out.push_str("No question was answered.\n");
    }
    for (i, answer) in view.answers.iter().enumerate() {
        let marker = format!("{}. ", i + 1);
        let indent = " ".repeat(marker.len());
        let _ = writeln!(
            out,
            "{marker}{}\n{indent}- {}",
            answer.prompt,
            answer.labels.join(&format!("\n{indent}- "))
        );
        for line in notes.on_answer(&answer.question) {
            push_sub_item(&mut out, marker.len(), &line);
        }
    }
    out.push('\n');
    out
}

/// A complete stand-alone document for `walk --format md` and plain mode.
pub fn document(view: &OutcomeView, options: Options<'_>) -> String {
    let mut out = String::from("# Outcome\n\n");
    if let Some(role) = &view.role {
        let _ = writeln!(out, "_Your role: {role}._\n");
    }
    out.push_str(&outcome(view, &super::Bare, options));
    out.push_str(&answers(view, "Your answers", &super::Bare));
    let _ = writeln!(
        out,
        "---\n\n_{}_ Rules version {}.",
        view.disclaimer, view.rules_version
    );
    out
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A `- ` item indented to sit inside the item above it; later lines of a
/// multi-line text are indented to stay inside the item.
pub fn push_sub_item(out: &mut String, indent: usize, text: &str) {
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
