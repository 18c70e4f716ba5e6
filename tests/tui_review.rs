//! The supervisor's review as a screen of the wizard: driven by key events
//! fed to `update`, drawn on a test backend. The loop's work (saving a
//! change) is done here by hand, as `tui::run_review` does it.

mod tui_support;

use std::path::Path;

use dilemma::code::Catalogue;
use dilemma::engine::Answer;
use dilemma::record::store::{load_file, save_file};
use dilemma::record::{Comment, CommentOn, Record};
use dilemma::review::{Change, Review, save_change};
use dilemma::rules::{self, RuleSet};
use dilemma::tui::app::{Popup, Screen};
use dilemma::tui::keymap::{self, Context};
use dilemma::tui::screens::supervise::Supervise;
use dilemma::tui::{App, Effect, Msg, update, view};
use dilemma::wizard::ThemeName;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use time::macros::{date, datetime};
use tui_support::{NOW, ctrl, press, render};

fn manifest(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

struct Fixture {
    code: Catalogue,
    set: RuleSet,
    record: Record,
}

fn fixture() -> Fixture {
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
    record.rules_hash = set.hash().to_string();
    record.rules_version = set.rules.version.clone();
    Fixture { code, set, record }
}

impl Fixture {
    fn app_at(&self, path: &Path, read_only: bool) -> App<'_> {
        let review = Review::new(
            path.to_path_buf(),
            self.record.clone(),
            &self.set,
            &self.code,
            read_only,
        );
        App::supervising(
            &self.set,
            &self.code,
            review,
            date!(2026 - 03 - 06),
            ThemeName::Default,
            (80, 24),
        )
    }

    fn app(&self) -> App<'_> {
        self.app_at(Path::new("review-test.ron"), false)
    }
}

fn review<'a>(app: &'a App<'_>) -> &'a Review {
    &app.reviewing.as_ref().expect("a review is open").review
}

fn screen<'a>(app: &'a App<'_>) -> &'a Supervise {
    match &app.screen {
        Screen::Supervise(s) => s,
        _ => panic!("not on the review screen"),
    }
}

fn cursor(app: &App<'_>) -> usize {
    screen(app).cursor
}

fn writing(app: &App<'_>) -> bool {
    screen(app).writing.is_some()
}

/// The text of field `i` of the open form.
fn field(app: &App<'_>, i: usize) -> String {
    let form = &screen(app).writing.as_ref().expect("a form is open").form;
    form.text(i).to_string()
}

fn focus(app: &App<'_>) -> usize {
    screen(app)
        .writing
        .as_ref()
        .expect("a form is open")
        .form
        .focus
}

fn status(app: &App<'_>) -> String {
    app.status.clone().unwrap_or_default()
}

fn type_text(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        assert_eq!(press(app, KeyCode::Char(c)), None);
    }
}

/// The index of the item about `on`.
fn item(app: &App<'_>, on: &CommentOn) -> usize {
    review(app).items.iter().position(|i| &i.on == on).unwrap()
}

fn go_to(app: &mut App<'_>, index: usize) {
    press(app, KeyCode::Char('g'));
    for _ in 0..index {
        press(app, KeyCode::Char('j'));
    }
    assert_eq!(cursor(app), index);
}

/// Does what the loop does with a save effect: save, and report back.
fn perform(app: &mut App<'_>, path: &Path, effect: Option<Effect>) {
    let Some(Effect::Review(change)) = effect else {
        panic!("a save was asked for: {effect:?}")
    };
    let saved = save_change(path, &change)
        .map(Box::new)
        .map_err(|e| e.to_string());
    update(app, Msg::Reviewed(saved), NOW);
}

#[test]
fn the_review_opens_on_its_own_screen_with_the_review_keys() {
    let f = fixture();
    let app = f.app();
    assert_eq!(app.context(), Context::Supervise);
    assert_eq!(cursor(&app), 0);
}

#[test]
fn the_list_shows_every_kind_of_item_in_reading_order() {
    let f = fixture();
    let app = f.app();
    let kinds: Vec<&str> = review(&app)
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
    let f = fixture();
    let mut app = f.app();
    insta::assert_snapshot!("review_browse_80x24", render(&mut app, 80, 24));
    insta::assert_snapshot!("review_browse_100x30", render(&mut app, 100, 30));
}

