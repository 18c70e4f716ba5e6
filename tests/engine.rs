//! The engine on a small fixture: queueing, back, changing answers, ladders,
//! tensions and the crisis flag.

use dilemma::code::Catalogue;
use dilemma::engine::{Answer, AnswerError, Walk};
use dilemma::outcome::Outcome;
use dilemma::rules::{RuleSet, check::check};
use dilemma::source::Source;

fn fixture() -> RuleSet {
    let text = include_str!("fixtures/engine.ron");
    let set = RuleSet::parse(Source::new("engine.ron", text), vec![]).expect("fixture parses");
    let report = check(&set, &Catalogue::embedded());
    assert!(
        report.is_valid(),
        "fixture has errors: {:?}",
        report.diagnostics
    );
    set
}

fn ans(question: &str, choices: &[&str]) -> Answer {
    Answer::new(question, choices)
}

fn current(walk: &Walk<'_>) -> Option<String> {
    walk.current().map(|(id, _)| id.to_string())
}

fn ids(answers: &[Answer]) -> Vec<&str> {
    answers.iter().map(|a| a.question.as_str()).collect()
}

#[test]
fn a_fresh_walk_waits_at_the_start() {
    let set = fixture();
    let walk = Walk::new(&set.rules);
    assert_eq!(current(&walk).as_deref(), Some("start"));
    assert!(!walk.is_finished());
}

#[test]
fn a_choice_branch_runs_before_the_questions_then() {
    let set = fixture();
    let walk = Walk::replay(&set.rules, &[ans("start", &["now"])]).unwrap();
    assert_eq!(current(&walk).as_deref(), Some("who"));
    let walk = Walk::replay(
        &set.rules,
        &[ans("start", &["now"]), ans("who", &["client"])],
    )
    .unwrap();
    assert_eq!(current(&walk).as_deref(), Some("triage"));
}

#[test]
fn many_answers_walk_each_branch_in_definition_order_not_pick_order() {
    let set = fixture();
    let mut walk = Walk::replay(&set.rules, &[ans("start", &["no"])]).unwrap();
    // Picked A before B, but B is defined first in the rules.
    walk.answer(vec!["a".into(), "b".into()]).unwrap();
    assert_eq!(current(&walk).as_deref(), Some("b1"));
    walk.answer(vec!["no".into()]).unwrap();
    assert_eq!(current(&walk).as_deref(), Some("a1"));
    walk.answer(vec!["yes".into()]).unwrap();
    assert_eq!(current(&walk).as_deref(), Some("shared"));
    walk.answer(vec!["no".into()]).unwrap();
    assert!(walk.is_finished());
}

#[test]
fn a_question_reached_by_two_concerns_is_asked_once() {
    let set = fixture();
    let walk = Walk::replay(
        &set.rules,
        &[
            ans("start", &["no"]),
            ans("triage", &["a", "c"]),
            ans("a1", &["yes"]),
            ans("shared", &["yes"]),
        ],
    )
    .unwrap();
    assert!(
        walk.is_finished(),
        "concern C leads to `shared`, already answered"
    );
}

#[test]
fn branches_follow_facts_set_earlier() {
    let set = fixture();
    let calm = Walk::replay(
        &set.rules,
        &[
            ans("start", &["no"]),
            ans("triage", &["a"]),
            ans("a1", &["no"]),
        ],
    )
    .unwrap();
    assert_eq!(current(&calm).as_deref(), Some("shared"));
    let danger = Walk::replay(
        &set.rules,
        &[
            ans("start", &["now"]),
            ans("who", &["other"]),
            ans("triage", &["a"]),
            ans("a1", &["no"]),
        ],
    )
    .unwrap();
    assert_eq!(current(&danger).as_deref(), Some("a2"));
}

#[test]
fn back_undoes_the_last_answer_and_returns_it() {
    let set = fixture();
    let mut walk = Walk::replay(
        &set.rules,
        &[ans("start", &["no"]), ans("triage", &["a", "b"])],
    )
    .unwrap();
    assert_eq!(walk.back(), Some(ans("triage", &["a", "b"])));
    assert_eq!(current(&walk).as_deref(), Some("triage"));
    assert_eq!(walk.back(), Some(ans("start", &["no"])));
    assert_eq!(walk.back(), None);
    assert_eq!(current(&walk).as_deref(), Some("start"));
}

