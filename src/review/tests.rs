//! The review screen driven by keys, drawn on a test backend.

use std::path::Path;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use time::macros::{date, datetime};

use super::app::{App, Effect, Mode, Msg, update};
use super::{Change, Review, keys, view};
use crate::code::Catalogue;
use crate::engine::Answer;
use crate::record::store::{load_file, save_file};
use crate::record::{CommentOn, Record};
use crate::rules::{self, RuleSet};

fn manifest(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn rules_and_record() -> (Catalogue, RuleSet, Record) {
    let code = Catalogue::embedded();
    let set = rules::load(
        Some(&manifest("tests/fixtures/rules-small.ron")),
        &[],
        &code,
    )
    .expect("the small rules load");
    let mut record = load_file(&manifest(
        "tests/fixtures/practitioner/2026-03-02-091500-a1b2.ron",
    ))
    .expect("the fixture parses");
    // The fixture answers the full rules; these are the same choices in the
    // small rules' terms (no role question, the older severity scale).
    record.answers = [
        ("safety", "no"),
        ("triage", "conduct"),
        ("colleague.severity", "ordinary"),
        ("colleague.power", "yes"),
        ("colleague.talked", "not-yet"),
        ("colleague.client-info", "yes"),
    ]
    .into_iter()
    .map(|(question, choice)| Answer::new(question, &[choice]))
    .collect();
    for progress in &mut record.ladder_progress {
        progress.step = "supervisor".into();
    }
    if let Some(decision) = record.decision.as_mut() {
        decision.next_step = Some(("colleague-conduct".into(), "supervisor".into()));
    }
    record.rules_hash = set.hash.clone();
    record.rules_version = set.rules.version.clone();
    (code, set, record)
}

fn app_at(path: &Path, read_only: bool) -> App {
    let (code, set, record) = rules_and_record();
    App::new(
        Review::new(path.to_path_buf(), record, &set, &code, read_only),
        date!(2026 - 03 - 06),
    )
}

fn app() -> App {
    app_at(Path::new("review-test.ron"), false)
}

fn press(app: &mut App, code: KeyCode) -> Option<Effect> {
    update(app, Msg::Key(KeyEvent::from(code)))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert_eq!(press(app, KeyCode::Char(c)), None);
    }
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| view::view(app, frame)).unwrap();
    terminal
}

fn screen_text(app: &App, width: u16, height: u16) -> String {
    draw(app, width, height).backend().to_string()
}

/// The index of the item about `on`.
fn item(app: &App, on: &CommentOn) -> usize {
    app.review.items.iter().position(|i| &i.on == on).unwrap()
}

fn go_to(app: &mut App, index: usize) {
    press(app, KeyCode::Char('g'));
    for _ in 0..index {
        press(app, KeyCode::Char('j'));
    }
    assert_eq!(app.selected, index);
}

#[test]
fn the_list_shows_every_kind_of_item_in_reading_order() {
    let app = app();
    let kinds: Vec<&str> = app
        .review
        .items
        .iter()
        .map(|i| match i.on {
            CommentOn::Record => "record",
            CommentOn::Answer(_) => "answer",
            CommentOn::Standard(_) => "standard",
            CommentOn::Step(..) => "step",
            CommentOn::Decision => "decision",
            CommentOn::Option(_) => "option",
            CommentOn::Consultation(_) => "consultation",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "record",
            "option",
            "option",
            "consultation",
            "decision",
            "answer",
            "answer",
            "answer",
            "answer",
            "answer",
            "answer",
            "standard",
            "standard",
            "step"
        ],
        "the plan lists only the step that applies: with power over the practitioner, no private talk"
    );
}

#[test]
fn browsing_screen() {
    insta::assert_snapshot!("review_browse", draw(&app(), 100, 30).backend());
}