#[test]
fn commenting_on_a_standard_saves_exactly_that_comment() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.ron");
    let f = fixture();
    save_file(&path, &f.record).unwrap();
    let mut app = f.app_at(&path, false);

    let target = item(&app, &CommentOn::Standard(21));
    go_to(&mut app, target);
    assert_eq!(press(&mut app, KeyCode::Char('c')), None);
    assert_eq!(app.context(), Context::SuperviseForm);
    type_text(&mut app, "clinical supervisor");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "Enter moves to the comment"
    );
    type_text(&mut app, "Share dates, not the file.");
    insta::assert_snapshot!("review_comment_form_80x24", render(&mut app, 80, 24));

    let effect = press(&mut app, KeyCode::Enter);
    assert_eq!(
        effect,
        Some(Effect::Review(Change::Comment {
            on: CommentOn::Standard(21),
            role: "clinical supervisor".into(),
            text: "Share dates, not the file.".into(),
        })),
        "Enter on the last field saves"
    );
    assert!(writing(&app), "the form stays open until the save is done");
    perform(&mut app, &path, effect);
    assert!(!writing(&app));
    assert!(
        status(&app).starts_with("Comment saved on Standard 21"),
        "{}",
        status(&app)
    );

    let on_disk = load_file(&path).unwrap();
    assert_eq!(on_disk.comments.len(), 1);
    assert_eq!(on_disk.comments[0].on, CommentOn::Standard(21));
    // Nothing of the practitioner's changed.
    let mut without = on_disk.clone();
    without.comments.clear();
    without.updated = f.record.updated;
    assert_eq!(without, f.record);
    // The list counts the comment, and the role is remembered.
    assert!(render(&mut app, 100, 30).contains("[1]"));
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(field(&app, 0), "clinical supervisor");
    assert_eq!(focus(&app), 1, "the cursor starts in the comment");
}

#[test]
fn a_comment_on_the_decision_can_be_reworded_then_withdrawn_until_sign_off() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.ron");
    let f = fixture();
    save_file(&path, &f.record).unwrap();
    let mut app = f.app_at(&path, false);

    let decision = item(&app, &CommentOn::Decision);
    go_to(&mut app, decision);
    press(&mut app, KeyCode::Char('e'));
    assert!(!writing(&app), "nothing to change yet");
    assert!(status(&app).contains("press c"));

    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "clinical supervisor");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Date the follow-up");
    let effect = press(&mut app, KeyCode::Enter);
    perform(&mut app, &path, effect);

    // Reword: the form opens on the comment's words.
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(field(&app, 0), "Date the follow-up");
    type_text(&mut app, " for Friday.");
    let effect = press(&mut app, KeyCode::Enter);
    perform(&mut app, &path, effect);
    assert_eq!(status(&app), "Comment reworded.");
    let now = load_file(&path).unwrap().current_comments();
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].text, "Date the follow-up for Friday.");

    // Withdraw: clear the field and save.
    press(&mut app, KeyCode::Char('e'));
    for _ in 0.."Date the follow-up for Friday.".len() {
        press(&mut app, KeyCode::Backspace);
    }
    let effect = press(&mut app, KeyCode::Enter);
    perform(&mut app, &path, effect);
    assert_eq!(status(&app), "Comment withdrawn.");
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
    let mut fresh = f.app_at(&path, false);
    let decision = item(&fresh, &CommentOn::Decision);
    go_to(&mut fresh, decision);
    press(&mut fresh, KeyCode::Char('c'));
    type_text(&mut fresh, "supervisor");
    press(&mut fresh, KeyCode::Enter);
    type_text(&mut fresh, "Fine.");
    let effect = press(&mut fresh, KeyCode::Enter);
    perform(&mut fresh, &path, effect);
    press(&mut fresh, KeyCode::Char('e'));
    assert!(writing(&fresh), "the edit form opens before sign-off");
    save_change(
        &path,
        &Change::SignOff {
            role: "supervisor".into(),
            name: "A. Lee".into(),
            date: date!(2026 - 03 - 05),
            note: String::new(),
        },
    )
    .unwrap();
    let Some(Effect::Review(change)) = press(&mut fresh, KeyCode::Enter) else {
        panic!("a save was asked for")
    };
    let err = save_change(&path, &change).unwrap_err().to_string();
    assert!(err.contains("signed off"), "{err}");
    assert_eq!(
        load_file(&path).unwrap().current_comments()[0].text,
        "Fine."
    );
    // Reported back, the failure leaves the words in the form.
    update(&mut fresh, Msg::Reviewed(Err(err)), NOW);
    assert!(writing(&fresh));
    assert!(status(&fresh).starts_with("Not saved:"));
}