#[test]
fn changing_an_answer_keeps_later_answers_that_still_apply() {
    let set = fixture();
    let mut walk = Walk::replay(
        &set.rules,
        &[
            ans("start", &["no"]),
            ans("triage", &["a", "b"]),
            ans("b1", &["no"]),
            ans("a1", &["yes"]),
            ans("shared", &["no"]),
        ],
    )
    .unwrap();
    // Dropping concern B drops its question; A's answers still fit.
    let dropped = walk.change(ans("triage", &["a"])).unwrap();
    assert_eq!(dropped, vec![ans("b1", &["no"])]);
    assert_eq!(ids(walk.answers()), ["start", "triage", "a1", "shared"]);
    assert!(walk.is_finished());

    // Danger now puts "who" on the path: the walk stops there, nothing that
    // still fits is dropped, and the later answers come back once it is
    // answered.
    let dropped = walk.change(ans("start", &["now"])).unwrap();
    assert_eq!(current(&walk).as_deref(), Some("who"));
    assert_eq!(ids(walk.answers()), ["start"]);
    assert!(dropped.is_empty(), "{dropped:?}");
    assert_eq!(ids(walk.pending()), ["triage", "a1", "shared"]);
    walk.answer(vec!["other".into()]).unwrap();
    // a1 = "yes" leads straight to "shared" even in danger, so all of it fits.
    assert_eq!(
        ids(walk.answers()),
        ["start", "who", "triage", "a1", "shared"]
    );
    assert!(walk.is_finished());
    assert!(walk.take_dropped().is_empty());
}

#[test]
fn adding_a_concern_keeps_the_answers_of_the_concerns_still_picked() {
    let set = fixture();
    let mut walk = Walk::replay(
        &set.rules,
        &[
            ans("start", &["no"]),
            ans("triage", &["a"]),
            ans("a1", &["no"]),
            ans("shared", &["yes"]),
        ],
    )
    .unwrap();
    // Concern B comes first in the rules, so its question is asked first;
    // A's answers wait for it and are not lost.
    let dropped = walk.change(ans("triage", &["a", "b"])).unwrap();
    assert!(dropped.is_empty(), "{dropped:?}");
    assert_eq!(current(&walk).as_deref(), Some("b1"));
    assert_eq!(ids(walk.pending()), ["a1", "shared"]);
    walk.answer(vec!["no".into()]).unwrap();
    assert!(walk.is_finished());
    assert_eq!(
        ids(walk.answers()),
        ["start", "triage", "b1", "a1", "shared"]
    );
    assert_eq!(walk.answer_to("shared"), Some(&ans("shared", &["yes"])));

    // Removing A again names exactly what is dropped: the questions only A
    // led to.
    let dropped = walk.change(ans("triage", &["b"])).unwrap();
    assert_eq!(dropped, vec![ans("a1", &["no"]), ans("shared", &["yes"])]);
    assert!(walk.pending().is_empty());
}

#[test]
fn changing_to_an_invalid_answer_leaves_the_walk_as_it_was() {
    let set = fixture();
    let answers = [ans("start", &["no"]), ans("triage", &["a"])];
    let mut walk = Walk::replay(&set.rules, &answers).unwrap();
    let err = walk.change(ans("triage", &["a", "none"])).unwrap_err();
    assert!(matches!(err, AnswerError::Exclusive { .. }), "{err}");
    assert_eq!(walk.answers(), &answers);
}

