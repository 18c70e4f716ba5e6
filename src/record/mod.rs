//! The decision record: everything a practitioner decided and why, kept so a
//! supervisor, a board or a court can read it later.
//!
//! The types here are plain data; `store` reads and writes them on disk.

pub mod export;
pub mod guard;
pub mod lock;
pub mod resume;
pub mod store;
pub mod view;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::code::Principle;
use crate::engine::Answer;
use crate::outcome::Outcome;
use crate::rules::Rules;

/// Bumped whenever a record written by this version could not be read by an
/// older one. Newer records are refused rather than half-read.
pub const FORMAT_VERSION: u32 = 2;

time::serde::format_description!(pub ymd, Date, "[year]-[month]-[day]");

/// A `Date` field that may be absent, written as "YYYY-MM-DD".
pub mod ymd_opt {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use time::Date;

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        date.map(super::ymd_text).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| {
                super::parse_ymd(&text).ok_or_else(|| {
                    D::Error::custom(format!("\"{text}\" is not a date; write YYYY-MM-DD"))
                })
            })
            .transpose()
    }
}

/// A hand-edited field name that is misspelt is an error, not silently
/// dropped at the next save: every record type denies unknown fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub format: u32,
    /// Also the file name, without `.ron`.
    pub id: String,
    pub rules_version: String,
    /// Fingerprint of the rules the answers were given on.
    pub rules_hash: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated: OffsetDateTime,
    /// The situation in the practitioner's own words (facts, not names).
    #[serde(default)]
    pub situation: String,
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// Answers kept for questions the walk has not reached again (after an
    /// earlier answer was changed); given back as soon as it does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<Answer>,
    /// The practitioner's notes, by question id.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
    #[serde(default)]
    pub ladder_progress: Vec<StepProgress>,
    #[serde(default)]
    pub options: Vec<CourseOfAction>,
    #[serde(default)]
    pub consultations: Vec<Consultation>,
    #[serde(default)]
    pub decision: Option<Decision>,
    /// The supervisor's words, kept apart from the practitioner's own.
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// Rewordings and withdrawals of comments, made before sign-off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comment_edits: Vec<CommentEdit>,
    #[serde(default)]
    pub signoff: Option<SignOff>,
    /// Set when the record is a trainee's walk of a vignette.
    #[serde(default)]
    pub training: Option<TrainingInfo>,
    /// What the answers added up to when last saved, so a later version of
    /// the rules can say what changed.
    #[serde(default)]
    pub snapshot: Option<OutcomeSnapshot>,
    /// Answers given under earlier rules that were replaced when the record
    /// was resumed on changed rules; kept so nothing is ever dropped.
    #[serde(default)]
    pub earlier_answers: Vec<EarlierAnswers>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EarlierAnswers {
    pub rules_version: String,
    pub rules_hash: String,
    pub answers: Vec<Answer>,
}

impl Record {
    /// A fresh record for a walk on the given rules.
    pub fn new(id: String, rules_version: &str, rules_hash: &str, now: OffsetDateTime) -> Self {
        Record {
            format: FORMAT_VERSION,
            id,
            rules_version: rules_version.to_string(),
            rules_hash: rules_hash.to_string(),
            created: now,
            updated: now,
            situation: String::new(),
            answers: Vec::new(),
            pending: Vec::new(),
            notes: BTreeMap::new(),
            ladder_progress: Vec::new(),
            options: Vec::new(),
            consultations: Vec::new(),
            decision: None,
            comments: Vec::new(),
            comment_edits: Vec::new(),
            signoff: None,
            training: None,
            snapshot: None,
            earlier_answers: Vec::new(),
        }
    }

    /// The phases after the code that this record has done, in order.
    pub fn phases_done(&self) -> Vec<Phase> {
        let mut done = Vec::new();
        if !self.situation.trim().is_empty() {
            done.push(Phase::Situation);
        }
        if !self.answers.is_empty() {
            done.push(Phase::Code);
        }
        if !self.options.is_empty() {
            done.push(Phase::Options);
        }
        if !self.consultations.is_empty() {
            done.push(Phase::Consult);
        }
        if self.decision.is_some() {
            done.push(Phase::Decide);
        }
        done
    }

