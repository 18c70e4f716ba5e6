//! `dilemma review`: a supervisor reads a record and adds comments and a
//! sign-off. The practitioner's own text is never changed: a review can only
//! append comments and set the sign-off, and each change is written by
//! loading the file fresh, applying the change and saving atomically.
//!
//! This is the model both shells share, and the plain numbered shell
//! (`plain`) for screen readers, pipes and scripts. The full-screen review
//! is a screen of the wizard (`tui/screens/supervise.rs`); nothing here
//! knows about screens.

pub mod plain;

use std::path::PathBuf;

use anyhow::Result;
use time::{Date, OffsetDateTime};

use crate::code::Catalogue;
use crate::local_time::when;
use crate::outcome::Outcome;
use crate::record::export::Document;
use crate::record::guard::{self, Finding};
use crate::record::{Comment, CommentOn, Record, SignOff, ymd_text};
use crate::rules::{RuleSet, Rules};
use crate::view::markdown::record::comment_words;
use crate::view::record::{DecisionView, OptionView, RecordView};
use crate::view::when_words;

/// Everything a review screen shows, worked out once from the record and
/// the rules: the items a comment can be about, each with its full text.
pub struct Review {
    pub path: PathBuf,
    pub record: Record,
    pub items: Vec<Item>,
    /// The record's header: id, concern, dates.
    pub heading: String,
    /// Lines that say the rules changed under this record, if they did.
    pub changes: Vec<String>,
    /// The whole record as a Markdown document, for "read it all".
    pub document: String,
    /// Comments cannot be saved (`--no-save`).
    pub read_only: bool,
    /// What each comment target is called, kept so messages can name
    /// targets after the rules are gone.
    names: Vec<(CommentOn, String)>,
}

/// One thing a supervisor can comment on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub on: CommentOn,
    /// One line saying all of what the item is, for the plain list.
    pub title: String,
    /// A short name, for the narrow list on screen.
    pub label: String,
    /// The full text, line by line.
    pub detail: Vec<String>,
}

/// What a review adds to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Comment {
        on: CommentOn,
        role: String,
        text: String,
    },
    SignOff {
        role: String,
        name: String,
        date: Date,
        note: String,
    },
    /// A new wording for the comment made at `of`; empty withdraws it.
    EditComment { of: OffsetDateTime, text: String },
}

impl Change {
    /// Applies the change, stamped with `now`. Touches only comments, the
    /// sign-off and the last-saved time. A comment can no longer be changed
    /// once the record is signed off.
    pub fn apply(&self, record: &mut Record, now: OffsetDateTime) -> Result<()> {
        match self.clone() {
            Change::EditComment { of, text } => record.edit_comment(of, &text, now)?,
            Change::Comment { on, role, text } => record.add_comment(Comment {
                on,
                role: role.trim().to_string(),
                at: now,
                text: text.trim().to_string(),
            }),
            Change::SignOff {
                role,
                name,
                date,
                note,
            } => record.sign_off(
                SignOff {
                    role: role.trim().to_string(),
                    name: name.trim().to_string(),
                    date,
                    note: note.trim().to_string(),
                },
                now,
            ),
        }
        Ok(())
    }

    /// What the review says once the change is saved.
    pub fn done_words(&self, review: &Review) -> String {
        match self {
            Change::Comment { on, .. } => format!("Comment saved on {}.", review.name_of(on)),
            Change::SignOff { .. } => "Signed off.".to_string(),
            Change::EditComment { text, .. } if text.trim().is_empty() => {
                "Comment withdrawn.".to_string()
            }
            Change::EditComment { .. } => "Comment reworded.".to_string(),
        }
    }

    /// Identifying details in the text this change would save.
    pub fn findings(&self) -> Vec<Finding> {
        let texts: Vec<&str> = match self {
            Change::Comment { role, text, .. } => vec![role, text],
            // The name is the signature itself, not a detail about a client.
            Change::SignOff { role, note, .. } => vec![role, note],
            Change::EditComment { text, .. } => vec![text],
        };
        texts.into_iter().flat_map(guard::scan).collect()
    }
}

impl Review {
    pub fn new(
        path: PathBuf,
        record: Record,
        set: &RuleSet,
        code: &Catalogue,
        read_only: bool,
    ) -> Review {
        let doc = Document::new(&record, set, code, false);
        let view = doc.record_view();
        let changes = view
            .changes
            .as_ref()
            .map(|c| c.summary.clone())
            .unwrap_or_default();
        let document = doc.markdown();
        let items = items(view, doc.outcome(), &set.rules, code);
        let concern = view
            .first_concern
            .as_ref()
            .map_or(String::new(), |c| format!(" - {c}"));
        let heading = format!("record {}{concern}", view.id);
        let mut names: Vec<(CommentOn, String)> = items
            .iter()
            .map(|i| (i.on.clone(), i.title.clone()))
            .collect();
        for comment in &view.comments {
            let on = comment.on.clone();
            if !names.iter().any(|(named, _)| named == &on) {
                names.push((on, comment.about.clone()));
            }
        }
        Review {
            path,
            record,
            items,
            heading,
            changes,
            document,
            read_only,
            names,
        }
    }