#[test]
fn bad_answers_are_refused_with_what_would_fit() {
    let set = fixture();
    let mut walk = Walk::new(&set.rules);
    let err = walk.answer(vec!["maybe".into()]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "question \"start\" has no choice \"maybe\"; valid choices: now, no"
    );
    assert!(matches!(
        walk.answer(vec![]),
        Err(AnswerError::NoChoice { .. })
    ));
    assert!(matches!(
        walk.answer(vec!["now".into(), "no".into()]),
        Err(AnswerError::OnlyOne { given: 2, .. })
    ));
    let err = walk.answer_as(ans("triage", &["a"])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "question \"triage\" is not on the path of the answers so far; the next question is \"start\""
    );
    assert!(matches!(
        walk.answer_as(ans("nope", &["x"])),
        Err(AnswerError::UnknownQuestion { .. })
    ));
    walk.answer(vec!["no".into()]).unwrap();
    assert!(matches!(
        walk.answer(vec!["a".into(), "a".into()]),
        Err(AnswerError::Repeated { .. })
    ));
    assert_eq!(walk.answers().len(), 1, "refused answers leave no trace");
}

#[test]
fn answering_after_the_end_says_the_walk_is_complete() {
    let set = fixture();
    let mut walk = Walk::replay(
        &set.rules,
        &[ans("start", &["no"]), ans("triage", &["none"])],
    )
    .unwrap();
    assert!(walk.is_finished());
    assert!(matches!(
        walk.answer_as(ans("a1", &["yes"])),
        Err(AnswerError::Finished { .. })
    ));
}

#[test]
fn ladder_steps_apply_by_condition_and_the_first_one_is_named() {
    let set = fixture();
    let code = Catalogue::embedded();
    let power = Walk::replay(
        &set.rules,
        &[
            ans("start", &["no"]),
            ans("triage", &["a"]),
            ans("a1", &["yes"]),
            ans("shared", &["no"]),
        ],
    )
    .unwrap();
    let outcome = Outcome::of(&power, &code);
    let conduct = outcome.ladder("conduct").unwrap();
    assert!(
        !conduct.steps[0].applies,
        "no private talk under a power imbalance"
    );
    assert_eq!(conduct.first_step.as_deref(), Some("supervisor"));
    assert_eq!(conduct.steps[0].because[0].answer, "Yes, they do");
    assert_eq!(
        conduct.steps[0].note.as_deref(),
        Some("Unless they have power over you.")
    );

    let peers = Walk::replay(
        &set.rules,
        &[
            ans("start", &["no"]),
            ans("triage", &["a"]),
            ans("a1", &["no"]),
            ans("shared", &["no"]),
        ],
    )
    .unwrap();
    let outcome = Outcome::of(&peers, &code);
    assert_eq!(
        outcome.ladder("conduct").unwrap().first_step.as_deref(),
        Some("talk")
    );
}

/// The supervisor step's text, in the plan and in its ladder, on the
/// fixture's walk where the colleague's power is `power`.
fn supervisor_text(set: &RuleSet, power: &str) -> String {
    let walk = Walk::replay(
        &set.rules,
        &[
            ans("start", &["no"]),
            ans("triage", &["a"]),
            ans("a1", &[power]),
            ans("shared", &["no"]),
        ],
    )
    .unwrap();
    let outcome = Outcome::of(&walk, &Catalogue::embedded());
    let in_plan = outcome
        .plan_step("conduct.supervisor")
        .unwrap()
        .text
        .clone();
    let in_ladder = outcome.ladder("conduct").unwrap().steps[1].text.clone();
    assert_eq!(in_plan, in_ladder);
    in_plan
}

#[test]
fn a_step_speaks_in_the_wording_whose_condition_holds() {
    let set = fixture();
    assert_eq!(supervisor_text(&set, "yes"), "Tell the one above them.");
    assert_eq!(supervisor_text(&set, "no"), "Tell a supervisor.");
}

/// The fixture with the supervisor step's power wording replaced by
/// `wordings`, checked clean.
fn with_wordings(wordings: &str) -> RuleSet {
    let text = include_str!("fixtures/engine.ron").replacen(
        "(when: Fact(\"power\", \"yes\"), text: \"Tell the one above them.\")",
        wordings,
        1,
    );
    let set = RuleSet::parse(Source::new("engine.ron", &text), vec![]).unwrap();
    assert!(check(&set, &Catalogue::embedded()).is_valid());
    set
}

#[test]
fn a_wording_with_a_lead_says_it_before_the_step_s_own_text() {
    let set =
        with_wordings("(when: Fact(\"power\", \"yes\"), lead: \"Write down what you saw first.\")");
    assert_eq!(
        supervisor_text(&set, "yes"),
        "Write down what you saw first. Tell a supervisor."
    );
    assert_eq!(supervisor_text(&set, "no"), "Tell a supervisor.");
}

