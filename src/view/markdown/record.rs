//! A decision record as a Markdown document for a supervision file
//! (`dilemma export`, the review's "read it all"): the `RecordView` and its
//! `OutcomeView`, laid out. Nothing here looks anything up.

use std::fmt::Write;

use time::OffsetDateTime;

use super::{Options, answers, outcome, push_sub_item};
use crate::local_time::{when, ymd_text};
use crate::view::record::{CommentOn, CommentView, OptionView, Orphan, ProgressView, RecordView};
use crate::view::{Notes, OutcomeView};

/// A decision record as a document to read and print: its head, the
/// situation, the outcome with notes, steps done and comments under the
/// items they belong to, the answers, options, consultations, decision,
/// supervision and sign-off, and what changed in the rules.
pub fn document(record: &RecordView, view: &OutcomeView, options: Options<'_>) -> String {
    let mut out = String::from("# Decision record\n\n");
    head(&mut out, record, view);
    if record.redacted {
        out.push_str("> Identifying details were removed from this copy; each is marked `[removed: ...]`.\n\n");
    }

    out.push_str("## Situation\n\n");
    if record.situation.trim().is_empty() {
        out.push_str("_Not written down._\n\n");
    } else {
        push_quote(&mut out, &record.situation);
    }

    let notes = RecordNotes(record);
    out.push_str(&outcome(view, &notes, options));
    out.push_str(&answers(view, "Questions and answers", &notes));

    options_considered(&mut out, record);
    consultations(&mut out, record);
    decision(&mut out, record);
    supervision(&mut out, record);
    changes(&mut out, record);

    let _ = writeln!(
        out,
        "---\n\nRules version {} (fingerprint {}). Record format {}.\n\n_{}_",
        record.rules.current_version, record.rules.current_hash, record.format, record.disclaimer
    );
    out
}

fn head(out: &mut String, record: &RecordView, view: &OutcomeView) {
    if let Some(subject) = &record.subject {
        let _ = writeln!(out, "- **Subject:** {subject}");
    }
    let _ = writeln!(out, "- **Record:** {}", record.id);
    if let Some(agency) = &record.agency {
        let _ = writeln!(out, "- **Agency:** {}", one_line(agency));
    }
    let who = match (&record.practitioner_name, &record.practitioner_role) {
        (Some(name), Some(role)) => Some(format!("{}, {}", one_line(name), one_line(role))),
        (Some(one), None) | (None, Some(one)) => Some(one_line(one)),
        (None, None) => None,
    };
    if let Some(who) = who {
        let _ = writeln!(out, "- **Practitioner:** {who}");
    }
    if let Some(role) = &view.role {
        let _ = writeln!(out, "- **Role:** {role}");
    }
    let _ = writeln!(out, "- **Started:** {}", when(record.created));
    let _ = writeln!(out, "- **Last saved:** {}", when(record.updated));
    match record.concerns.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "- **Concern:** {one}");
        }
        many => {
            let _ = writeln!(out, "- **Concerns:** {}", many.join("; "));
        }
    }
    let _ = writeln!(
        out,
        "- **Rules:** version {}, fingerprint {}",
        record.rules.version,
        record.rules.hash.get(..12).unwrap_or(&record.rules.hash)
    );
    let phases = if record.phases_done.is_empty() {
        "none yet".to_string()
    } else {
        let names: Vec<&str> = record.phases_done.iter().map(|p| p.name).collect();
        names.join(", ")
    };
    let _ = writeln!(out, "- **Phases done:** {phases}");
    if let Some(training) = &record.training {
        let student = training
            .student
            .as_deref()
            .map_or(String::new(), |s| format!(", by {s}"));
        let _ = writeln!(
            out,
            "- **Training:** vignette \"{}\"{student}",
            training.scenario
        );
    }
    out.push('\n');
}

/// Puts notes, steps done and comments under the outcome's items.
struct RecordNotes<'a>(&'a RecordView);