#[test]
fn identifying_details_are_shown_before_saving_and_can_be_edited_away() {
    let f = fixture();
    let mut app = f.app();
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "supervisor");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Call Ms. Rivera on 555-123-4567");
    assert_eq!(press(&mut app, KeyCode::Enter), None, "not saved yet");
    let Some(Popup::Guard { findings, .. }) = app.popups.last() else {
        panic!("the findings are shown")
    };
    assert_eq!(findings.len(), 2);
    assert_eq!(app.context(), Context::Guard);
    insta::assert_snapshot!("review_guard_80x24", render(&mut app, 80, 24));

    // e: back to the text, fix it, save.
    press(&mut app, KeyCode::Char('e'));
    assert!(app.popups.is_empty() && writing(&app));
    for _ in 0.."Call Ms. Rivera on 555-123-4567".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "Call her case manager");
    let Some(Effect::Review(Change::Comment { text, .. })) = press(&mut app, KeyCode::Enter) else {
        panic!("saves once the details are gone")
    };
    assert_eq!(text, "Call her case manager");
}

#[test]
fn keeping_removing_or_leaving_out_flagged_text_is_the_reviewers_choice() {
    let f = fixture();
    let mut app = f.app();
    let flagged = |app: &mut App<'_>| {
        press(app, KeyCode::Char('c'));
        type_text(app, "supervisor");
        press(app, KeyCode::Enter);
        type_text(app, "see j.doe@example.org");
        press(app, KeyCode::Enter);
        assert!(matches!(app.popups.last(), Some(Popup::Guard { .. })));
    };
    // Leave it out: Esc back to the text, Esc again and yes to discard it.
    flagged(&mut app);
    assert_eq!(press(&mut app, KeyCode::Esc), None);
    assert_eq!(press(&mut app, KeyCode::Esc), None);
    assert_eq!(press(&mut app, KeyCode::Char('y')), None);
    assert!(!writing(&app));
    assert!(status(&app).contains("nothing was saved"));
    // Keep it as written.
    flagged(&mut app);
    assert!(matches!(
        press(&mut app, KeyCode::Char('k')),
        Some(Effect::Review(Change::Comment { .. }))
    ));
    // Or remove the details and save the rest.
    let mut app = f.app();
    flagged(&mut app);
    let Some(Effect::Review(Change::Comment { text, .. })) = press(&mut app, KeyCode::Char('r'))
    else {
        panic!("r removes the details and saves")
    };
    assert!(!text.contains("j.doe"), "{text}");
}

#[test]
fn signing_off_takes_role_date_and_note_and_checks_the_date() {
    let f = fixture();
    let mut app = f.app();
    press(&mut app, KeyCode::Char('s'));
    type_text(&mut app, "clinical supervisor");
    press(&mut app, KeyCode::Enter);
    // A sign-off without a name is refused: it is a signature.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    assert!(writing(&app), "still in the form");
    assert!(status(&app).contains("your name"), "{}", status(&app));
    assert_eq!(focus(&app), 1, "the cursor goes to the name");
    type_text(&mut app, "R. Okafor");
    press(&mut app, KeyCode::Enter);
    // The date is filled in with today; replace it with a bad one.
    assert_eq!(field(&app, 2), "2026-03-06");
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "5 March");
    press(&mut app, KeyCode::Enter);
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    assert!(writing(&app), "still in the form");
    assert!(status(&app).contains("not a date"), "{}", status(&app));
    assert_eq!(focus(&app), 2, "the cursor goes to the date");
    // Fix it.
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
        Some(Effect::Review(Change::SignOff {
            role: "clinical supervisor".into(),
            name: "R. Okafor".into(),
            date: date!(2026 - 03 - 05),
            note: "Reviewed.".into(),
        }))
    );
}