/// Review AI, CX1 and CX2: a wording for a role used to hide a danger's
/// lead written after it; every lead whose condition holds is now said.
#[test]
fn every_lead_that_holds_is_said_before_the_first_text_that_holds() {
    let set = with_wordings(
        "(when: Fact(\"power\", \"yes\"), text: \"Tell the one above them.\"), \
         (when: Fact(\"power\", \"yes\"), lead: \"Not by text.\"), \
         (when: Not(Fact(\"power\", \"yes\")), lead: \"Say it kindly.\"), \
         (when: Fact(\"power\", \"yes\"), text: \"Not this one.\")",
    );
    assert_eq!(
        supervisor_text(&set, "yes"),
        "Not by text. Tell the one above them."
    );
    assert_eq!(
        supervisor_text(&set, "no"),
        "Say it kindly. Tell a supervisor."
    );
}

#[test]
fn a_step_that_cannot_wait_leads_its_urgency_and_the_rest_keep_ladder_order() {
    let set = fixture();
    let code = Catalogue::embedded();
    let walk = |talked: &str| {
        Walk::replay(
            &set.rules,
            &[
                ans("start", &["no"]),
                ans("triage", &["a", "b"]),
                ans("b1", &[talked]),
                ans("a1", &["no"]),
                ans("shared", &["no"]),
            ],
        )
        .unwrap()
    };
    let plan = |walk: &Walk<'_>| -> Vec<String> {
        Outcome::of(walk, &code)
            .plan
            .iter()
            .map(|p| p.id.clone())
            .collect()
    };
    // The last step of the last ladder, but the person is still in the room.
    assert_eq!(
        plan(&walk("no")),
        [
            "conflict.hear",
            "conduct.talk",
            "conduct.supervisor",
            "conflict.talk",
            "conflict.help"
        ]
    );
    assert_eq!(
        plan(&walk("yes")),
        ["conduct.talk", "conduct.supervisor", "conflict.help"]
    );
}

#[test]
fn standards_carry_every_reason_with_the_answer_that_gave_it() {
    let set = fixture();
    let code = Catalogue::embedded();
    let walk = Walk::replay(
        &set.rules,
        &[
            ans("start", &["now"]),
            ans("who", &["client"]),
            ans("triage", &["a"]),
            ans("a1", &["yes"]),
            ans("shared", &["yes"]),
        ],
    )
    .unwrap();
    let outcome = Outcome::of(&walk, &code);
    assert_eq!(outcome.cited_numbers(), [3, 4, 20, 21]);
    assert_eq!(outcome.primary_numbers(), [4, 20]);
    let three = outcome.standard(3).unwrap();
    assert!(!three.primary);
    assert_eq!(
        (
            three.reasons[0].question.as_str(),
            three.reasons[0].choice.as_str()
        ),
        ("who", "client")
    );
    assert_eq!(three.reasons[0].answer, "The client");
    assert_eq!(three.title, code.get(3).unwrap().title);
}

#[test]
fn tensions_show_only_when_all_their_standards_are_cited_and_their_condition_holds() {
    let set = fixture();
    let code = Catalogue::embedded();
    let walk = |answers: &[Answer]| Outcome::of(&Walk::replay(&set.rules, answers).unwrap(), &code);
    let safety_only = walk(&[ans("start", &["now"]), ans("who", &["other"])]);
    assert!(safety_only.tensions.is_empty(), "3 is not cited");
    let both = walk(&[ans("start", &["now"]), ans("who", &["client"])]);
    assert_eq!(both.tensions.len(), 1);
    assert_eq!(both.tensions[0].id, "privacy-safety");

    let power = walk(&[
        ans("start", &["no"]),
        ans("triage", &["a", "b"]),
        ans("b1", &["no"]),
        ans("a1", &["yes"]),
    ]);
    assert!(power.tensions.is_empty(), "the condition on power is false");
    let peers = walk(&[
        ans("start", &["no"]),
        ans("triage", &["a", "b"]),
        ans("b1", &["no"]),
        ans("a1", &["no"]),
    ]);
    assert_eq!(peers.tensions[0].id, "conduct-conflict");
}