    /// The comments on an item, oldest first, as display lines.
    pub fn comments_on(&self, on: &CommentOn) -> Vec<Comment> {
        self.record
            .current_comments()
            .into_iter()
            .filter(|c| &c.on == on)
            .collect()
    }

    /// What a comment target is called, for messages.
    pub fn name_of(&self, on: &CommentOn) -> String {
        self.names
            .iter()
            .find(|(o, _)| o == on)
            .map_or_else(|| format!("{on:?}"), |(_, name)| name.clone())
    }

    /// The item's detail followed by its comments, for reading.
    pub fn item_text(&self, index: usize) -> Vec<String> {
        let Some(item) = self.items.get(index) else {
            return Vec::new();
        };
        let mut lines = item.detail.clone();
        let comments = self.comments_on(&item.on);
        if !comments.is_empty() {
            lines.push(String::new());
            lines.push(format!("Comments ({}):", comments.len()));
            for comment in &comments {
                lines.push(plain_comment(comment));
            }
        }
        if item.on == CommentOn::Record {
            // Comments on answers or steps the current rules no longer show
            // would otherwise be nowhere on screen.
            let orphans: Vec<Comment> = self
                .record
                .current_comments()
                .into_iter()
                .filter(|c| !self.items.iter().any(|i| i.on == c.on))
                .collect();
            if !orphans.is_empty() {
                lines.push(String::new());
                lines.push("Comments on items the current rules no longer show:".to_string());
                for comment in orphans {
                    lines.push(format!(
                        "On {}: {}",
                        self.name_of(&comment.on),
                        plain_comment(&comment)
                    ));
                }
            }
        }
        if item.on == CommentOn::Record
            && let Some(signoff) = &self.record.signoff
        {
            lines.push(String::new());
            let mut line = format!(
                "Signed off by {} on {}.",
                signoff.role,
                ymd_text(signoff.date)
            );
            if !signoff.note.is_empty() {
                line.push(' ');
                line.push_str(&signoff.note);
            }
            lines.push(line);
        }
        lines
    }
}

/// A comment without Markdown emphasis, for screens.
pub fn plain_comment(comment: &Comment) -> String {
    comment_words(&comment.role, comment.at, &comment.text).replace("**", "")
}

/// The items of a record, in reading order: the record as a whole, its
/// options, consultations and decision, each answer, each cited standard,
/// each step of the plan.
pub fn items(record: &RecordView, outcome: &Outcome, rules: &Rules, code: &Catalogue) -> Vec<Item> {
    let mut items = vec![whole_record(record)];
    items.extend(decision_parts(record));
    for (number, step) in (1..).zip(&outcome.path) {
        let prompt = rules.prompt_of(&step.question);
        let labels = rules.labels_of(&step.question, &step.choices);
        let mut detail = vec![
            format!("Question: {prompt}"),
            format!("Answer: {}", labels.join("; ")),
        ];
        if let Some(note) = record.notes.get(&step.question)
            && !note.trim().is_empty()
        {
            detail.push(format!("Note: {note}"));
        }
        items.push(Item {
            on: CommentOn::Answer(step.question.clone()),
            title: format!("Answer: {prompt} - {}", labels.join("; ")),
            label: format!("Q{number}. {prompt}"),
            detail,
        });
    }
    for standard in &outcome.standards {
        let role = if standard.primary {
            "governs"
        } else {
            "related"
        };
        let mut detail = vec![format!(
            "Standard {}: {} ({role})",
            standard.number, standard.title
        )];
        if let Some(s) = code.get(standard.number) {
            detail.push(format!("In short: {}", s.summary));
        }
        detail.push("Why it applies:".to_string());
        for reason in &standard.reasons {
            let prompt = rules.prompt_of(&reason.question);
            detail.push(format!(
                "- {} (because you answered \"{}\" to \"{prompt}\")",
                reason.reason, reason.answer
            ));
        }
        items.push(Item {
            on: CommentOn::Standard(standard.number),
            title: format!("Standard {}: {} ({role})", standard.number, standard.title),
            label: format!("Standard {}: {}", standard.number, standard.title),
            detail,
        });
    }
    // The plan, in order: the steps that apply, each with how soon, what
    // it rests on, why it applies and whether it was done.
    for (i, step) in outcome.plan.iter().enumerate() {
        let place = if i == 0 {
            "first step".to_string()
        } else {
            format!("step {}", i + 1)
        };
        let done: Vec<&crate::view::record::ProgressView> = record
            .progress
            .iter()
            .filter(|p| p.ladder == step.ladder && p.step == step.step)
            .collect();
        let status = if done.is_empty() { "to do" } else { "done" };
        let mut detail = vec![
            format!(
                "Plan, {place} ({}): {}",
                when_words(step.shown()),
                step.text
            ),
            format!(
                "Rests on {}. Status: {status}.",
                crate::view::basis_words(&step.standards)
            ),
        ];
        for because in &step.applies_because {
            let prompt = rules.prompt_of(&because.question);
            detail.push(format!(
                "Applies because you answered \"{}\" to \"{prompt}\"",
                because.answer
            ));
        }
        for progress in done {
            let mut line = format!("Done {}", when(progress.done_at));
            if !progress.note.trim().is_empty() {
                line.push_str(": ");
                line.push_str(&progress.note);
            }
            detail.push(line);
        }
        let mark = if status == "done" { "[x]" } else { "[ ]" };
        items.push(Item {
            on: CommentOn::Step(step.ladder.clone(), step.step.clone()),
            title: format!("Plan {}: {}", i + 1, step.text),
            label: format!(
                "{mark} {}. {}: {}",
                i + 1,
                when_words(step.shown()),
                step.text
            ),
            detail,
        });
    }
    items
}