#[test]
fn commenting_on_a_standard_saves_exactly_that_comment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.ron");
    let (_, _, record) = rules_and_record();
    save_file(&path, &record).unwrap();
    let mut app = app_at(&path, false);

    let target = item(&app, &CommentOn::Standard(21));
    go_to(&mut app, target);
    assert_eq!(press(&mut app, KeyCode::Char('c')), None);
    type_text(&mut app, "clinical supervisor");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "Enter moves to the comment"
    );
    type_text(&mut app, "Share dates, not the file.");
    insta::assert_snapshot!("review_comment_form", draw(&app, 100, 30).backend());

    let effect = press(&mut app, KeyCode::Enter).expect("Enter on the last field saves");
    let Effect::Save(change) = effect;
    assert_eq!(
        change,
        Change::Comment {
            on: CommentOn::Standard(21),
            role: "clinical supervisor".into(),
            text: "Share dates, not the file.".into(),
        }
    );
    // The loop performs the effect and reports back.
    let saved = super::save_change(&path, &change)
        .map(Box::new)
        .map_err(|e| e.to_string());
    update(&mut app, Msg::Saved(saved));
    assert_eq!(app.mode, Mode::Browse);
    let status = app.status.clone().unwrap();
    assert!(
        status.text.starts_with("Comment saved on Standard 21"),
        "{status:?}"
    );

    let on_disk = load_file(&path).unwrap();
    assert_eq!(on_disk.comments.len(), 1);
    assert_eq!(on_disk.comments[0].on, CommentOn::Standard(21));
    // Nothing of the practitioner's changed.
    let mut without = on_disk.clone();
    without.comments.clear();
    without.updated = record.updated;
    assert_eq!(without, record);
    // The role is remembered for the next comment.
    press(&mut app, KeyCode::Char('c'));
    let Mode::Form(form) = &app.mode else {
        panic!("a form opens")
    };
    assert_eq!(form.fields[0].value, "clinical supervisor");
    assert_eq!(form.focus, 1, "the cursor starts in the comment");
}

#[test]
fn a_comment_on_the_decision_can_be_reworded_then_withdrawn_until_sign_off() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.ron");
    let (_, _, record) = rules_and_record();
    save_file(&path, &record).unwrap();
    let mut app = app_at(&path, false);
    let save = |app: &mut App, effect: Option<Effect>| {
        let Some(Effect::Save(change)) = effect else {
            panic!("a save was asked for")
        };
        let saved = super::save_change(&path, &change)
            .map(Box::new)
            .map_err(|e| e.to_string());
        update(app, Msg::Saved(saved));
    };

    let decision = item(&app, &CommentOn::Decision);
    go_to(&mut app, decision);
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.mode, Mode::Browse, "nothing to change yet");
    assert!(app.status.clone().unwrap().text.contains("press c"));

    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "clinical supervisor");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Date the follow-up");
    let effect = press(&mut app, KeyCode::Enter);
    save(&mut app, effect);

    // Reword: the form opens on the comment's words.
    press(&mut app, KeyCode::Char('e'));
    let Mode::Form(form) = &app.mode else {
        panic!("the edit form opens")
    };
    assert_eq!(form.fields[0].value, "Date the follow-up");
    type_text(&mut app, " for Friday.");
    let effect = press(&mut app, KeyCode::Enter);
    save(&mut app, effect);
    assert_eq!(app.status.clone().unwrap().text, "Comment reworded.");
    let now = load_file(&path).unwrap().current_comments();
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].text, "Date the follow-up for Friday.");

    // Withdraw: clear the field and save.
    press(&mut app, KeyCode::Char('e'));
    for _ in 0.."Date the follow-up for Friday.".len() {
        press(&mut app, KeyCode::Backspace);
    }
    let effect = press(&mut app, KeyCode::Enter);
    save(&mut app, effect);
    assert_eq!(app.status.clone().unwrap().text, "Comment withdrawn.");
    let on_disk = load_file(&path).unwrap();
    assert!(on_disk.current_comments().is_empty());
    assert_eq!(
        on_disk.comments.len(),
        1,
        "the first wording stays in the file"
    );

    // Once signed, a comment cannot be changed, even by a stale screen.
    let mut signed = on_disk.clone();
    signed.comments.clear();
    signed.comment_edits.clear();
    save_file(&path, &signed).unwrap();
    let mut fresh = app_at(&path, false);
    let decision = item(&fresh, &CommentOn::Decision);
    go_to(&mut fresh, decision);
    press(&mut fresh, KeyCode::Char('c'));
    type_text(&mut fresh, "supervisor");
    press(&mut fresh, KeyCode::Enter);
    type_text(&mut fresh, "Fine.");
    let effect = press(&mut fresh, KeyCode::Enter);
    save(&mut fresh, effect);
    press(&mut fresh, KeyCode::Char('e'));
    let Mode::Form(_) = &fresh.mode else {
        panic!("the edit form opens before sign-off")
    };
    super::save_change(
        &path,
        &Change::SignOff {
            role: "supervisor".into(),
            name: "A. Lee".into(),
            date: time::macros::date!(2026 - 03 - 05),
            note: String::new(),
        },
    )
    .unwrap();
    let effect = press(&mut fresh, KeyCode::Enter);
    let Some(Effect::Save(change)) = effect else {
        panic!("a save was asked for")
    };
    let err = super::save_change(&path, &change).unwrap_err().to_string();
    assert!(err.contains("signed off"), "{err}");
    assert_eq!(
        load_file(&path).unwrap().current_comments()[0].text,
        "Fine."
    );
}

