//! Builds the `RecordView` (`crate::view::record`) from a record: the one
//! place where a record's parts are looked up in the rules and the
//! catalogue (step names, prompts, principle names, what each comment is
//! about) and where it is decided what a document shows (comments as they
//! stand, the head of a redacted copy, what the outcome no longer shows).
//!
//! It lives here, not in `view`, because `view` sits below `record` and
//! cannot name a `Record`; the view it builds is plain data.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::resume::RulesChanged;
use super::{Comment, Phase, Record, StepProgress};
use crate::code::Catalogue;
use crate::outcome::Outcome;
use crate::rules::{RuleSet, Rules};
use crate::view::record::{
    ChangesView, ChoiceView, CommentOn, CommentView, ConsultationView, DecisionView, EarlierView,
    OptionView, Orphan, PhaseView, ProgressView, RecordView, RulesView, SavedAnswer, SignOffView,
    StepRef, TrainingView,
};

/// Who prepares a document: the agency and the practitioner, as the
/// config file gives them. All optional.
#[derive(Debug, Clone, Default)]
pub struct Author {
    pub agency: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
}

impl RecordView {
    /// The record's parts, with `outcome` the outcome of its answers
    /// replayed on `set` and `changes` what moved if the rules changed.
    /// `redacted` says the caller removed identifying details from
    /// `record`: the head then leaves the situation's words out.
    pub fn build(
        record: &Record,
        set: &RuleSet,
        code: &Catalogue,
        outcome: &Outcome,
        changes: Option<&RulesChanged>,
        redacted: bool,
    ) -> RecordView {
        let rules = &set.rules;
        let on_path: BTreeSet<&str> = outcome.path.iter().map(|p| p.question.as_str()).collect();
        let comments: Vec<CommentView> = record
            .current_comments()
            .iter()
            .map(|c| comment_view(c, rules, code, &outcome.facts))
            .collect();
        let chosen = record.decision.as_ref().map(|d| d.chosen.trim());
        RecordView {
            id: record.id.clone(),
            format: record.format,
            subject: record.subject(12).filter(|_| !redacted),
            agency: None,
            practitioner_name: None,
            practitioner_role: None,
            created: record.created,
            updated: record.updated,
            concerns: record.concerns(rules),
            first_concern: record.first_concern(rules),
            rules: RulesView {
                version: record.rules_version.clone(),
                hash: record.rules_hash.clone(),
                current_version: rules.version.clone(),
                current_hash: set.hash().to_string(),
                changed: changes.is_some(),
            },
            phases_done: phases(&record.phases_done(), outcome.finished)
                .into_iter()
                .map(phase_view)
                .collect(),
            phase_reached: phase_view(record.phase_reached(outcome.finished)),
            training: record.training.as_ref().map(|t| TrainingView {
                scenario: t.scenario.clone(),
                student: t.student.clone(),
            }),
            redacted,
            situation: record.situation.clone(),
            answers: record
                .answers
                .iter()
                .map(|a| {
                    let question = rules.questions.get(&a.question);
                    SavedAnswer {
                        question: a.question.clone(),
                        prompt: question.map(|q| q.prompt.clone()),
                        choices: a
                            .choices
                            .iter()
                            .map(|c| ChoiceView {
                                id: c.clone(),
                                label: question.and_then(|q| q.choice(c)).map(|c| c.label.clone()),
                            })
                            .collect(),
                        note: record.notes.get(&a.question).cloned(),
                        fits: on_path.contains(a.question.as_str()),
                    }
                })
                .collect(),
            notes: record.notes.clone(),
            progress: record
                .ladder_progress
                .iter()
                .map(|p| progress_view(p, rules, &outcome.facts))
                .collect(),
            options: record
                .options
                .iter()
                .map(|o| OptionView {
                    title: o.title.clone(),
                    benefits: o.benefits.clone(),
                    harms: o.harms.clone(),
                    principles: o.principles.clone(),
                    principle_names: o
                        .principles
                        .iter()
                        .map(|p| code.principle(*p).name.clone())
                        .collect(),
                    public: o.tests.public,
                    colleague: o.tests.colleague,
                    reversible: o.tests.reversible,
                    chosen: chosen == Some(o.title.trim()),
                })
                .collect(),
            consultations: record
                .consultations
                .iter()
                .map(|c| ConsultationView {
                    role: c.role.clone(),
                    date: c.date,
                    advice: c.advice.clone(),
                })
                .collect(),
            decision: record.decision.as_ref().map(|d| DecisionView {
                chosen: d.chosen.clone(),
                rationale: d.rationale.clone(),
                next_step: d
                    .next_step
                    .as_ref()
                    .map(|(ladder, step)| step_ref(rules, &outcome.facts, ladder, step)),
                follow_up: d.follow_up,
            }),
            orphans: orphans(record, &comments, outcome, rules),
            comments,
            signoff: record.signoff.as_ref().map(|s| SignOffView {
                role: s.role.clone(),
                name: s.name.clone(),
                date: s.date,
                note: s.note.clone(),
            }),
            changes: changes.map(|c| ChangesView {
                old_version: c.old_version.clone(),
                new_version: c.new_version.clone(),
                unfit: c.unfit.clone(),
                standards_added: c.standards_added.clone(),
                standards_dropped: c.standards_dropped.clone(),
                first_steps: c.first_steps.clone(),
                compared_outcome: c.compared_outcome,
                summary: c.describe(rules, code),
            }),
            earlier_answers: record
                .earlier_answers
                .iter()
                .map(|e| EarlierView {
                    rules_version: e.rules_version.clone(),
                    rules_hash: e.rules_hash.clone(),
                    answers: e.answers.clone(),
                    named: e
                        .answers
                        .iter()
                        .map(|a| {
                            (
                                prompt_or_id(rules, &a.question),
                                rules.labels_of(&a.question, &a.choices),
                            )
                        })
                        .collect(),
                })
                .collect(),
            disclaimer: rules.disclaimer.clone(),
        }
    }

