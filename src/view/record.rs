//! One view of a decision record's own parts, beside the `OutcomeView` of
//! what its answers add up to: the head (subject, id, agency, practitioner,
//! dates, concerns, phases), the situation, the saved answers and notes,
//! the steps done, the options, consultations and decision, the
//! supervisor's comments (each with what it is about, in words), the
//! sign-off, the training vignette, and what changed in the rules.
//!
//! The view is plain data: strings, numbers, dates and small enums, every
//! name already looked up (step names, question prompts, principle names,
//! what a comment is about). The renderers (`markdown/record.rs`,
//! `json/record.rs`) read only this and the outcome's views; they decide
//! how things look, never what is there.
//!
//! **Who builds it.** `view` sits below `record` (records hold views, not
//! the other way round), so this module cannot name a `Record`. The record
//! layer builds the view from its own types: `RecordView::build` lives in
//! `record/view.rs`, and `record/export.rs` only builds both views and
//! calls the renderers. A new export field is a field here, filled in
//! `record/view.rs` and laid out by each renderer.

use std::collections::BTreeMap;

use time::{Date, OffsetDateTime};

use crate::code::Principle;
use crate::engine::Answer;

/// A decision record, ready to lay out.
#[derive(Debug, Clone)]
pub struct RecordView {
    pub id: String,
    /// The record file's format number.
    pub format: u32,
    /// The first words of the situation. None in a redacted copy: the
    /// redaction marks the situation in the body only.
    pub subject: Option<String>,
    /// The agency, as the config file gives it.
    pub agency: Option<String>,
    /// The practitioner's name and role, as the config file gives them.
    /// None in a redacted copy.
    pub practitioner_name: Option<String>,
    pub practitioner_role: Option<String>,
    pub created: OffsetDateTime,
    pub updated: OffsetDateTime,
    /// Every concern the walk took up, in the order it met them.
    pub concerns: Vec<String>,
    /// The first concern walked.
    pub first_concern: Option<String>,
    pub rules: RulesView,
    /// The phases done, counting the outcome once every question is
    /// answered.
    pub phases_done: Vec<PhaseView>,
    /// The furthest phase the record got to.
    pub phase_reached: PhaseView,
    pub training: Option<TrainingView>,
    /// Identifying details were removed from this copy.
    pub redacted: bool,
    /// The situation in the practitioner's own words, as written.
    pub situation: String,
    /// The answers as saved, whether or not the current rules still ask
    /// them.
    pub answers: Vec<SavedAnswer>,
    /// The practitioner's notes, by question id.
    pub notes: BTreeMap<String, String>,
    /// The ladder steps done, in the order they were marked.
    pub progress: Vec<ProgressView>,
    pub options: Vec<OptionView>,
    pub consultations: Vec<ConsultationView>,
    pub decision: Option<DecisionView>,
    /// The supervisor's comments as they stand: each in its latest
    /// wording, withdrawn ones left out, oldest first.
    pub comments: Vec<CommentView>,
    pub signoff: Option<SignOffView>,
    /// What changed when the rules changed under the record.
    pub changes: Option<ChangesView>,
    /// Notes, steps done and comments whose question, standard or step the
    /// current outcome no longer shows, so they are not lost.
    pub orphans: Vec<Orphan>,
    /// Answers given under earlier rules, kept when the record was resumed
    /// on changed ones.
    pub earlier_answers: Vec<EarlierView>,
    /// The current rules' disclaimer.
    pub disclaimer: String,
}

/// The rules the answers were given on, and the rules read now.
#[derive(Debug, Clone)]
pub struct RulesView {
    pub version: String,
    /// The full fingerprint the record was made on.
    pub hash: String,
    pub current_version: String,
    pub current_hash: String,
    /// The rules changed under the record.
    pub changed: bool,
}

/// A phase of the walk: its name for readers, its slug for tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseView {
    pub name: &'static str,
    pub slug: &'static str,
}

#[derive(Debug, Clone)]
pub struct TrainingView {
    pub scenario: String,
    pub student: Option<String>,
}

/// One saved answer, with the words the current rules give it.
#[derive(Debug, Clone)]
pub struct SavedAnswer {
    pub question: String,
    /// None when the current rules no longer have the question.
    pub prompt: Option<String>,
    pub choices: Vec<ChoiceView>,
    pub note: Option<String>,
    /// Still on the path under the current rules.
    pub fits: bool,
}

#[derive(Debug, Clone)]
pub struct ChoiceView {
    pub id: String,
    pub label: Option<String>,
}

