//! The decision record: everything a practitioner decided and why, kept so a
//! supervisor, a board or a court can read it later.
//!
//! The types here are plain data; `store` reads and writes them on disk.

pub mod guard;
pub mod resume;
pub mod store;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::code::Principle;
use crate::engine::Answer;
use crate::outcome::Outcome;

/// Bumped whenever a record written by this version could not be read by an
/// older one. Newer records are refused rather than half-read.
pub const FORMAT_VERSION: u32 = 1;

time::serde::format_description!(pub ymd, Date, "[year]-[month]-[day]");

/// A `Date` field that may be absent, written as "YYYY-MM-DD".
pub mod ymd_opt {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use time::Date;

    #[derive(Serialize, Deserialize)]
    struct Wrapped(#[serde(with = "super::ymd")] Date);

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        date.map(Wrapped).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Ok(Option::<Wrapped>::deserialize(d)?.map(|w| w.0))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
            notes: BTreeMap::new(),
            ladder_progress: Vec::new(),
            options: Vec::new(),
            consultations: Vec::new(),
            decision: None,
            comments: Vec::new(),
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
}

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
}

/// A ladder step the practitioner has done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub struct QuickTests {
    /// Would I be comfortable if this were made public?
    pub public: Option<bool>,
    /// Would I advise a colleague to do the same?
    pub colleague: Option<bool>,
    /// Could it be undone if it turns out wrong?
    pub reversible: Option<bool>,
}

/// Advice sought, recorded by role, never by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consultation {
    pub role: String,
    #[serde(with = "ymd")]
    pub date: Date,
    #[serde(default)]
    pub advice: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// What a supervisor's comment is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommentOn {
    Record,
    Answer(String),
    Standard(u8),
    Step(String, String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    pub on: CommentOn,
    /// The commenter's role ("clinical supervisor"), not their name.
    pub role: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignOff {
    pub role: String,
    #[serde(with = "ymd")]
    pub date: Date,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingInfo {
    pub scenario: String,
    /// How the trainee wants to be named in grading ("student 12", initials).
    #[serde(default)]
    pub student: Option<String>,
}

/// The gist of an outcome: enough to tell what changed under new rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// A new record id: sortable by time, and unlikely to collide even when two
/// records start in the same second.
pub fn new_id(now: OffsetDateTime) -> String {
    let salt = (now.nanosecond() ^ std::process::id().rotate_left(16)) & 0xffff;
    format!(
        "{:04}-{:02}-{:02}-{:02}{:02}{:02}-{salt:04x}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}