impl Notes for RecordNotes<'_> {
    fn on_answer(&self, question: &str) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(note) = self.0.notes.get(question)
            && !note.trim().is_empty()
        {
            lines.push(format!("**Note:** {note}"));
        }
        lines.extend(self.comments_on(&CommentOn::Answer(question.to_string())));
        lines
    }

    fn on_standard(&self, number: u8) -> Vec<String> {
        self.comments_on(&CommentOn::Standard(number))
    }

    fn on_step(&self, id: &str) -> Vec<String> {
        let Some((ladder, step)) = id.split_once('.') else {
            return Vec::new();
        };
        let mut lines: Vec<String> = self.0.progress_on(id).map(progress_line).collect();
        lines.extend(self.comments_on(&CommentOn::Step(ladder.to_string(), step.to_string())));
        lines
    }
}

impl RecordNotes<'_> {
    fn comments_on(&self, on: &CommentOn) -> Vec<String> {
        self.0.comments_on(on).map(comment_line).collect()
    }
}

/// A supervisor's comments on one part of the record, as list items
/// under it.
fn comments_under(out: &mut String, record: &RecordView, on: &CommentOn) {
    for comment in record.comments_on(on) {
        push_sub_item(out, 0, &comment_line(comment));
    }
}

fn options_considered(out: &mut String, record: &RecordView) {
    out.push_str("## Options considered\n\n");
    if record.options.is_empty() {
        out.push_str("_None written down._\n\n");
        return;
    }
    for (i, option) in record.options.iter().enumerate() {
        let mark = if option.chosen { " (chosen)" } else { "" };
        let _ = writeln!(out, "### {}. {}{mark}\n", i + 1, one_line(&option.title));
        field(out, "Who benefits", &option.benefits);
        field(out, "Who may be harmed", &option.harms);
        if !option.principle_names.is_empty() {
            let _ = writeln!(
                out,
                "- **Principles it serves:** {}",
                option.principle_names.join(", ")
            );
        }
        let _ = writeln!(out, "- **Quick tests:** {}", tests_line(option));
        comments_under(out, record, &CommentOn::Option(i));
        out.push('\n');
    }
}

fn consultations(out: &mut String, record: &RecordView) {
    out.push_str("## Consultations\n\n");
    if record.consultations.is_empty() {
        out.push_str("_None recorded._\n\n");
        return;
    }
    for (i, c) in record.consultations.iter().enumerate() {
        let advice = if c.advice.trim().is_empty() {
            "_no advice written down_".to_string()
        } else {
            c.advice.clone()
        };
        push_sub_item(
            out,
            0,
            &format!("**{}**, {}: {advice}", one_line(&c.role), ymd_text(c.date)),
        );
        comments_under(out, record, &CommentOn::Consultation(i));
    }
    out.push('\n');
}

fn decision(out: &mut String, record: &RecordView) {
    out.push_str("## Decision\n\n");
    let Some(decision) = &record.decision else {
        out.push_str("_Not decided yet._\n\n");
        return;
    };
    field(out, "Chosen course", &decision.chosen);
    field(out, "Why", &decision.rationale);
    if let Some(step) = &decision.next_step {
        let _ = writeln!(out, "- **Next step:** {}", step.name);
    }
    if let Some(date) = decision.follow_up {
        let _ = writeln!(out, "- **Follow up by:** {}", ymd_text(date));
    }
    comments_under(out, record, &CommentOn::Decision);
    out.push('\n');
}

fn supervision(out: &mut String, record: &RecordView) {
    out.push_str("## Supervision\n\n");
    let general: Vec<&CommentView> = record.comments_on(&CommentOn::Record).collect();
    let elsewhere = record.comments.len() - general.len();
    if record.comments.is_empty() {
        out.push_str("No comments yet.\n\n");
    } else {
        if general.is_empty() {
            out.push_str("No comments on the record as a whole.\n\n");
        }
        for comment in general {
            push_sub_item(out, 0, &comment_line(comment));
        }
        if elsewhere > 0 {
            if !out.ends_with("\n\n") {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "Comments on particular answers, standards, steps, options, consultations and the decision ({elsewhere}) appear beside them above.\n"
            );
        }
    }
    // A paragraph of its own: straight after a list it would read as
    // part of the last comment.
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    match &record.signoff {
        Some(signoff) => {
            let who = if signoff.name.trim().is_empty() {
                one_line(&signoff.role)
            } else {
                format!("{}, {}", one_line(&signoff.name), one_line(&signoff.role))
            };
            let _ = write!(
                out,
                "**Signed off** by {who} on {}.",
                ymd_text(signoff.date)
            );
            if !signoff.note.trim().is_empty() {
                let _ = write!(out, " {}", signoff.note.trim());
            }
            // The signature line stays with the sign-off, so a printed
            // copy carries the signature beside the name it belongs to.
            let _ = write!(
                out,
                "\n\nSignature: ______________________  Name: {}  Date: {}\n\n",
                if signoff.name.trim().is_empty() { "________________".to_string() } else { one_line(&signoff.name) },
                ymd_text(signoff.date)
            );
        }
        None => out.push_str(
            "Not signed off yet.\n\nSignature: ______________________  Role: ________________  Date: ____________\n\n",
        ),
    }
}