    /// Names the agency and the practitioner in the head; a redacted copy
    /// names the agency only.
    pub fn with_author(mut self, author: &Author) -> RecordView {
        self.agency = author.agency.clone();
        if !self.redacted {
            self.practitioner_name = author.name.clone();
            self.practitioner_role = author.role.clone();
        }
        self
    }
}

fn comment_view(comment: &Comment, rules: &Rules, code: &Catalogue, facts: &Facts) -> CommentView {
    CommentView {
        on: comment.on.clone(),
        about: target_name(rules, code, facts, &comment.on),
        role: comment.role.clone(),
        at: comment.at,
        text: comment.text.clone(),
    }
}

fn progress_view(progress: &StepProgress, rules: &Rules, facts: &Facts) -> ProgressView {
    ProgressView {
        ladder: progress.ladder.clone(),
        step: progress.step.clone(),
        step_text: wording(rules, facts, &progress.ladder, &progress.step),
        done_at: progress.done_at,
        note: progress.note.clone(),
    }
}

fn step_ref(rules: &Rules, facts: &Facts, ladder: &str, step: &str) -> StepRef {
    StepRef {
        ladder: ladder.to_string(),
        step: step.to_string(),
        text: wording(rules, facts, ladder, step),
        name: step_name(rules, facts, ladder, step),
    }
}

/// Notes, progress and comments whose question, standard or step is not
/// in the outcome any more (the rules changed), so they are not lost
/// from the document.
fn orphans(
    record: &Record,
    comments: &[CommentView],
    outcome: &Outcome,
    rules: &Rules,
) -> Vec<Orphan> {
    let on_path: BTreeSet<&str> = outcome.path.iter().map(|p| p.question.as_str()).collect();
    let step_shown = |ladder: &str, step: &str| {
        outcome
            .ladder(ladder)
            .is_some_and(|l| l.steps.iter().any(|s| s.id == step))
    };
    let mut orphans = Vec::new();
    for (question, note) in &record.notes {
        if !on_path.contains(question.as_str()) && !note.trim().is_empty() {
            orphans.push(Orphan::Note {
                question: prompt_or_id(rules, question),
                text: note.clone(),
            });
        }
    }
    for progress in &record.ladder_progress {
        if !step_shown(&progress.ladder, &progress.step) {
            orphans.push(Orphan::Progress {
                step: step_name(rules, &outcome.facts, &progress.ladder, &progress.step),
                progress: progress_view(progress, rules, &outcome.facts),
            });
        }
    }
    for comment in comments {
        let shown = match &comment.on {
            CommentOn::Record => true,
            CommentOn::Answer(q) => on_path.contains(q.as_str()),
            CommentOn::Standard(n) => outcome.standard(*n).is_some(),
            CommentOn::Step(l, s) => step_shown(l, s),
            // The document shows these under their own sections.
            CommentOn::Decision => record.decision.is_some(),
            CommentOn::Option(i) => *i < record.options.len(),
            CommentOn::Consultation(i) => *i < record.consultations.len(),
        };
        if !shown {
            orphans.push(Orphan::Comment(comment.clone()));
        }
    }
    orphans
}

