//! A record as a document for a supervision file: Markdown to read and
//! print, JSON for other tools. Pure: the same record and rules always give
//! the same document (no clock, no files).

use std::collections::BTreeSet;
use std::fmt::Write;

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::resume::{RulesChanged, reopen};
use super::{Comment, CommentOn, EarlierAnswers, Phase, QuickTests, Record, ymd_text};
use crate::code::{Catalogue, Principle};
use crate::outcome::Outcome;
use crate::rules::{RuleSet, Rules};
use crate::view::json::OutcomeJson;
use crate::view::{self, OutcomeView, markdown};

/// Bumped when a field of the JSON export is renamed or removed (adding
/// fields does not bump it).
pub const EXPORT_FORMAT: u32 = 1;

/// Who prepares a document: the agency and the practitioner, as the
/// config file gives them. All optional.
#[derive(Debug, Clone, Default)]
pub struct Author {
    pub agency: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
}

/// A record made ready to print: its answers replayed on the current rules.
pub struct Document<'a> {
    record: &'a Record,
    /// The supervisor's comments as they stand (rewordings applied,
    /// withdrawn ones left out).
    comments: Vec<Comment>,
    set: &'a RuleSet,
    code: &'a Catalogue,
    outcome: Outcome,
    view: OutcomeView,
    changes: Option<RulesChanged>,
    redacted: bool,
    /// List the steps left out, with why, instead of counting them.
    all: bool,
    author: Author,
}

impl<'a> Document<'a> {
    /// `redacted` says the caller removed identifying details from `record`;
    /// the document says so.
    pub fn new(record: &'a Record, set: &'a RuleSet, code: &'a Catalogue, redacted: bool) -> Self {
        let reopened = reopen(record, set, code);
        let outcome = Outcome::of(&reopened.walk, code);
        let view = OutcomeView::build(&outcome, &set.rules, code);
        Document {
            record,
            comments: record.current_comments(),
            set,
            code,
            outcome,
            view,
            changes: reopened.changes,
            redacted,
            all: false,
            author: Author::default(),
        }
    }

    /// Lists the steps left out, with why, instead of counting them.
    pub fn with_all(mut self, all: bool) -> Self {
        self.all = all;
        self
    }

    /// Shows the official wording from the user's own copy beside each
    /// standard.
    pub fn with_official(mut self, official: Option<&crate::official::Official>) -> Self {
        self.view = self.view.with_official(official);
        self
    }

    /// Names the agency and the practitioner in the document's head.
    pub fn with_author(mut self, author: Author) -> Self {
        self.author = author;
        self
    }

    pub fn view(&self) -> &OutcomeView {
        &self.view
    }

    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    pub fn changes(&self) -> Option<&RulesChanged> {
        self.changes.as_ref()
    }