/// The options, consultations and decision, one item each, so a comment
/// can be about one of them rather than the record as a whole.
fn decision_parts(record: &RecordView) -> Vec<Item> {
    let mut items = Vec::new();
    for (i, option) in record.options.iter().enumerate() {
        let title = option.title.trim();
        items.push(Item {
            on: CommentOn::Option(i),
            title: format!("Option {}: {title}", i + 1),
            label: format!("Option {}: {title}", i + 1),
            detail: option_lines(i, option),
        });
    }
    for (i, c) in record.consultations.iter().enumerate() {
        let line = format!(
            "{}, {}: {}",
            c.role.trim(),
            ymd_text(c.date),
            c.advice.trim()
        );
        items.push(Item {
            on: CommentOn::Consultation(i),
            title: format!("Consultation {}: {line}", i + 1),
            label: format!("Consulted {}", c.role.trim()),
            detail: vec![format!("Consultation {}: {line}", i + 1)],
        });
    }
    if let Some(d) = &record.decision {
        items.push(Item {
            on: CommentOn::Decision,
            title: format!("Decision: {}", d.chosen.trim()),
            label: format!("Decision: {}", d.chosen.trim()),
            detail: decision_lines(record.decision.as_ref()),
        });
    }
    items
}

fn option_lines(i: usize, option: &OptionView) -> Vec<String> {
    let mut lines = vec![format!("{}. {}", i + 1, option.title)];
    if !option.benefits.trim().is_empty() {
        lines.push(format!("   Who benefits: {}", option.benefits.trim()));
    }
    if !option.harms.trim().is_empty() {
        lines.push(format!("   Who may be harmed: {}", option.harms.trim()));
    }
    if !option.principle_names.is_empty() {
        lines.push(format!("   Serves: {}", option.principle_names.join(", ")));
    }
    lines
}

fn decision_lines(decision: Option<&DecisionView>) -> Vec<String> {
    match decision {
        None => vec!["(not decided yet)".to_string()],
        Some(d) => {
            let mut lines = vec![format!("Chosen: {}", d.chosen)];
            if !d.rationale.trim().is_empty() {
                lines.push(format!("Why: {}", d.rationale.trim()));
            }
            if let Some(step) = &d.next_step {
                lines.push(format!("Next step: {}", step.name));
            }
            if let Some(date) = d.follow_up {
                lines.push(format!("Follow up by: {}", ymd_text(date)));
            }
            lines
        }
    }
}

fn whole_record(record: &RecordView) -> Item {
    let mut detail = vec![
        format!(
            "Started {}, last saved {}.",
            when(record.created),
            when(record.updated)
        ),
        String::new(),
    ];
    let mut section = |title: &str, lines: Vec<String>| {
        if detail.len() > 2 {
            detail.push(String::new());
        }
        detail.push(title.to_string());
        detail.extend(lines);
    };
    section(
        "Situation:",
        if record.situation.trim().is_empty() {
            vec!["(not written down)".to_string()]
        } else {
            record
                .situation
                .trim()
                .lines()
                .map(str::to_string)
                .collect()
        },
    );
    let mut options: Vec<String> = record
        .options
        .iter()
        .enumerate()
        .flat_map(|(i, option)| option_lines(i, option))
        .collect();
    if options.is_empty() {
        options.push("(none written down)".to_string());
    }
    section("Options considered:", options);
    let mut consultations: Vec<String> = record
        .consultations
        .iter()
        .map(|c| format!("- {}, {}: {}", c.role, ymd_text(c.date), c.advice))
        .collect();
    if consultations.is_empty() {
        consultations.push("(none recorded)".to_string());
    }
    section("Consultations:", consultations);
    section("Decision:", decision_lines(record.decision.as_ref()));
    Item {
        on: CommentOn::Record,
        title: "The record as a whole: situation, options, decision".to_string(),
        label: "The whole record".to_string(),
        detail,
    }
}

/// Saves a change to the record file: load fresh, apply, save atomically.
pub fn save_change(path: &std::path::Path, change: &Change) -> Result<Record> {
    let now = OffsetDateTime::now_utc();
    crate::record::store::try_update_file(path, |record| change.apply(record, now))
}

/// Today's date where the user is.
pub fn today() -> Date {
    crate::local_time::now().date()
}