/// What a comment is about, in words.
fn target_name(rules: &Rules, code: &Catalogue, facts: &Facts, on: &CommentOn) -> String {
    match on {
        CommentOn::Record => "the record as a whole".to_string(),
        CommentOn::Answer(q) => format!("the answer to {}", prompt_or_id(rules, q)),
        CommentOn::Standard(n) => match code.get(*n) {
            Some(s) => format!("standard {n} ({})", s.title),
            None => format!("standard {n}"),
        },
        CommentOn::Step(l, s) => format!("the step {}", step_name(rules, facts, l, s)),
        CommentOn::Decision => "the decision".to_string(),
        CommentOn::Option(i) => format!("option {}", i + 1),
        CommentOn::Consultation(i) => format!("consultation {}", i + 1),
    }
}

/// A question's prompt in quotes, or its id when the rules no longer have it.
fn prompt_or_id(rules: &Rules, question: &str) -> String {
    rules.questions.get(question).map_or_else(
        || format!("question \"{question}\" (not in the current rules)"),
        |q| format!("\"{}\"", q.prompt),
    )
}

/// The facts of the record's own walk.
type Facts = BTreeMap<String, String>;

/// A step's text as the record's walk showed it: its facts pick the
/// wording, so a document quotes what the practitioner was told.
fn wording(rules: &Rules, facts: &Facts, ladder: &str, step: &str) -> Option<String> {
    rules
        .step_text_for(&format!("{ladder}.{step}"), facts)
        .map(Cow::into_owned)
}

