//! How long drawing a full frame takes: the outcome of a walk (two panes,
//! crisis banner, ladders, tensions) and a question with its standards
//! panel, at 200x50 on ratatui's test backend.

use std::hint::black_box;

use dilemma::code::Catalogue;
use dilemma::engine::{Answer, Walk};
use dilemma::record::Record;
use dilemma::rules::{self, RuleSet};
use dilemma::tui::keymap::Context;
use dilemma::tui::{App, Start, view};
use dilemma::wizard::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use time::OffsetDateTime;

fn main() {
    divan::main();
}

const SIZE: (u16, u16) = (200, 50);

fn world() -> (RuleSet, Catalogue) {
    let code = Catalogue::embedded();
    let set = rules::load(None, &[], &code).expect("the embedded rules load");
    (set, code)
}

/// A resumed record with these answers: the wizard opens where they lead.
fn app<'a>(set: &'a RuleSet, code: &'a Catalogue, answers: &[Answer]) -> App<'a> {
    let mut record = Record::new(
        "bench".into(),
        &set.rules.version,
        set.hash(),
        OffsetDateTime::UNIX_EPOCH,
    );
    record.answers = answers.to_vec();
    App::new(Start {
        set,
        code,
        record,
        resumed: true,
        theme: ThemeName::Default,
        scenario: None,
        save_dir: Some("/records".into()),
        size: SIZE,
        all: false,
        official: None,
    })
}

/// The walk the answers start, carried on with each question's first choice
/// until `stop` is the next question (or, with `None`, to the end), so the
/// benchmark keeps measuring the same screen as the rules grow.
fn walk_to(set: &RuleSet, answers: &[Answer], stop: Option<&str>) -> Vec<Answer> {
    let (mut walk, _) = Walk::replay_keeping_what_fits(&set.rules, answers);
    while let Some((id, question)) = walk.current() {
        if Some(id) == stop {
            break;
        }
        let pick = answers.iter().find(|a| a.question == id).map_or_else(
            || vec![question.choices[0].id.clone()],
            |a| a.choices.clone(),
        );
        walk.answer(pick).expect("a valid choice");
    }
    walk.answers().to_vec()
}

fn bench_frame(bencher: divan::Bencher, answers: &[Answer], stop: Option<&str>, context: Context) {
    let (set, code) = world();
    let answers = walk_to(&set, answers, stop);
    let app = app(&set, &code, &answers);
    assert_eq!(
        app.context(),
        context,
        "the answers lead to the screen measured"
    );
    let mut terminal = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap();
    bencher.bench_local(|| {
        terminal.draw(|frame| view(black_box(&app), frame)).unwrap();
    });
}

/// The outcome of a danger walk that also raised a colleague's conduct.
#[divan::bench]
fn outcome_frame(bencher: divan::Bencher) {
    bench_frame(
        bencher,
        &[
            Answer::new("safety", &["now"]),
            Answer::new("danger.who", &["others", "abuse"]),
            Answer::new("danger.confidence", &["yes"]),
            Answer::new("danger.limits", &["no"]),
            Answer::new("danger.consulted", &["no"]),
            Answer::new("triage", &["conduct", "conflict"]),
            Answer::new("colleague.severity", &["egregious"]),
            Answer::new("colleague.power", &["yes"]),
            Answer::new("colleague.talked", &["unresolved"]),
            Answer::new("colleague.client-info", &["yes"]),
            Answer::new("conflict.tried", &["failed"]),
        ],
        None,
        Context::Outcome,
    );
}

/// The concerns question, with the standards cited so far beside it.
#[divan::bench]
fn question_frame(bencher: divan::Bencher) {
    bench_frame(
        bencher,
        &[
            Answer::new("safety", &["maybe"]),
            Answer::new("danger.who", &["self"]),
            Answer::new("danger.confidence", &["yes"]),
            Answer::new("danger.limits", &["no"]),
            Answer::new("danger.consulted", &["no"]),
        ],
        Some("triage"),
        Context::QuestionMany,
    );
}
