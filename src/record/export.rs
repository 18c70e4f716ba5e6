//! A record as a document for a supervision file: Markdown to read and
//! print, JSON for other tools. Pure: the same record and rules always give
//! the same document (no clock, no files).
//!
//! This is a thin layer: it replays the record's answers on the current
//! rules, builds the two views (`OutcomeView` of the outcome, `RecordView`
//! of the record's own parts, see `record/view.rs`) and hands them to the
//! renderers in `view/markdown/record.rs` and `view/json/record.rs`. A new field of the
//! document goes in the views, not here.

use super::Record;
use super::resume::{RulesChanged, reopen};
use crate::code::Catalogue;
use crate::outcome::Outcome;
use crate::rules::RuleSet;
use crate::view::json::OutcomeJson;
use crate::view::json::record::RecordJson;
use crate::view::record::RecordView;
use crate::view::{OutcomeView, markdown};

pub use super::view::Author;
pub use crate::view::json::record::EXPORT_FORMAT;

/// A record made ready to print: its answers replayed on the current rules,
/// and both views built once.
pub struct Document {
    outcome: Outcome,
    view: OutcomeView,
    record: RecordView,
    changes: Option<RulesChanged>,
    /// List the steps left out, with why, instead of counting them.
    all: bool,
}

impl Document {
    /// `redacted` says the caller removed identifying details from `record`;
    /// the document says so.
    pub fn new(record: &Record, set: &RuleSet, code: &Catalogue, redacted: bool) -> Self {
        let reopened = reopen(record, set, code);
        let outcome = Outcome::of(&reopened.walk, code);
        let view = OutcomeView::build(&outcome, &set.rules, code);
        let record = RecordView::build(
            record,
            set,
            code,
            &outcome,
            reopened.changes.as_ref(),
            redacted,
        );
        Document {
            outcome,
            view,
            record,
            changes: reopened.changes,
            all: false,
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
        self.record = self.record.with_author(&author);
        self
    }

    pub fn view(&self) -> &OutcomeView {
        &self.view
    }

    /// The record's own parts, as every output shows them.
    pub fn record_view(&self) -> &RecordView {
        &self.record
    }

    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    pub fn changes(&self) -> Option<&RulesChanged> {
        self.changes.as_ref()
    }

    pub fn markdown(&self) -> String {
        markdown::record::document(
            &self.record,
            &self.view,
            markdown::Options {
                all: self.all,
                all_hint: "export with `--all`",
            },
        )
    }

    /// The whole record and its outcome as one JSON object (fields in
    /// `docs/reference.md`).
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

    fn json_doc(&self) -> RecordJson<'_> {
        RecordJson::new(
            &self.record,
            OutcomeJson::new(&self.outcome, &self.view, self.all),
        )
    }
}