#[test]
fn identifying_details_are_shown_before_saving_and_can_be_edited_away() {
    let mut app = app();
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "supervisor");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Call Ms. Rivera on 555-123-4567");
    assert_eq!(press(&mut app, KeyCode::Enter), None, "not saved yet");
    let Mode::Confirm { findings, .. } = &app.mode else {
        panic!("the findings are shown: {:?}", app.mode)
    };
    assert_eq!(findings.len(), 2);
    insta::assert_snapshot!("review_confirm", draw(&app, 100, 30).backend());

    // e: back to the text, fix it, save.
    press(&mut app, KeyCode::Char('e'));
    assert!(matches!(app.mode, Mode::Form(_)));
    for _ in 0.."Call Ms. Rivera on 555-123-4567".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "Call her case manager");
    let Some(Effect::Save(Change::Comment { text, .. })) = press(&mut app, KeyCode::Enter) else {
        panic!("saves once the details are gone")
    };
    assert_eq!(text, "Call her case manager");
}

#[test]
fn keeping_or_dropping_flagged_text_is_the_reviewers_choice() {
    let mut app = app();
    let flagged = |app: &mut App| {
        press(app, KeyCode::Char('c'));
        type_text(app, "supervisor");
        press(app, KeyCode::Enter);
        type_text(app, "see j.doe@example.org");
        press(app, KeyCode::Enter);
        assert!(matches!(app.mode, Mode::Confirm { .. }));
    };
    flagged(&mut app);
    assert_eq!(press(&mut app, KeyCode::Char('d')), None);
    assert_eq!(app.mode, Mode::Browse);
    flagged(&mut app);
    assert!(matches!(
        press(&mut app, KeyCode::Char('k')),
        Some(Effect::Save(Change::Comment { .. }))
    ));
}

#[test]
fn signing_off_takes_role_date_and_note_and_checks_the_date() {
    let mut app = app();
    press(&mut app, KeyCode::Char('s'));
    type_text(&mut app, "clinical supervisor");
    press(&mut app, KeyCode::Enter);
    // A sign-off without a name is refused: it is a signature.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    let Mode::Form(form) = &app.mode else {
        panic!("still in the form")
    };
    assert!(
        form.error.as_deref().unwrap().contains("your name"),
        "{form:?}"
    );
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    type_text(&mut app, "R. Okafor");
    press(&mut app, KeyCode::Enter);
    // The date is filled in with today; replace it with a bad one.
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "5 March");
    press(&mut app, KeyCode::Enter);
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    let Mode::Form(form) = &app.mode else {
        panic!("still in the form")
    };
    assert!(
        form.error.as_deref().unwrap().contains("not a date"),
        "{form:?}"
    );
    // Fix it.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::End);
    for _ in 0..7 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "2026-03-05");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Reviewed.");
    let effect = press(&mut app, KeyCode::Enter);
    assert_eq!(
        effect,
        Some(Effect::Save(Change::SignOff {
            role: "clinical supervisor".into(),
            name: "R. Okafor".into(),
            date: date!(2026 - 03 - 05),
            note: "Reviewed.".into(),
        }))
    );
}