    fn rules(&self) -> &'a Rules {
        &self.set.rules
    }

    // -----------------------------------------------------------------------
    // Markdown
    // -----------------------------------------------------------------------

    pub fn markdown(&self) -> String {
        let record = self.record;
        let rules = self.rules();
        let mut out = String::from("# Decision record\n\n");
        // A redacted copy leaves the situation's words out of the header:
        // the redaction marks them in the body only.
        if let Some(subject) = record.subject(12).filter(|_| !self.redacted) {
            let _ = writeln!(out, "- **Subject:** {subject}");
        }
        let _ = writeln!(out, "- **Record:** {}", record.id);
        if let Some(agency) = &self.author.agency {
            let _ = writeln!(out, "- **Agency:** {}", one_line(agency));
        }
        let who = match (&self.author.name, &self.author.role) {
            (Some(name), Some(role)) => Some(format!("{}, {}", one_line(name), one_line(role))),
            (Some(one), None) | (None, Some(one)) => Some(one_line(one)),
            (None, None) => None,
        };
        if let Some(who) = who.filter(|_| !self.redacted) {
            let _ = writeln!(out, "- **Practitioner:** {who}");
        }
        if let Some(role) = &self.view.role {
            let _ = writeln!(out, "- **Role:** {role}");
        }
        let _ = writeln!(out, "- **Started:** {}", when(record.created));
        let _ = writeln!(out, "- **Last saved:** {}", when(record.updated));
        match record.concerns(rules).as_slice() {
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
            record.rules_version,
            record.rules_hash.get(..12).unwrap_or(&record.rules_hash)
        );
        let _ = writeln!(
            out,
            "- **Phases done:** {}",
            phase_list(&record.phases_done(), self.outcome.finished)
        );
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
        if self.redacted {
            out.push_str("> Identifying details were removed from this copy; each is marked `[removed: ...]`.\n\n");
        }

        out.push_str("## Situation\n\n");
        if record.situation.trim().is_empty() {
            out.push_str("_Not written down._\n\n");
        } else {
            push_quote(&mut out, &record.situation);
        }

        let notes = Notes { doc: self };
        out.push_str(&markdown::outcome(
            &self.view,
            &notes,
            markdown::Options {
                all: self.all,
                all_hint: "export with `--all`",
            },
        ));
        out.push_str(&markdown::answers(
            &self.view,
            "Questions and answers",
            &notes,
        ));

        self.options_markdown(&mut out);
        self.consultations_markdown(&mut out);
        self.decision_markdown(&mut out);
        self.supervision_markdown(&mut out);
        self.changes_markdown(&mut out);

        let _ = writeln!(
            out,
            "---\n\nRules version {} (fingerprint {}). Record format {}.\n\n_{}_",
            rules.version, self.set.hash, record.format, rules.disclaimer
        );
        out
    }

    fn options_markdown(&self, out: &mut String) {
        out.push_str("## Options considered\n\n");
        if self.record.options.is_empty() {
            out.push_str("_None written down._\n\n");
            return;
        }
        let chosen = self.record.decision.as_ref().map(|d| d.chosen.trim());
        for (i, option) in self.record.options.iter().enumerate() {
            let mark = if chosen == Some(option.title.trim()) {
                " (chosen)"
            } else {
                ""
            };
            let _ = writeln!(out, "### {}. {}{mark}\n", i + 1, one_line(&option.title));
            field(out, "Who benefits", &option.benefits);
            field(out, "Who may be harmed", &option.harms);
            if !option.principles.is_empty() {
                let names: Vec<&str> = option
                    .principles
                    .iter()
                    .map(|p| self.code.principle(*p).name.as_str())
                    .collect();
                let _ = writeln!(out, "- **Principles it serves:** {}", names.join(", "));
            }
            let _ = writeln!(out, "- **Quick tests:** {}", tests_line(&option.tests));
            self.comments_markdown(out, &CommentOn::Option(i));
            out.push('\n');
        }
    }

    /// A supervisor's comments on one part of the record, as list items
    /// under it.
    fn comments_markdown(&self, out: &mut String, on: &CommentOn) {
        for comment in self.comments.iter().filter(|c| &c.on == on) {
            push_item(out, &comment_line(comment));
        }
    }

    fn consultations_markdown(&self, out: &mut String) {
        out.push_str("## Consultations\n\n");
        if self.record.consultations.is_empty() {
            out.push_str("_None recorded._\n\n");
            return;
        }
        for (i, c) in self.record.consultations.iter().enumerate() {
            let advice = if c.advice.trim().is_empty() {
                "_no advice written down_".to_string()
            } else {
                c.advice.clone()
            };
            push_item(
                out,
                &format!("**{}**, {}: {advice}", one_line(&c.role), ymd_text(c.date)),
            );
            self.comments_markdown(out, &CommentOn::Consultation(i));
        }
        out.push('\n');
    }

    fn decision_markdown(&self, out: &mut String) {
        out.push_str("## Decision\n\n");
        let Some(decision) = &self.record.decision else {
            out.push_str("_Not decided yet._\n\n");
            return;
        };
        field(out, "Chosen course", &decision.chosen);
        field(out, "Why", &decision.rationale);
        if let Some((ladder, step)) = &decision.next_step {
            let _ = writeln!(
                out,
                "- **Next step:** {}",
                step_name(self.rules(), ladder, step)
            );
        }
        if let Some(date) = decision.follow_up {
            let _ = writeln!(out, "- **Follow up by:** {}", ymd_text(date));
        }
        self.comments_markdown(out, &CommentOn::Decision);
        out.push('\n');
    }

    fn supervision_markdown(&self, out: &mut String) {
        out.push_str("## Supervision\n\n");
        let general: Vec<&Comment> = self
            .comments
            .iter()
            .filter(|c| c.on == CommentOn::Record)
            .collect();
        let elsewhere = self.comments.len() - general.len();
        if self.comments.is_empty() {
            out.push_str("No comments yet.\n\n");
        } else {
            if general.is_empty() {
                out.push_str("No comments on the record as a whole.\n\n");
            }
            for comment in general {
                push_item(out, &comment_line(comment));
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
        match &self.record.signoff {
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

    fn changes_markdown(&self, out: &mut String) {
        let orphans = self.orphans();
        if self.changes.is_none() && self.record.earlier_answers.is_empty() && orphans.is_empty() {
            return;
        }
        out.push_str("## Changes to the rules\n\n");
        if let Some(changes) = &self.changes {
            for line in changes.describe(self.rules(), self.code) {
                push_item(out, &line);
            }
            out.push('\n');
        }
        if !orphans.is_empty() {
            out.push_str("### Notes and comments on items the current rules no longer show\n\n");
            for line in orphans {
                push_item(out, &line);
            }
            out.push('\n');
        }
        for earlier in &self.record.earlier_answers {
            let _ = writeln!(
                out,
                "### Answers given under rules version {} (fingerprint {})\n",
                earlier.rules_version, earlier.rules_hash
            );
            for (i, answer) in earlier.answers.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "{}. {}: {}",
                    i + 1,
                    prompt_or_id(self.rules(), &answer.question),
                    self.rules()
                        .labels_of(&answer.question, &answer.choices)
                        .join("; ")
                );
            }
            out.push('\n');
        }
    }

    /// Notes, progress and comments whose question, standard or step is not
    /// in the outcome any more (the rules changed), so they are not lost
    /// from the document.
    fn orphans(&self) -> Vec<String> {
        let on_path: BTreeSet<&str> = self
            .outcome
            .path
            .iter()
            .map(|p| p.question.as_str())
            .collect();
        let step_shown = |ladder: &str, step: &str| {
            self.outcome
                .ladder(ladder)
                .is_some_and(|l| l.steps.iter().any(|s| s.id == step))
        };
        let mut lines = Vec::new();
        for (question, note) in &self.record.notes {
            if !on_path.contains(question.as_str()) && !note.trim().is_empty() {
                lines.push(format!(
                    "**Note** on {}: {note}",
                    prompt_or_id(self.rules(), question)
                ));
            }
        }
        for progress in &self.record.ladder_progress {
            if !step_shown(&progress.ladder, &progress.step) {
                lines.push(format!(
                    "{}: {}",
                    step_name(self.rules(), &progress.ladder, &progress.step),
                    progress_line(progress)
                ));
            }
        }
        for comment in &self.comments {
            let shown = match &comment.on {
                CommentOn::Record => true,
                CommentOn::Answer(q) => on_path.contains(q.as_str()),
                CommentOn::Standard(n) => self.outcome.standard(*n).is_some(),
                CommentOn::Step(l, s) => step_shown(l, s),
                // The document shows these under their own sections.
                CommentOn::Decision => self.record.decision.is_some(),
                CommentOn::Option(i) => *i < self.record.options.len(),
                CommentOn::Consultation(i) => *i < self.record.consultations.len(),
            };
            if !shown {
                lines.push(format!(
                    "On {}: {}",
                    target_name(self.rules(), self.code, &comment.on),
                    comment_line(comment)
                ));
            }
        }
        lines
    }

    // -----------------------------------------------------------------------
    // JSON
    // -----------------------------------------------------------------------

    /// The whole record and its outcome as one JSON object (fields in the
    /// README).
    pub fn json(&self) -> serde_json::Value {
        serde_json::to_value(self.json_doc()).unwrap_or(serde_json::Value::Null)
    }

    /// The same, as pretty-printed text with the fields in a reading order
    /// (id and dates first, the disclaimer last).
    pub fn json_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.json_doc()).unwrap_or_default();
        text.push('\n');
        text
    }

    fn json_doc(&self) -> JsonDoc<'_> {
        let record = self.record;
        let rules = self.rules();
        let fits: BTreeSet<&str> = self
            .outcome
            .path
            .iter()
            .map(|p| p.question.as_str())
            .collect();
        let chosen = record.decision.as_ref().map(|d| d.chosen.trim());
        JsonDoc {
            export_format: EXPORT_FORMAT,
            record_format: record.format,
            id: &record.id,
            created: rfc3339(record.created),
            updated: rfc3339(record.updated),
            rules: JsonRules {
                version: &record.rules_version,
                hash: &record.rules_hash,
                current_version: &rules.version,
                current_hash: &self.set.hash,
                changed: self.changes.is_some(),
            },
            first_concern: record.first_concern(rules),
            phases_done: phases(&record.phases_done(), self.outcome.finished)
                .into_iter()
                .map(phase_slug)
                .collect(),
            phase_reached: phase_slug(record.phase_reached(self.outcome.finished)),
            situation: &record.situation,
            answers: record
                .answers
                .iter()
                .map(|a| {
                    let question = rules.questions.get(&a.question);
                    JsonAnswer {
                        question: &a.question,
                        prompt: question.map(|q| q.prompt.as_str()),
                        choices: a
                            .choices
                            .iter()
                            .map(|c| JsonChoice {
                                id: c,
                                label: question.and_then(|q| q.choice(c)).map(|c| c.label.as_str()),
                            })
                            .collect(),
                        note: record.notes.get(&a.question).map(String::as_str),
                        fits: fits.contains(a.question.as_str()),
                    }
                })
                .collect(),
            notes: &record.notes,
            outcome: OutcomeJson::new(&self.outcome, &self.view, self.all),
            rules_changed: self.changes.as_ref().map(|c| JsonChanges {
                old_version: &c.old_version,
                new_version: &c.new_version,
                unfit: &c.unfit,
                standards_added: &c.standards_added,
                standards_dropped: &c.standards_dropped,
                first_steps: c
                    .first_steps
                    .iter()
                    .map(|(ladder, before, after)| JsonFirstStep {
                        ladder,
                        before: before.as_deref(),
                        after: after.as_deref(),
                    })
                    .collect(),
                compared_outcome: c.compared_outcome,
                summary: c.describe(rules, self.code),
            }),
            ladder_progress: record
                .ladder_progress
                .iter()
                .map(|p| JsonProgress {
                    ladder: &p.ladder,
                    step: &p.step,
                    step_text: rules.step_text(&p.ladder, &p.step).map(str::to_string),
                    done_at: rfc3339(p.done_at),
                    note: &p.note,
                })
                .collect(),
            options: record
                .options
                .iter()
                .map(|o| JsonOption {
                    title: &o.title,
                    benefits: &o.benefits,
                    harms: &o.harms,
                    principles: o.principles.iter().map(|p| principle_slug(*p)).collect(),
                    tests: &o.tests,
                    chosen: chosen == Some(o.title.trim()),
                })
                .collect(),
            consultations: record
                .consultations
                .iter()
                .map(|c| JsonConsultation {
                    role: &c.role,
                    date: ymd_text(c.date),
                    advice: &c.advice,
                })
                .collect(),
            decision: record.decision.as_ref().map(|d| JsonDecision {
                chosen: &d.chosen,
                rationale: &d.rationale,
                next_step: d.next_step.as_ref().map(|(ladder, step)| JsonStepRef {
                    ladder,
                    step,
                    text: rules.step_text(ladder, step).map(str::to_string),
                }),
                follow_up: d.follow_up.map(ymd_text),
            }),
            comments: self
                .comments
                .iter()
                .map(|c| JsonComment {
                    on: JsonTarget::of(&c.on),
                    role: &c.role,
                    at: rfc3339(c.at),
                    text: &c.text,
                })
                .collect(),
            signoff: record.signoff.as_ref().map(|s| JsonSignOff {
                role: &s.role,
                name: &s.name,
                date: ymd_text(s.date),
                note: &s.note,
            }),
            training: record.training.as_ref().map(|t| JsonTraining {
                scenario: &t.scenario,
                student: t.student.as_deref(),
            }),
            earlier_answers: &record.earlier_answers,
            redacted: self.redacted,
            disclaimer: &rules.disclaimer,
        }
    }
}