/// A ladder step the practitioner marked done.
#[derive(Debug, Clone)]
pub struct ProgressView {
    pub ladder: String,
    pub step: String,
    /// The step's words, when the current rules still have it.
    pub step_text: Option<String>,
    pub done_at: OffsetDateTime,
    pub note: String,
}

/// A course of action the practitioner weighed.
#[derive(Debug, Clone)]
pub struct OptionView {
    pub title: String,
    pub benefits: String,
    pub harms: String,
    pub principles: Vec<Principle>,
    /// The same principles, named as the catalogue names them.
    pub principle_names: Vec<String>,
    /// Would I be comfortable if it were made public?
    pub public: Option<bool>,
    /// Would I advise a colleague to do the same?
    pub colleague: Option<bool>,
    /// Can it be undone?
    pub reversible: Option<bool>,
    /// The decision names this option.
    pub chosen: bool,
}

#[derive(Debug, Clone)]
pub struct ConsultationView {
    pub role: String,
    pub date: Date,
    pub advice: String,
}

#[derive(Debug, Clone)]
pub struct DecisionView {
    pub chosen: String,
    pub rationale: String,
    pub next_step: Option<StepRef>,
    pub follow_up: Option<Date>,
}

/// A ladder step named by its ids, with its words.
#[derive(Debug, Clone)]
pub struct StepRef {
    pub ladder: String,
    pub step: String,
    /// The step's words, when the current rules still have it.
    pub text: Option<String>,
    /// "Ladder title: step text", falling back on the ids.
    pub name: String,
}

/// What a supervisor's comment is about. It lives here, below the records
/// layer, so the view and the record share one type; `record` re-exports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CommentOn {
    /// The record as a whole.
    Record,
    /// The answer to this question id.
    Answer(String),
    /// A cited standard, by number.
    Standard(u8),
    /// A ladder step, as (ladder id, step id).
    Step(String, String),
    /// The practitioner's decision.
    Decision,
    /// One of the options considered, by its place in the list (from 0).
    Option(usize),
    /// One of the consultations, by its place in the list (from 0).
    Consultation(usize),
}

/// A supervisor's comment as it stands.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub on: CommentOn,
    /// What it is about, in words: "the decision", "standard 20 (...)".
    pub about: String,
    /// The commenter's role, not their name.
    pub role: String,
    pub at: OffsetDateTime,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct SignOffView {
    pub role: String,
    /// Empty on records signed before a name was asked.
    pub name: String,
    pub date: Date,
    pub note: String,
}

/// What moved when the rules changed under the record.
#[derive(Debug, Clone)]
pub struct ChangesView {
    pub old_version: String,
    pub new_version: String,
    /// Saved answers that no longer fit the path.
    pub unfit: Vec<Answer>,
    pub standards_added: Vec<u8>,
    pub standards_dropped: Vec<u8>,
    /// Ladders whose first step differs: (ladder, before, after).
    pub first_steps: Vec<(String, Option<String>, Option<String>)>,
    pub compared_outcome: bool,
    /// The same, in sentences.
    pub summary: Vec<String>,
}

/// Something the record holds about an item the outcome no longer shows.
#[derive(Debug, Clone)]
pub enum Orphan {
    /// A note on a question off the path: the question in words, the note.
    Note { question: String, text: String },
    /// A step done that no opened ladder shows: the step in words.
    Progress {
        step: String,
        progress: ProgressView,
    },
    /// A comment whose target is not shown; `about` names it.
    Comment(CommentView),
}

/// Answers given under earlier rules.
#[derive(Debug, Clone)]
pub struct EarlierView {
    pub rules_version: String,
    pub rules_hash: String,
    /// As saved.
    pub answers: Vec<Answer>,
    /// The same answers in words: the question, the labels picked.
    pub named: Vec<(String, Vec<String>)>,
}

impl RecordView {
    /// The comments on one target, oldest first.
    pub fn comments_on<'a>(
        &'a self,
        on: &CommentOn,
    ) -> impl Iterator<Item = &'a CommentView> + use<'a> {
        let on = on.clone();
        self.comments.iter().filter(move |c| c.on == on)
    }

    /// The steps marked done for one plan step, given as `ladder.step`.
    pub fn progress_on<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a ProgressView> + use<'a> {
        let ids = id
            .split_once('.')
            .map(|(ladder, step)| (ladder.to_string(), step.to_string()));
        self.progress.iter().filter(move |p| {
            ids.as_ref()
                .is_some_and(|(ladder, step)| &p.ladder == ladder && &p.step == step)
        })
    }
}