fn changes(out: &mut String, record: &RecordView) {
    if record.changes.is_none() && record.earlier_answers.is_empty() && record.orphans.is_empty() {
        return;
    }
    out.push_str("## Changes to the rules\n\n");
    if let Some(changes) = &record.changes {
        for line in &changes.summary {
            push_sub_item(out, 0, line);
        }
        out.push('\n');
    }
    if !record.orphans.is_empty() {
        out.push_str("### Notes and comments on items the current rules no longer show\n\n");
        for orphan in &record.orphans {
            let line = match orphan {
                Orphan::Note { question, text } => format!("**Note** on {question}: {text}"),
                Orphan::Progress { step, progress } => {
                    format!("{step}: {}", progress_line(progress))
                }
                Orphan::Comment(comment) => {
                    format!("On {}: {}", comment.about, comment_line(comment))
                }
            };
            push_sub_item(out, 0, &line);
        }
        out.push('\n');
    }
    for earlier in &record.earlier_answers {
        let _ = writeln!(
            out,
            "### Answers given under rules version {} (fingerprint {})\n",
            earlier.rules_version, earlier.rules_hash
        );
        for (i, (question, labels)) in earlier.named.iter().enumerate() {
            let _ = writeln!(out, "{}. {question}: {}", i + 1, labels.join("; "));
        }
        out.push('\n');
    }
}

/// "**Comment** (clinical supervisor, 2026-03-02 14:00 UTC): text".
pub fn comment_line(comment: &CommentView) -> String {
    comment_words(&comment.role, comment.at, &comment.text)
}

/// The same, from a comment's parts, for a shell that holds the record's
/// own comment.
pub fn comment_words(role: &str, at: OffsetDateTime, text: &str) -> String {
    format!("**Comment** ({}, {}): {text}", one_line(role), when(at))
}

/// "**Done** 2026-03-02 14:00 UTC: note".
fn progress_line(progress: &ProgressView) -> String {
    let mut line = format!("**Done** {}", when(progress.done_at));
    if !progress.note.trim().is_empty() {
        line.push_str(": ");
        line.push_str(&progress.note);
    }
    line
}

fn tests_line(option: &OptionView) -> String {
    let answer = |a: Option<bool>| match a {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not answered",
    };
    format!(
        "comfortable if it were public: {}; would advise a colleague to do it: {}; can be undone: {}",
        answer(option.public),
        answer(option.colleague),
        answer(option.reversible)
    )
}

fn field(out: &mut String, name: &str, text: &str) {
    if text.trim().is_empty() {
        let _ = writeln!(out, "- **{name}:** _not written down_");
    } else {
        push_sub_item(out, 0, &format!("**{name}:** {}", text.trim()));
    }
}

fn push_quote(out: &mut String, text: &str) {
    let lines: Vec<&str> = text.trim().lines().map(str::trim_end).collect();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            // A line break the writer made stays one when the Markdown is
            // rendered (two spaces: a hard break); a blank line parts
            // paragraphs as it is.
            let more = lines.get(i + 1).is_some_and(|next| !next.is_empty());
            let _ = writeln!(out, "> {line}{}", if more { "  " } else { "" });
        }
    }
    out.push('\n');
}

/// Text meant for one line (a role, a title) with any line breaks flattened.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