    /// The furthest phase this record got to. Whether the code phase ended
    /// (every question answered) depends on the rules, so the caller says.
    pub fn phase_reached(&self, walk_finished: bool) -> Phase {
        let mut reached = self.phases_done().last().copied();
        if walk_finished && reached.is_none_or(|p| p < Phase::Outcome) {
            reached = Some(Phase::Outcome);
        }
        match reached {
            Some(Phase::Code) if self.answers.len() <= 1 => Phase::Safety,
            Some(phase) => phase,
            None => Phase::Situation,
        }
    }

    /// The first concern walked: the topic of the first answered choice that
    /// names one, else the label of the first choice at the start question.
    pub fn first_concern(&self, rules: &Rules) -> Option<String> {
        let chosen = || {
            self.answers.iter().flat_map(|a| {
                let question = rules.questions.get(&a.question);
                a.choices
                    .iter()
                    .filter_map(move |c| question.and_then(|q| q.choice(c)))
            })
        };
        chosen().find_map(|c| c.topic.clone()).or_else(|| {
            let start = self.answers.iter().find(|a| a.question == rules.start)?;
            let question = rules.questions.get(&start.question)?;
            let first = start.choices.first()?;
            Some(question.choice(first)?.label.clone())
        })
    }

    /// Every concern the walk took up, in the order it met them.
    pub fn concerns(&self, rules: &Rules) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for a in &self.answers {
            let Some(question) = rules.questions.get(&a.question) else {
                continue;
            };
            for topic in a
                .choices
                .iter()
                .filter_map(|c| question.choice(c)?.topic.clone())
            {
                if !out.contains(&topic) {
                    out.push(topic);
                }
            }
        }
        if out.is_empty() {
            out.extend(self.first_concern(rules));
        }
        out
    }

    /// The first words of the situation, as a subject line.
    pub fn subject(&self, words: usize) -> Option<String> {
        let all: Vec<&str> = self.situation.split_whitespace().collect();
        if all.is_empty() {
            return None;
        }
        let mut subject = all[..all.len().min(words)].join(" ");
        if all.len() > words {
            subject.push('…');
        }
        Some(subject)
    }

    pub fn follow_up(&self) -> Option<Date> {
        self.decision.as_ref().and_then(|d| d.follow_up)
    }

    /// The follow-up date has passed.
    pub fn follow_up_overdue(&self, today: Date) -> bool {
        self.follow_up().is_some_and(|due| due < today)
    }

    /// Keeps what the answers add up to, so later rules can say what moved.
    pub fn note_outcome(&mut self, outcome: &Outcome) {
        self.snapshot = Some(OutcomeSnapshot::of(outcome));
    }

    /// Adds a supervisor's comment. Comments are only ever added: a
    /// supervision file keeps what was said.
    pub fn add_comment(&mut self, comment: Comment) {
        self.updated = self.updated.max(comment.at);
        self.comments.push(comment);
    }

    /// The comments as they stand: each in its latest wording, withdrawn
    /// ones left out, oldest first.
    pub fn current_comments(&self) -> Vec<Comment> {
        self.comments
            .iter()
            .filter_map(|comment| {
                let latest = self
                    .comment_edits
                    .iter()
                    .filter(|e| e.of == comment.at)
                    .max_by_key(|e| e.at);
                match latest {
                    None => Some(comment.clone()),
                    Some(edit) if edit.text.trim().is_empty() => None,
                    Some(edit) => Some(Comment {
                        text: edit.text.clone(),
                        ..comment.clone()
                    }),
                }
            })
            .collect()
    }

    /// Rewords a comment (`text`), or withdraws it (empty `text`). Only
    /// before sign-off: a signed record is a closed supervision file.
    /// The comment's first wording stays in `comments`, so copies saved at
    /// the same time still merge without losing anything.
    pub fn edit_comment(
        &mut self,
        of: OffsetDateTime,
        text: &str,
        at: OffsetDateTime,
    ) -> Result<(), CommentEditError> {
        if self.signoff.is_some() {
            return Err(CommentEditError::SignedOff);
        }
        if !self.current_comments().iter().any(|c| c.at == of) {
            return Err(CommentEditError::Gone);
        }
        self.updated = self.updated.max(at);
        self.comment_edits.push(CommentEdit {
            of,
            at,
            text: text.trim().to_string(),
        });
        Ok(())
    }

    /// Signs the record off. A sign-off it already had is kept as a comment
    /// on the record, so an earlier signature is never lost.
    pub fn sign_off(&mut self, signoff: SignOff, at: OffsetDateTime) {
        if let Some(earlier) = self.signoff.take() {
            let mut text = format!("Signed off on {}", ymd_text(earlier.date));
            if !earlier.note.trim().is_empty() {
                text.push_str(": ");
                text.push_str(&earlier.note);
            }
            self.comments.push(Comment {
                on: CommentOn::Record,
                role: earlier.role,
                at,
                text,
            });
        }
        self.signoff = Some(signoff);
        self.updated = self.updated.max(at);
    }

    /// Every piece of free text in the record, with a label saying where it
    /// is, for the identifying-details guard to check or redact.
    pub fn free_text_mut(&mut self) -> Vec<(String, &mut String)> {
        let mut texts: Vec<(String, &mut String)> = Vec::new();
        texts.push(("the situation".into(), &mut self.situation));
        for (question, note) in &mut self.notes {
            texts.push((format!("the note on question \"{question}\""), note));
        }
        for step in &mut self.ladder_progress {
            let label = format!("the note on step \"{}\" of \"{}\"", step.step, step.ladder);
            texts.push((label, &mut step.note));
        }
        for (i, option) in self.options.iter_mut().enumerate() {
            let n = i + 1;
            texts.push((format!("option {n}: its title"), &mut option.title));
            texts.push((format!("option {n}: who benefits"), &mut option.benefits));
            texts.push((format!("option {n}: who may be harmed"), &mut option.harms));
        }
        for (i, consultation) in self.consultations.iter_mut().enumerate() {
            let n = i + 1;
            texts.push((
                format!("consultation {n}: the role"),
                &mut consultation.role,
            ));
            texts.push((
                format!("consultation {n}: the advice"),
                &mut consultation.advice,
            ));
        }
        if let Some(decision) = &mut self.decision {
            texts.push(("the decision".into(), &mut decision.chosen));
            texts.push(("the rationale".into(), &mut decision.rationale));
        }
        for (i, comment) in self.comments.iter_mut().enumerate() {
            let n = i + 1;
            texts.push((format!("comment {n}: the role"), &mut comment.role));
            texts.push((format!("comment {n}"), &mut comment.text));
        }
        for (i, edit) in self.comment_edits.iter_mut().enumerate() {
            texts.push((format!("comment edit {}", i + 1), &mut edit.text));
        }
        if let Some(signoff) = &mut self.signoff {
            texts.push(("the sign-off: the role".into(), &mut signoff.role));
            texts.push(("the sign-off note".into(), &mut signoff.note));
        }
        texts
    }
}