#[test]
fn ctrl_s_saves_from_any_field() {
    let f = fixture();
    let mut app = f.app();
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "supervisor");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Fine.");
    press(&mut app, KeyCode::BackTab);
    assert_eq!(focus(&app), 0);
    assert!(matches!(
        ctrl(&mut app, 's'),
        Some(Effect::Review(Change::Comment { .. }))
    ));
}

#[test]
fn a_failed_save_keeps_the_text_and_says_why() {
    let f = fixture();
    let mut app = f.app();
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "supervisor");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Fine.");
    assert!(press(&mut app, KeyCode::Enter).is_some());
    update(&mut app, Msg::Reviewed(Err("disk full".into())), NOW);
    assert_eq!(field(&app, 1), "Fine.");
    assert_eq!(status(&app), "Not saved: disk full");
    assert!(render(&mut app, 80, 24).contains("Save failed"));
}

#[test]
fn escape_cancels_and_empty_fields_are_refused() {
    let f = fixture();
    let mut app = f.app();
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "to the comment field"
    );
    assert_eq!(press(&mut app, KeyCode::Enter), None, "no role: refused");
    assert!(writing(&app), "still in the form");
    assert!(status(&app).contains("role"));
    assert_eq!(focus(&app), 0, "the cursor goes to the role");
    press(&mut app, KeyCode::Esc);
    assert!(!writing(&app));
    assert!(status(&app).contains("nothing was saved"));
    // With words typed, Esc asks first, as everywhere in the wizard.
    press(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "supervisor");
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.popups.last(), Some(Popup::Confirm { .. })));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(field(&app, 0), "supervisor", "kept on no");
}

#[test]
fn read_only_reviews_say_why_nothing_can_be_added() {
    let f = fixture();
    let mut app = f.app_at(Path::new("x.ron"), true);
    for key in ['c', 'e', 's'] {
        press(&mut app, KeyCode::Char(key));
        assert!(!writing(&app));
        assert!(status(&app).contains("--no-save"));
    }
    assert!(render(&mut app, 80, 24).contains("Not saving (--no-save)"));
    assert_eq!(
        press(&mut app, KeyCode::Char('q')),
        Some(Effect::Quit),
        "nothing to lose: no question"
    );
}

#[test]
fn only_key_presses_count() {
    let f = fixture();
    let mut app = f.app();
    let mut release = KeyEvent::from(KeyCode::Char('j'));
    release.kind = KeyEventKind::Release;
    update(&mut app, Msg::Key(release), NOW);
    assert_eq!(cursor(&app), 0);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(cursor(&app), 1);
}

#[test]
fn the_wizards_keys_mean_the_same_here() {
    let f = fixture();
    let mut app = f.app();
    // Down and j move; Space ticks nothing here, so it does nothing, and
    // b (back) has nowhere to go: neither scrolls.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(cursor(&app), 2);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(cursor(&app), 0);
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('b'));
    assert_eq!((cursor(&app), screen(&app).scroll), (0, 0));
    // PgDn and PgUp scroll the item's text (the whole record is long).
    render(&mut app, 80, 24);
    press(&mut app, KeyCode::PageDown);
    let scrolled = screen(&app).scroll;
    assert!(scrolled > 0);
    assert_eq!(cursor(&app), 0, "scrolling does not move the cursor");
    press(&mut app, KeyCode::PageUp);
    assert_eq!(screen(&app).scroll, 0);
    // Moving to another item starts its text at the top.
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(screen(&app).scroll, 0);
    // G and g: the last and first items.
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(cursor(&app), review(&app).items.len() - 1);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(cursor(&app), 0);
    // / opens the standards, and Esc comes back to the review.
    press(&mut app, KeyCode::Char('/'));
    assert!(matches!(app.screen, Screen::Browser(_)));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Supervise);
}