/// Puts notes, progress and comments under the items they belong to.
struct Notes<'d, 'a> {
    doc: &'d Document<'a>,
}

impl view::Notes for Notes<'_, '_> {
    fn on_answer(&self, question: &str) -> Vec<String> {
        let record = self.doc.record;
        let mut lines = Vec::new();
        if let Some(note) = record.notes.get(question)
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
        let mut lines: Vec<String> = self
            .doc
            .record
            .ladder_progress
            .iter()
            .filter(|p| p.ladder == ladder && p.step == step)
            .map(progress_line)
            .collect();
        lines.extend(self.comments_on(&CommentOn::Step(ladder.to_string(), step.to_string())));
        lines
    }
}

impl Notes<'_, '_> {
    fn comments_on(&self, on: &CommentOn) -> Vec<String> {
        self.doc
            .comments
            .iter()
            .filter(|c| &c.on == on)
            .map(comment_line)
            .collect()
    }
}

// ---------------------------------------------------------------------------
// JSON shapes (documented in the README; keep names stable)
// ---------------------------------------------------------------------------

#[derive(Serialize)]
struct JsonDoc<'a> {
    export_format: u32,
    record_format: u32,
    id: &'a str,
    created: String,
    updated: String,
    rules: JsonRules<'a>,
    first_concern: Option<String>,
    phases_done: Vec<&'static str>,
    phase_reached: &'static str,
    situation: &'a str,
    answers: Vec<JsonAnswer<'a>>,
    notes: &'a std::collections::BTreeMap<String, String>,
    outcome: OutcomeJson<'a>,
    rules_changed: Option<JsonChanges<'a>>,
    ladder_progress: Vec<JsonProgress<'a>>,
    options: Vec<JsonOption<'a>>,
    consultations: Vec<JsonConsultation<'a>>,
    decision: Option<JsonDecision<'a>>,
    comments: Vec<JsonComment<'a>>,
    signoff: Option<JsonSignOff<'a>>,
    training: Option<JsonTraining<'a>>,
    earlier_answers: &'a [EarlierAnswers],
    redacted: bool,
    disclaimer: &'a str,
}