#[test]
fn the_code_is_clear_with_one_governing_standard_and_one_ladder() {
    let set = fixture();
    let code = Catalogue::embedded();
    let clear = Walk::replay(
        &set.rules,
        &[
            ans("start", &["no"]),
            ans("triage", &["b"]),
            ans("b1", &["yes"]),
        ],
    )
    .unwrap();
    let outcome = Outcome::of(&clear, &code);
    assert!(outcome.finished);
    assert!(outcome.code_is_clear);
    assert_eq!(
        outcome.ladder("conflict").unwrap().first_step.as_deref(),
        Some("help")
    );

    let two = Walk::replay(
        &set.rules,
        &[ans("start", &["no"]), ans("triage", &["a", "b"])],
    )
    .unwrap();
    assert!(!Outcome::of(&two, &code).code_is_clear);
}

#[test]
fn crisis_holds_while_danger_is_now_and_puts_its_ladder_first() {
    let set = fixture();
    let code = Catalogue::embedded();
    let mut walk = Walk::replay(
        &set.rules,
        &[
            ans("start", &["now"]),
            ans("who", &["other"]),
            ans("triage", &["a"]),
        ],
    )
    .unwrap();
    assert!(walk.in_crisis());
    let outcome = Outcome::of(&walk, &code);
    assert!(outcome.crisis);
    assert_eq!(outcome.ladders[0].id, "safety");
    assert_eq!(outcome.ladders[0].first_step.as_deref(), Some("call"));
    walk.change(ans("start", &["no"])).unwrap();
    assert!(!walk.in_crisis());
}

#[test]
fn progress_names_the_concern_and_counts_concerns_met_and_queued() {
    let set = fixture();
    let walk = Walk::replay(
        &set.rules,
        &[
            ans("start", &["now"]),
            ans("who", &["other"]),
            ans("triage", &["a", "b"]),
        ],
    )
    .unwrap();
    let progress = walk.progress();
    assert_eq!(progress.answered, 3);
    assert_eq!(progress.topic.as_deref(), Some("B"));
    assert_eq!(
        (progress.topic_number, progress.topic_count),
        (2, 3),
        "Safety, B, A"
    );
}

#[test]
fn a_concern_reached_from_another_is_asked_once_under_its_own_name() {
    let set = fixture();
    // Concern A leads on to `shared`, which is where concern C starts.
    let mut walk = Walk::replay(
        &set.rules,
        &[ans("start", &["no"]), ans("triage", &["a", "c"])],
    )
    .unwrap();
    let progress = walk.progress();
    assert_eq!(
        (
            progress.topic.as_deref(),
            progress.topic_number,
            progress.topic_count
        ),
        (Some("A"), 1, 2)
    );
    walk.answer(vec!["yes".into()]).unwrap();
    assert_eq!(current(&walk).as_deref(), Some("shared"));
    let progress = walk.progress();
    assert_eq!(
        (
            progress.topic.as_deref(),
            progress.topic_number,
            progress.topic_count
        ),
        (Some("C"), 2, 2)
    );
    walk.answer(vec!["no".into()]).unwrap();
    assert!(walk.is_finished());
    assert_eq!(
        walk.answer_topics(),
        [None, None, Some("A".to_string()), Some("C".to_string())]
    );
}

#[test]
fn replaying_on_changed_rules_keeps_the_answers_that_fit() {
    let set = fixture();
    let saved = [
        ans("start", &["no"]),
        ans("triage", &["a"]),
        ans("a1", &["maybe"]),
        ans("shared", &["no"]),
    ];
    let (walk, unfit) = Walk::replay_keeping_what_fits(&set.rules, &saved);
    assert_eq!(ids(walk.answers()), ["start", "triage"]);
    // "maybe" is no longer a choice; the answer after it still waits.
    assert_eq!(ids(&unfit), ["a1"]);
    assert_eq!(ids(walk.pending()), ["shared"]);
    assert_eq!(current(&walk).as_deref(), Some("a1"));
}