#[test]
fn q_and_ctrl_c_quit_but_q_is_text_in_a_form() {
    let f = fixture();
    let mut app = f.app();
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(press(&mut app, KeyCode::Char('q')), None);
    assert_eq!(field(&app, 0), "q");
    // Words typed and not saved: Ctrl-C asks, and a second one quits.
    assert_eq!(ctrl(&mut app, 'c'), None);
    assert!(matches!(app.popups.last(), Some(Popup::Confirm { .. })));
    assert_eq!(ctrl(&mut app, 'c'), Some(Effect::Quit));
    let mut app = f.app();
    assert_eq!(press(&mut app, KeyCode::Char('q')), Some(Effect::Quit));
    assert_eq!(ctrl(&mut app, 'c'), Some(Effect::Quit));
}

#[test]
fn help_lists_every_binding_and_the_footer_matches_the_keymap() {
    let f = fixture();
    let mut app = f.app();
    let browse = render(&mut app, 100, 30);
    for (keys, hint) in keymap::footer(Context::Supervise) {
        assert!(
            browse.contains(&format!("{keys} {hint}")),
            "the footer misses {keys} {hint}"
        );
    }
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.context(), Context::Help);
    insta::assert_snapshot!("review_help_80x24", render(&mut app, 80, 24));
    let help = render(&mut app, 80, 24);
    for (_, hint) in keymap::help(Context::Supervise) {
        assert!(help.contains(hint), "help misses {hint:?}");
    }
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::Supervise);
    // In a form, F1 is help and lists the form's keys.
    press(&mut app, KeyCode::Char('c'));
    press(&mut app, KeyCode::F(1));
    let help = render(&mut app, 80, 24);
    for (_, hint) in keymap::help(Context::SuperviseForm) {
        assert!(help.contains(hint), "help misses {hint:?}");
    }
}

#[test]
fn a_small_window_gets_one_clear_message() {
    let f = fixture();
    let mut app = f.app();
    let text = render(&mut app, 40, 10);
    assert!(text.contains("too small"), "{text}");
    insta::assert_snapshot!("review_too_small", text);
}

#[test]
fn comments_show_beside_their_item_with_a_count_in_the_list() {
    let f = fixture();
    let mut app = f.app();
    app.reviewing
        .as_mut()
        .unwrap()
        .review
        .record
        .add_comment(Comment {
            on: CommentOn::Answer("colleague.power".into()),
            role: "clinical supervisor".into(),
            at: datetime!(2026-03-05 10:00 UTC),
            text: "Right call.".into(),
        });
    let target = item(&app, &CommentOn::Answer("colleague.power".into()));
    go_to(&mut app, target);
    let text = render(&mut app, 100, 30);
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
        Just(KeyCode::F(1)),
        prop::sample::select(vec![
            'c', 's', 'j', 'k', 'g', 'G', '?', 'e', 'd', 'r', 'y', 'n', 'é', '5', '-', ' ', 'b',
            '/'
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
        let f = fixture();
        let mut app = f.app();
        update(&mut app, Msg::Resize(width, height), NOW);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        for key in keys {
            let effect = update(&mut app, Msg::Key(KeyEvent::from(key)), NOW);
            if let Some(Effect::Review(_)) = effect {
                update(&mut app, Msg::Reviewed(Err("not in this test".into())), NOW);
            }
            if effect == Some(Effect::Quit) {
                break;
            }
            terminal.draw(|frame| view(&app, frame)).unwrap();
            prop_assert_eq!(app.invariants(), Ok(()));
        }
    }
}

#[test]
fn a_long_item_title_wraps_above_the_form_rather_than_being_cut() {
    let f = fixture();
    let mut app = f.app();
    press(&mut app, KeyCode::Char('G'));
    let title = review(&app).items[cursor(&app)].title.clone();
    press(&mut app, KeyCode::Char('c'));
    let screen = render(&mut app, 60, 24);
    let words: String = screen
        .lines()
        .skip(2)
        .take(3)
        .flat_map(|l| l.trim_matches('"').split_whitespace().map(str::to_string))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains(&format!("Comment on: {title}")),
        "{title:?} in {screen}"
    );
}