#[derive(Serialize)]
struct JsonRules<'a> {
    version: &'a str,
    hash: &'a str,
    current_version: &'a str,
    current_hash: &'a str,
    changed: bool,
}

#[derive(Serialize)]
struct JsonAnswer<'a> {
    question: &'a str,
    prompt: Option<&'a str>,
    choices: Vec<JsonChoice<'a>>,
    note: Option<&'a str>,
    /// Still on the path under the current rules.
    fits: bool,
}

#[derive(Serialize)]
struct JsonChoice<'a> {
    id: &'a str,
    label: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonChanges<'a> {
    old_version: &'a str,
    new_version: &'a str,
    unfit: &'a [crate::engine::Answer],
    standards_added: &'a [u8],
    standards_dropped: &'a [u8],
    first_steps: Vec<JsonFirstStep<'a>>,
    compared_outcome: bool,
    summary: Vec<String>,
}

#[derive(Serialize)]
struct JsonFirstStep<'a> {
    ladder: &'a str,
    before: Option<&'a str>,
    after: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonProgress<'a> {
    ladder: &'a str,
    step: &'a str,
    step_text: Option<String>,
    done_at: String,
    note: &'a str,
}

#[derive(Serialize)]
struct JsonOption<'a> {
    title: &'a str,
    benefits: &'a str,
    harms: &'a str,
    principles: Vec<&'static str>,
    tests: &'a QuickTests,
    chosen: bool,
}

