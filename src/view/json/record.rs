//! A decision record as JSON, for `dilemma export --format json`: the
//! `RecordView`, with the outcome as `OutcomeJson` inside. The fields are
//! documented in `docs/reference.md` (a test checks); keep their names
//! stable.

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::OutcomeJson;
use crate::code::Principle;
use crate::engine::Answer;
use crate::local_time::{when, ymd_text};
use crate::view::record::{CommentOn, RecordView};

/// Bumped when a field of the record's JSON is renamed or removed (adding
/// fields does not bump it).
pub const EXPORT_FORMAT: u32 = 1;

/// A decision record and its outcome as one JSON object, fields in a
/// reading order (id and dates first, the disclaimer last).
#[derive(Serialize)]
pub struct RecordJson<'a> {
    export_format: u32,
    record_format: u32,
    id: &'a str,
    created: String,
    updated: String,
    rules: JsonRules<'a>,
    first_concern: Option<&'a str>,
    phases_done: Vec<&'static str>,
    phase_reached: &'static str,
    situation: &'a str,
    answers: Vec<JsonAnswer<'a>>,
    notes: &'a BTreeMap<String, String>,
    outcome: OutcomeJson<'a>,
    rules_changed: Option<JsonChanges<'a>>,
    ladder_progress: Vec<JsonProgress<'a>>,
    options: Vec<JsonOption<'a>>,
    consultations: Vec<JsonConsultation<'a>>,
    decision: Option<JsonDecision<'a>>,
    comments: Vec<JsonComment<'a>>,
    signoff: Option<JsonSignOff<'a>>,
    training: Option<JsonTraining<'a>>,
    earlier_answers: Vec<JsonEarlier<'a>>,
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
    unfit: &'a [Answer],
    standards_added: &'a [u8],
    standards_dropped: &'a [u8],
    first_steps: Vec<JsonFirstStep<'a>>,
    compared_outcome: bool,
    summary: &'a [String],
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
    step_text: Option<&'a str>,
    done_at: String,
    note: &'a str,
}

#[derive(Serialize)]
struct JsonOption<'a> {
    title: &'a str,
    benefits: &'a str,
    harms: &'a str,
    principles: Vec<&'static str>,
    tests: JsonTests,
    chosen: bool,
}

#[derive(Serialize)]
struct JsonTests {
    public: Option<bool>,
    colleague: Option<bool>,
    reversible: Option<bool>,
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
    text: Option<&'a str>,
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

#[derive(Serialize)]
struct JsonEarlier<'a> {
    rules_version: &'a str,
    rules_hash: &'a str,
    answers: &'a [Answer],
}

impl<'a> RecordJson<'a> {
    /// `outcome` is the outcome of the record's answers, as JSON.
    pub fn new(record: &'a RecordView, outcome: OutcomeJson<'a>) -> Self {
        RecordJson {
            export_format: EXPORT_FORMAT,
            record_format: record.format,
            id: &record.id,
            created: rfc3339(record.created),
            updated: rfc3339(record.updated),
            rules: JsonRules {
                version: &record.rules.version,
                hash: &record.rules.hash,
                current_version: &record.rules.current_version,
                current_hash: &record.rules.current_hash,
                changed: record.rules.changed,
            },
            first_concern: record.first_concern.as_deref(),
            phases_done: record.phases_done.iter().map(|p| p.slug).collect(),
            phase_reached: record.phase_reached.slug,
            situation: &record.situation,
            answers: record
                .answers
                .iter()
                .map(|a| JsonAnswer {
                    question: &a.question,
                    prompt: a.prompt.as_deref(),
                    choices: a
                        .choices
                        .iter()
                        .map(|c| JsonChoice {
                            id: &c.id,
                            label: c.label.as_deref(),
                        })
                        .collect(),
                    note: a.note.as_deref(),
                    fits: a.fits,
                })
                .collect(),
            notes: &record.notes,
            outcome,
            rules_changed: record.changes.as_ref().map(|c| JsonChanges {
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
                summary: &c.summary,
            }),
            ladder_progress: record
                .progress
                .iter()
                .map(|p| JsonProgress {
                    ladder: &p.ladder,
                    step: &p.step,
                    step_text: p.step_text.as_deref(),
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
                    tests: JsonTests {
                        public: o.public,
                        colleague: o.colleague,
                        reversible: o.reversible,
                    },
                    chosen: o.chosen,
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
                next_step: d.next_step.as_ref().map(|s| JsonStepRef {
                    ladder: &s.ladder,
                    step: &s.step,
                    text: s.text.as_deref(),
                }),
                follow_up: d.follow_up.map(ymd_text),
            }),
            comments: record
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
            earlier_answers: record
                .earlier_answers
                .iter()
                .map(|e| JsonEarlier {
                    rules_version: &e.rules_version,
                    rules_hash: &e.rules_hash,
                    answers: &e.answers,
                })
                .collect(),
            redacted: record.redacted,
            disclaimer: &record.disclaimer,
        }
    }
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

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| when(t))
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