/// Reads a date written `YYYY-MM-DD`.
pub fn parse_ymd(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format).ok()
}

/// A date as `YYYY-MM-DD`, the way records write them.
pub use crate::local_time::ymd_text;

/// The phases of the walk, in the order the wizard offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Phase {
    Situation,
    Safety,
    Code,
    Outcome,
    Options,
    Consult,
    Decide,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Situation => "Situation",
            Phase::Safety => "Safety first",
            Phase::Code => "The code",
            Phase::Outcome => "Outcome",
            Phase::Options => "Options",
            Phase::Consult => "Consult",
            Phase::Decide => "Decide",
        }
    }

    /// The phase's name for tools (the JSON export).
    pub fn slug(self) -> &'static str {
        match self {
            Phase::Situation => "situation",
            Phase::Safety => "safety",
            Phase::Code => "code",
            Phase::Outcome => "outcome",
            Phase::Options => "options",
            Phase::Consult => "consult",
            Phase::Decide => "decide",
        }
    }
}

/// A ladder step the practitioner has done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepProgress {
    pub ladder: String,
    pub step: String,
    #[serde(with = "time::serde::rfc3339")]
    pub done_at: OffsetDateTime,
    #[serde(default)]
    pub note: String,
}

/// One course of action the practitioner weighed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseOfAction {
    pub title: String,
    #[serde(default)]
    pub benefits: String,
    #[serde(default)]
    pub harms: String,
    #[serde(default)]
    pub principles: Vec<Principle>,
    #[serde(default)]
    pub tests: QuickTests,
}