#[derive(Serialize)]
struct JsonConsultation<'a> {
    role: &'a str,
    date: String,
    advice: &'a str,
}

#[derive(Serialize)]
struct JsonDecision<'a> {
    chosen: &'a str,
    rationale: &'a str,
    next_step: Option<JsonStepRef<'a>>,
    follow_up: Option<String>,
}

#[derive(Serialize)]
struct JsonStepRef<'a> {
    ladder: &'a str,
    step: &'a str,
    text: Option<String>,
}

#[derive(Serialize)]
struct JsonComment<'a> {
    on: JsonTarget<'a>,
    role: &'a str,
    at: String,
    text: &'a str,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum JsonTarget<'a> {
    Record,
    Answer {
        question: &'a str,
    },
    Standard {
        standard: u8,
    },
    Step {
        ladder: &'a str,
        step: &'a str,
    },
    Decision,
    /// Counted from 1, as the document numbers them.
    Option {
        option: usize,
    },
    Consultation {
        consultation: usize,
    },
}

impl<'a> JsonTarget<'a> {
    fn of(on: &'a CommentOn) -> Self {
        match on {
            CommentOn::Record => JsonTarget::Record,
            CommentOn::Answer(question) => JsonTarget::Answer { question },
            CommentOn::Standard(standard) => JsonTarget::Standard {
                standard: *standard,
            },
            CommentOn::Step(ladder, step) => JsonTarget::Step { ladder, step },
            CommentOn::Decision => JsonTarget::Decision,
            CommentOn::Option(i) => JsonTarget::Option { option: i + 1 },
            CommentOn::Consultation(i) => JsonTarget::Consultation {
                consultation: i + 1,
            },
        }
    }
}