#[test]
fn a_failed_save_keeps_the_text_and_says_why() {
    let mut app = app();
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "supervisor");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Fine.");
    assert!(press(&mut app, KeyCode::Enter).is_some());
    update(&mut app, Msg::Saved(Err("disk full".into())));
    let Mode::Form(form) = &app.mode else {
        panic!("back in the form")
    };
    assert_eq!(form.fields[1].value, "Fine.");
    assert_eq!(form.error.as_deref(), Some("Not saved: disk full"));
}

#[test]
fn escape_cancels_and_empty_fields_are_refused() {
    let mut app = app();
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "to the comment field"
    );
    assert_eq!(press(&mut app, KeyCode::Enter), None, "no role: refused");
    let Mode::Form(form) = &app.mode else {
        panic!("still in the form")
    };
    assert!(form.error.as_deref().unwrap().contains("role"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Browse);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("nothing was saved")
    );
}

#[test]
fn read_only_reviews_say_why_nothing_can_be_added() {
    let mut app = app_at(Path::new("x.ron"), true);
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.mode, Mode::Browse);
    assert!(app.status.as_ref().unwrap().text.contains("--no-save"));
}

#[test]
fn only_key_presses_count() {
    let mut app = app();
    let mut release = KeyEvent::from(KeyCode::Char('j'));
    release.kind = KeyEventKind::Release;
    update(&mut app, Msg::Key(release));
    assert_eq!(app.selected, 0);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected, 1);
}

#[test]
fn q_and_ctrl_c_quit_but_q_is_text_in_a_form() {
    let mut app = app();
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.quit);
    update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(app.quit);
    let mut app = super::app::App::new(app.review, date!(2026 - 03 - 06));
    press(&mut app, KeyCode::Char('q'));
    assert!(app.quit);
}

#[test]
fn help_lists_every_binding_and_the_footer_matches_the_keymap() {
    let mut app = app();
    let browse = screen_text(&app, 100, 30);
    assert!(browse.contains(&keys::footer(keys::BROWSE)));
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.mode, Mode::Help);
    insta::assert_snapshot!("review_help", draw(&app, 80, 24).backend());
    let help = screen_text(&app, 80, 24);
    for binding in keys::BROWSE
        .iter()
        .chain(keys::FORM)
        .chain(keys::CONFIRM)
        .chain(keys::ANYWHERE)
    {
        assert!(
            help.contains(binding.does),
            "help misses {:?}",
            binding.does
        );
    }
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode, Mode::Browse);
}

#[test]
fn a_small_window_gets_one_clear_message() {
    let text = screen_text(&app(), 40, 10);
    assert!(text.contains("too small"), "{text}");
    insta::assert_snapshot!("review_too_small", draw(&app(), 40, 10).backend());
}

#[test]
fn comments_show_beside_their_item_with_a_count_in_the_list() {
    let mut app = app();
    app.review.record.add_comment(crate::record::Comment {
        on: CommentOn::Answer("colleague.power".into()),
        role: "clinical supervisor".into(),
        at: datetime!(2026-03-05 10:00 UTC),
        text: "Right call.".into(),
    });
    let target = item(&app, &CommentOn::Answer("colleague.power".into()));
    go_to(&mut app, target);
    let text = screen_text(&app, 100, 30);
    assert!(text.contains("[1]"), "{text}");
    assert!(text.contains("Right call."), "{text}");
}

fn any_key() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageDown),
        Just(KeyCode::PageUp),
        prop::sample::select(vec![
            'c', 's', 'j', 'k', 'g', 'G', '?', 'e', 'd', 'é', '5', '-', ' '
        ])
        .prop_map(KeyCode::Char),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn no_key_sequence_at_any_size_breaks_the_screen(
        keys in prop::collection::vec(any_key(), 0..60),
        width in 1u16..140,
        height in 1u16..50,
    ) {
        let mut app = app();
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        for key in keys {
            let effect = update(&mut app, Msg::Key(KeyEvent::from(key)));
            if effect.is_some() {
                update(&mut app, Msg::Saved(Err("not in this test".into())));
            }
            terminal.draw(|frame| view::view(&app, frame)).unwrap();
            prop_assert!(app.selected < app.review.items.len());
            if let Mode::Form(form) | Mode::Confirm { form, .. } = &app.mode {
                prop_assert!(form.focus < form.fields.len());
                for field in &form.fields {
                    prop_assert!(field.cursor <= field.value.chars().count());
                }
            }
        }
    }
}