/// "Ladder title: step text", falling back on ids the rules no longer have.
fn step_name(rules: &Rules, facts: &Facts, ladder: &str, step: &str) -> String {
    let title = rules
        .ladders
        .get(ladder)
        .map_or(ladder, |l| l.title.as_str());
    let text = wording(rules, facts, ladder, step).unwrap_or_else(|| format!("\"{step}\""));
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

fn phase_view(phase: Phase) -> PhaseView {
    PhaseView {
        name: phase.name(),
        slug: phase.slug(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use time::macros::datetime;

    use super::*;

    fn code() -> Catalogue {
        Catalogue::embedded()
    }

    /// The practitioner's fixture record, on the embedded rules.
    fn fixture(set: &RuleSet) -> Record {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/practitioner/2026-03-02-091500-a1b2.ron");
        let mut record = crate::record::store::load_file(&path).expect("the fixture loads");
        record.rules_hash = set.hash().to_string();
        record
    }

    fn view_of(record: &Record, set: &RuleSet, code: &Catalogue, redacted: bool) -> RecordView {
        let reopened = super::super::resume::reopen(record, set, code);
        let outcome = Outcome::of(&reopened.walk, code);
        RecordView::build(
            record,
            set,
            code,
            &outcome,
            reopened.changes.as_ref(),
            redacted,
        )
    }

    fn comment(on: CommentOn, text: &str, at: time::OffsetDateTime) -> Comment {
        Comment {
            on,
            role: "clinical supervisor".into(),
            at,
            text: text.into(),
        }
    }

    #[test]
    fn a_withdrawn_comment_is_gone_and_a_reworded_one_reads_its_new_words() {
        let code = code();
        let set = crate::rules::load(None, &[], &code).unwrap();
        let mut record = fixture(&set);
        let (first, second) = (
            datetime!(2026-03-05 10:00 UTC),
            datetime!(2026-03-05 10:01 UTC),
        );
        record.add_comment(comment(CommentOn::Record, "Said too soon.", first));
        record.add_comment(comment(CommentOn::Decision, "Fine.", second));
        record
            .edit_comment(first, "", datetime!(2026-03-05 11:00 UTC))
            .unwrap();
        record
            .edit_comment(
                second,
                "Fine, and well argued.",
                datetime!(2026-03-05 11:01 UTC),
            )
            .unwrap();

        let view = view_of(&record, &set, &code, false);
        let texts: Vec<&str> = view.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["Fine, and well argued."]);
        assert_eq!(view.comments_on(&CommentOn::Record).count(), 0);
    }

    #[test]
    fn comments_sit_under_their_targets_and_name_them() {
        let code = code();
        let set = crate::rules::load(None, &[], &code).unwrap();
        let mut record = fixture(&set);
        let targets = [
            CommentOn::Option(1),
            CommentOn::Consultation(0),
            CommentOn::Decision,
            CommentOn::Standard(21),
            CommentOn::Step("colleague-conduct".into(), "escalate".into()),
            CommentOn::Answer("colleague.power".into()),
        ];
        for (minute, on) in (0u8..).zip(&targets) {
            let at = datetime!(2026-03-05 10:00 UTC) + time::Duration::minutes(minute.into());
            record.add_comment(comment(on.clone(), &format!("on {on:?}"), at));
        }

        let view = view_of(&record, &set, &code, false);
        for on in &targets {
            let under: Vec<&CommentView> = view.comments_on(on).collect();
            assert_eq!(under.len(), 1, "{on:?}");
            assert_eq!(under[0].text, format!("on {on:?}"));
        }
        let about = |on: CommentOn| view.comments_on(&on).next().unwrap().about.clone();
        assert_eq!(about(CommentOn::Option(1)), "option 2");
        assert_eq!(about(CommentOn::Decision), "the decision");
        assert!(about(CommentOn::Standard(21)).starts_with("standard 21 ("));
        assert!(
            about(CommentOn::Answer("colleague.power".into())).starts_with("the answer to \""),
            "an answer is named by its question's prompt"
        );
        // Every target is still shown, so nothing is set apart as an orphan.
        assert!(view.orphans.is_empty());
    }

    #[test]
    fn a_comment_on_a_question_the_rules_no_longer_ask_is_kept_apart() {
        let code = code();
        let set = crate::rules::load(None, &[], &code).unwrap();
        let mut record = fixture(&set);
        record.add_comment(comment(
            CommentOn::Answer("gone.question".into()),
            "Still worth saying.",
            datetime!(2026-03-05 10:00 UTC),
        ));
        record
            .notes
            .insert("gone.question".into(), "An old note.".into());

        let view = view_of(&record, &set, &code, false);
        let orphans: Vec<String> = view
            .orphans
            .iter()
            .map(|o| match o {
                Orphan::Note { question, text } => format!("{question}: {text}"),
                Orphan::Progress { step, .. } => step.clone(),
                Orphan::Comment(c) => format!("{}: {}", c.about, c.text),
            })
            .collect();
        assert_eq!(
            orphans,
            [
                "question \"gone.question\" (not in the current rules): An old note.",
                "the answer to question \"gone.question\" (not in the current rules): Still worth saying.",
            ]
        );
    }

    #[test]
    fn a_director_s_record_quotes_the_wording_the_director_was_shown() {
        let code = code();
        let set = crate::rules::load(None, &[], &code).unwrap();
        let mut record = fixture(&set);
        for answer in &mut record.answers {
            if answer.question == "role" {
                answer.choices = vec!["director".into()];
            }
        }

        let view = view_of(&record, &set, &code, false);
        let base = set
            .rules
            .step_text("colleague-conduct", "escalate")
            .unwrap();
        let done = view.progress[0].step_text.as_deref().unwrap();
        let next = view.decision.unwrap().next_step.unwrap();
        assert_ne!(done, base, "the progress shows the worker's wording");
        assert!(done.contains("board"), "{done}");
        assert_eq!(next.text.as_deref(), Some(done));
        assert!(next.name.ends_with(done), "{}", next.name);
    }

    #[test]
    fn the_chosen_option_and_the_next_step_are_named() {
        let code = code();
        let set = crate::rules::load(None, &[], &code).unwrap();
        let mut record = fixture(&set);
        if let Some(decision) = &mut record.decision {
            decision.chosen = "  Take it to the program director ".into();
        }

        let view = view_of(&record, &set, &code, false);
        let chosen: Vec<bool> = view.options.iter().map(|o| o.chosen).collect();
        assert_eq!(chosen, [true, false]);
        assert_eq!(
            view.options[0].principle_names,
            [
                code.principle(crate::code::Principle::Fidelity)
                    .name
                    .clone(),
                code.principle(crate::code::Principle::Nonmaleficence)
                    .name
                    .clone(),
            ]
        );
        let next = view.decision.unwrap().next_step.unwrap();
        assert!(
            next.name
                .starts_with("Responding to a colleague's conduct: "),
            "{}",
            next.name
        );
        assert_eq!(
            next.text.as_deref(),
            next.name.split_once(": ").map(|(_, t)| t)
        );
    }

    #[test]
    fn a_redacted_copy_names_the_agency_but_not_the_practitioner_or_the_situation() {
        let code = code();
        let set = crate::rules::load(None, &[], &code).unwrap();
        let record = fixture(&set);
        let author = Author {
            agency: Some("Riverside Family Services".into()),
            name: Some("J. Doe".into()),
            role: Some("case worker".into()),
        };

        let full = view_of(&record, &set, &code, false).with_author(&author);
        assert!(full.subject.as_deref().unwrap().starts_with("My team lead"));
        assert_eq!(full.practitioner_name.as_deref(), Some("J. Doe"));

        let redacted = view_of(&record, &set, &code, true).with_author(&author);
        assert_eq!(redacted.subject, None);
        assert_eq!(redacted.practitioner_name, None);
        assert_eq!(redacted.practitioner_role, None);
        assert_eq!(
            redacted.agency.as_deref(),
            Some("Riverside Family Services")
        );
    }
}