#[derive(Serialize)]
struct JsonSignOff<'a> {
    role: &'a str,
    name: &'a str,
    date: String,
    note: &'a str,
}

#[derive(Serialize)]
struct JsonTraining<'a> {
    scenario: &'a str,
    student: Option<&'a str>,
}

// ---------------------------------------------------------------------------
// Small pieces shared by the document and the review screens
// ---------------------------------------------------------------------------

/// A time in local time, as `2026-03-01 10:15 UTC` or, away from UTC,
/// `2026-03-01 11:15 UTC+01:00`.
pub fn when(t: OffsetDateTime) -> String {
    let t = crate::local_time::local(t);
    let zone = crate::local_time::offset_name(t.offset());
    format!(
        "{} {:02}:{:02} {zone}",
        ymd_text(t.date()),
        t.hour(),
        t.minute()
    )
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| when(t))
}

/// "clinical supervisor, 2026-03-02 14:00 UTC: text" with the text after.
pub fn comment_line(comment: &Comment) -> String {
    format!(
        "**Comment** ({}, {}): {}",
        one_line(&comment.role),
        when(comment.at),
        comment.text
    )
}

fn progress_line(progress: &super::StepProgress) -> String {
    let mut line = format!("**Done** {}", when(progress.done_at));
    if !progress.note.trim().is_empty() {
        line.push_str(": ");
        line.push_str(&progress.note);
    }
    line
}