/// Three quick checks on an option; `None` until answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuickTests {
    /// Would I be comfortable if this were made public?
    #[serde(default)]
    pub public: Option<bool>,
    /// Would I advise a colleague to do the same?
    #[serde(default)]
    pub colleague: Option<bool>,
    /// Could it be undone if it turns out wrong?
    #[serde(default)]
    pub reversible: Option<bool>,
}

/// Advice sought, recorded by role, never by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    pub role: String,
    #[serde(with = "ymd")]
    pub date: Date,
    #[serde(default)]
    pub advice: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The title of the chosen option, or the practitioner's own words.
    pub chosen: String,
    #[serde(default)]
    pub rationale: String,
    /// The ladder step to take next, as (ladder id, step id).
    #[serde(default)]
    pub next_step: Option<(String, String)>,
    #[serde(default, with = "ymd_opt")]
    pub follow_up: Option<Date>,
}

pub use crate::view::record::CommentOn;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub on: CommentOn,
    /// The commenter's role ("clinical supervisor"), not their name.
    pub role: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub text: String,
}

/// A later wording of a comment, or its withdrawal when `text` is empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentEdit {
    /// The time of the comment it changes, which names that comment.
    #[serde(with = "time::serde::rfc3339")]
    pub of: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub text: String,
}

/// Why a comment could not be changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentEditError {
    SignedOff,
    Gone,
}

impl std::fmt::Display for CommentEditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CommentEditError::SignedOff => {
                "the record is signed off, so its comments can no longer be changed"
            }
            CommentEditError::Gone => {
                "that comment is no longer in the record (withdrawn, or the file changed)"
            }
        })
    }
}

impl std::error::Error for CommentEditError {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    pub role: String,
    /// The signer's name: a sign-off is a signature, so unlike comments it
    /// names the person. Records signed before it was asked have none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(with = "ymd")]
    pub date: Date,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingInfo {
    pub scenario: String,
    /// How the trainee wants to be named in grading ("student 12", initials).
    #[serde(default)]
    pub student: Option<String>,
}

/// The gist of an outcome: enough to tell what changed under new rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSnapshot {
    pub primary: Vec<u8>,
    pub related: Vec<u8>,
    /// Each opened ladder and the step it started at.
    pub first_steps: BTreeMap<String, Option<String>>,
}

impl OutcomeSnapshot {
    pub fn of(outcome: &Outcome) -> Self {
        OutcomeSnapshot {
            primary: outcome.primary_numbers(),
            related: outcome
                .standards
                .iter()
                .filter(|s| !s.primary)
                .map(|s| s.number)
                .collect(),
            first_steps: outcome
                .ladders
                .iter()
                .map(|l| (l.id.clone(), l.first_step.clone()))
                .collect(),
        }
    }
}

/// A new record id: sortable by time, then 32 random bits, so records
/// started in the same second, by many people at once, do not collide (and
/// a save never takes over an existing file even if they did).
pub fn new_id(now: OffsetDateTime) -> String {
    let mut random = [0u8; 4];
    // Without the system's randomness (it does not fail on supported
    // systems), the clock's nanoseconds still tell most ids apart.
    if getrandom::fill(&mut random).is_err() {
        random = now.nanosecond().to_le_bytes();
    }
    format!(
        "{:04}-{:02}-{:02}-{:02}{:02}{:02}-{:08x}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        u32::from_le_bytes(random)
    )
}

/// Whether `id` can name a record file: letters, digits, `-` and `_`, so an
/// id given on the command line can never point outside the records folder.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