/// What a comment is about, in words.
pub fn target_name(rules: &Rules, code: &Catalogue, on: &CommentOn) -> String {
    match on {
        CommentOn::Record => "the record as a whole".to_string(),
        CommentOn::Answer(q) => format!("the answer to {}", prompt_or_id(rules, q)),
        CommentOn::Standard(n) => match code.get(*n) {
            Some(s) => format!("standard {n} ({})", s.title),
            None => format!("standard {n}"),
        },
        CommentOn::Step(l, s) => format!("the step {}", step_name(rules, l, s)),
        CommentOn::Decision => "the decision".to_string(),
        CommentOn::Option(i) => format!("option {}", i + 1),
        CommentOn::Consultation(i) => format!("consultation {}", i + 1),
    }
}

fn prompt_or_id(rules: &Rules, question: &str) -> String {
    rules.questions.get(question).map_or_else(
        || format!("question \"{question}\" (not in the current rules)"),
        |q| format!("\"{}\"", q.prompt),
    )
}

/// "Ladder title: step text", falling back on ids the rules no longer have.
pub fn step_name(rules: &Rules, ladder: &str, step: &str) -> String {
    let title = rules
        .ladders
        .get(ladder)
        .map_or(ladder, |l| l.title.as_str());
    let text = rules
        .step_text(ladder, step)
        .map(str::to_string)
        .unwrap_or_else(|| format!("\"{step}\""));
    format!("{title}: {text}")
}

/// The phases done, counting the outcome once every question is answered.
fn phases(done: &[Phase], finished: bool) -> Vec<Phase> {
    let mut phases: Vec<Phase> = done.to_vec();
    if finished && !phases.contains(&Phase::Outcome) {
        phases.push(Phase::Outcome);
        phases.sort();
    }
    phases
}

fn phase_list(done: &[Phase], finished: bool) -> String {
    let phases = phases(done, finished);
    if phases.is_empty() {
        return "none yet".to_string();
    }
    phases
        .iter()
        .map(|p| p.name())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn phase_slug(phase: Phase) -> &'static str {
    match phase {
        Phase::Situation => "situation",
        Phase::Safety => "safety",
        Phase::Code => "code",
        Phase::Outcome => "outcome",
        Phase::Options => "options",
        Phase::Consult => "consult",
        Phase::Decide => "decide",
    }
}

fn principle_slug(p: Principle) -> &'static str {
    match p {
        Principle::Autonomy => "autonomy",
        Principle::Nonmaleficence => "nonmaleficence",
        Principle::Beneficence => "beneficence",
        Principle::Justice => "justice",
        Principle::Fidelity => "fidelity",
        Principle::Veracity => "veracity",
    }
}

fn tests_line(tests: &QuickTests) -> String {
    let answer = |a: Option<bool>| match a {
        Some(true) => "yes",
        Some(false) => "no",
        None => "not answered",
    };
    format!(
        "comfortable if it were public: {}; would advise a colleague to do it: {}; can be undone: {}",
        answer(tests.public),
        answer(tests.colleague),
        answer(tests.reversible)
    )
}

fn field(out: &mut String, name: &str, text: &str) {
    if text.trim().is_empty() {
        let _ = writeln!(out, "- **{name}:** _not written down_");
    } else {
        push_item(out, &format!("**{name}:** {}", text.trim()));
    }
}

/// A `- ` list item; later lines of a multi-line text stay inside it.
fn push_item(out: &mut String, text: &str) {
    let mut lines = text.lines();
    let _ = writeln!(out, "- {}", lines.next().unwrap_or_default());
    for line in lines {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "  {line}");
        }
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
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
