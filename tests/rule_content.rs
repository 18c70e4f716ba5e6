//! The shipped knowledge: every standard is reachable, the ladders the code
//! prescribes exist, and their conditions start the practitioner where the
//! code says to start. Each walk below is a full, honest walk through the
//! embedded rules, as a practitioner would answer.

use std::collections::BTreeSet;

use dilemma::code::{Catalogue, Domain};
use dilemma::engine::{Answer, Walk};
use dilemma::outcome::{LadderOutcome, Outcome};
use dilemma::rules::RuleSet;
use dilemma::training;

fn rules() -> RuleSet {
    RuleSet::embedded().expect("the embedded rules parse")
}

/// Walks the embedded rules with these answers, which must make a complete walk.
fn outcome(answers: &[(&str, &[&str])]) -> Outcome {
    let set = rules();
    let answers: Vec<Answer> = answers.iter().map(|(q, c)| Answer::new(q, c)).collect();
    let walk = Walk::replay(&set.rules, &answers)
        .unwrap_or_else(|(i, e)| panic!("answer {} does not fit: {e}", i + 1));
    assert!(
        walk.is_finished(),
        "the walk stops early at {:?}",
        walk.current().map(|(id, _)| id)
    );
    Outcome::of(&walk, &Catalogue::embedded())
}

fn ladder<'a>(outcome: &'a Outcome, id: &str) -> &'a LadderOutcome {
    outcome
        .ladder(id)
        .unwrap_or_else(|| panic!("ladder \"{id}\" is not opened by this walk"))
}

fn first_step(outcome: &Outcome, id: &str) -> String {
    ladder(outcome, id)
        .first_step
        .clone()
        .unwrap_or_else(|| panic!("no step of \"{id}\" applies"))
}

fn applies(outcome: &Outcome, id: &str, step: &str) -> bool {
    ladder(outcome, id)
        .steps
        .iter()
        .find(|s| s.id == step)
        .unwrap_or_else(|| panic!("ladder \"{id}\" has no step \"{step}\""))
        .applies
}

fn tensions(outcome: &Outcome) -> Vec<&str> {
    outcome.tensions.iter().map(|t| t.id.as_str()).collect()
}

const NO_DANGER: (&str, &[&str]) = ("safety", &["no"]);

// ---------------------------------------------------------------------------
// Coverage and soundness of the rule file.
// ---------------------------------------------------------------------------

#[test]
fn all_44_standards_are_cited_and_the_rules_check_without_a_warning() {
    let report = dilemma::rules::check::check(&rules(), &Catalogue::embedded());
    let problems: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(
        report.summary.cited.len(),
        44,
        "not cited: {:?}",
        report.summary.uncited()
    );
}

#[test]
fn every_ladder_the_code_prescribes_exists_with_its_standard() {
    let set = rules();
    let required = [
        ("safety", 4),
        ("consent", 2),
        ("dual-relationship", 5),
        ("romance", 6),
        ("share-records", 8),
        ("other-helper", 18),
        ("colleague-conflict", 19),
        ("colleague-conduct", 20),
        ("employer-client", 24),
        ("qualifications", 27),
        ("new-technique", 31),
        ("self-care", 35),
        ("placement", 41),
        ("self-disclosure", 42),
    ];
    for (id, standard) in required {
        let ladder = set
            .rules
            .ladders
            .get(id)
            .unwrap_or_else(|| panic!("ladder \"{id}\" is missing"));
        assert!(
            ladder.standards.contains(&standard),
            "ladder \"{id}\" does not name standard {standard}"
        );
    }
}

#[test]
fn a_choice_that_opens_a_ladder_cites_a_standard_behind_it() {
    let set = rules();
    for (qid, question) in set.rules.questions.iter() {
        for choice in &question.choices {
            for id in &choice.open {
                let ladder = set.rules.ladders.get(id).unwrap();
                assert!(
                    choice
                        .cite
                        .iter()
                        .any(|c| ladder.standards.contains(&c.standard())),
                    "choice \"{}\" of \"{qid}\" opens \"{id}\" without citing any of {:?}",
                    choice.id,
                    ladder.standards
                );
            }
        }
    }
}

#[test]
fn every_conditional_step_says_in_words_when_it_applies() {
    let set = rules();
    for (id, ladder) in set.rules.ladders.iter() {
        for step in ladder.steps.iter().filter(|s| s.when.is_some()) {
            let note = step.note.as_deref().unwrap_or("");
            assert!(
                !note.trim().is_empty(),
                "step \"{}\" of \"{id}\" has a condition but no note",
                step.id
            );
        }
    }
}

#[test]
fn every_choice_that_sets_a_fact_says_what_it_means() {
    let set = rules();
    for (qid, question) in set.rules.questions.iter() {
        assert!(!question.help.trim().is_empty(), "{qid} has no help text");
        for choice in question.choices.iter().filter(|c| !c.set.is_empty()) {
            let words = choice.label.split_whitespace().count();
            assert!(
                choice.hint.is_some() || words >= 3,
                "choice \"{}\" of \"{qid}\" sets a fact with a bare label",
                choice.id
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Safety first (standards 3, 4, 28).
// ---------------------------------------------------------------------------

#[test]
fn danger_is_walked_before_any_other_concern() {
    let set = rules();
    let mut walk = Walk::new(&set.rules);
    assert_eq!(walk.current().map(|(id, _)| id), Some("safety"));
    walk.answer(vec!["maybe".into()]).unwrap();
    assert_eq!(walk.current().map(|(id, _)| id), Some("danger.who"));
}

#[test]
fn imminent_danger_starts_with_emergency_services_and_a_crisis() {
    let o = outcome(&[
        ("safety", &["now"]),
        ("danger.who", &["others"]),
        ("danger.confidence", &["yes"]),
        ("danger.limits", &["yes"]),
        ("danger.consulted", &["no"]),
        ("triage", &["none"]),
    ]);
    assert!(o.crisis);
    assert_eq!(o.ladders[0].id, "safety");
    assert_eq!(first_step(&o, "safety"), "emergency");
    assert!(applies(&o, "safety", "warn"));
    assert!(!applies(&o, "safety", "report"));
    assert!(tensions(&o).contains(&"privacy-vs-safety"));
}

#[test]
fn suspected_abuse_starts_with_the_report_the_law_requires() {
    let o = outcome(&[
        ("safety", &["maybe"]),
        ("danger.who", &["abuse"]),
        ("danger.abuse-role", &["no"]),
        ("danger.confidence", &["no"]),
        ("danger.consulted", &["yes"]),
        ("triage", &["none"]),
    ]);
    assert!(!o.crisis);
    assert!(o.standard(4).is_some_and(|s| s.primary));
    assert_eq!(first_step(&o, "safety"), "report");
    assert!(applies(&o, "safety", "supervisor"));
    assert!(
        !applies(&o, "safety", "assess"),
        "investigating abuse is the protective agency's job"
    );
    assert!(!applies(&o, "safety", "tell-client"));

    // Even when the danger feels immediate, the report (which says to call
    // emergency services first if someone is in danger right now) leads.
    let now = outcome(&[
        ("safety", &["now"]),
        ("danger.who", &["abuse"]),
        ("danger.abuse-role", &["no"]),
        ("danger.confidence", &["no"]),
        ("danger.consulted", &["no"]),
        ("triage", &["none"]),
    ]);
    assert!(now.crisis);
    assert_eq!(first_step(&now, "safety"), "report");
}

#[test]
fn a_protective_services_worker_follows_their_own_procedure_not_a_report() {
    let o = outcome(&[
        ("safety", &["maybe"]),
        ("danger.who", &["abuse", "client-at-risk"]),
        ("danger.abuse-role", &["yes"]),
        ("danger.confidence", &["no"]),
        ("danger.consulted", &["no"]),
        ("triage", &["consent"]),
        ("consent.what", &["withdraw"]),
        ("consent.able", &["unsure"]),
        ("consent.mandated", &["involuntary"]),
        ("consent.informed", &["partly"]),
    ]);
    assert_eq!(first_step(&o, "safety"), "investigate");
    assert!(
        !applies(&o, "safety", "report"),
        "the report is already theirs"
    );
    assert!(
        !applies(&o, "safety", "supervisor"),
        "the same-day consultation is part of the first step"
    );
    // An unclear capacity does not let a refusal end the matter, and the
    // consent steps do not say both "hold off" and "respect the refusal".
    assert_eq!(first_step(&o, "consent"), "capacity");
    assert!(!applies(&o, "consent", "respect-stop"));
    assert!(applies(&o, "consent", "mandated"));
    for n in [2, 4, 28] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
}

#[test]
fn possible_self_harm_goes_to_the_supervisor_then_to_the_risk() {
    let o = outcome(&[
        ("safety", &["maybe"]),
        ("danger.who", &["self"]),
        ("danger.contact", &["yes"]),
        ("danger.confidence", &["no"]),
        ("danger.consulted", &["no"]),
        ("triage", &["none"]),
    ]);
    assert_eq!(first_step(&o, "safety"), "supervisor");
    assert!(applies(&o, "safety", "assess"));
    assert!(applies(&o, "safety", "safety-plan"));
    assert!(!applies(&o, "safety", "reach"));
}

#[test]
fn losing_contact_with_a_client_at_risk_starts_with_reaching_them() {
    let o = outcome(&[
        ("safety", &["now"]),
        ("danger.who", &["self"]),
        ("danger.contact", &["lost"]),
        ("danger.confidence", &["yes"]),
        ("danger.limits", &["no"]),
        ("danger.consulted", &["no"]),
        ("triage", &["tech"]),
        ("tech.what", &["remote"]),
        ("tech.safeguards", &["both"]),
        ("tech.plan", &["no"]),
    ]);
    assert_eq!(o.ladders[0].id, "safety");
    assert_eq!(first_step(&o, "safety"), "reach");
    assert!(
        !applies(&o, "safety", "emergency"),
        "reaching them includes the emergency call"
    );
    assert!(applies(&o, "tech", "plan"));
    assert!(o.standard(3).is_some_and(|s| s.primary));
}

#[test]
fn a_colleague_putting_clients_at_risk_is_stopped_inside_the_agency_first() {
    let o = outcome(&[
        ("safety", &["now"]),
        ("danger.who", &["staff"]),
        ("danger.stop", &["above"]),
        ("danger.consulted", &["no"]),
        ("triage", &["conduct"]),
        ("colleague.severity", &["impaired"]),
        ("colleague.power", &["no"]),
        ("colleague.talked", &["unresolved"]),
        ("colleague.client-info", &["no"]),
    ]);
    assert_eq!(o.ladders[0].id, "inside-risk");
    assert_eq!(first_step(&o, "inside-risk"), "stop-harm");
    assert!(
        o.ladder("safety").is_none(),
        "no client is a danger: the client safety steps would all be beside the point"
    );
    assert_eq!(first_step(&o, "impaired-colleague"), "off-duty");
    assert_eq!(first_step(&o, "colleague-conduct"), "supervisor");
    assert!(!applies(&o, "colleague-conduct", "talk"));
    assert!(o.standard(35).is_some_and(|s| s.primary));
}

#[test]
fn a_possible_risk_from_inside_the_agency_starts_with_whoever_can_stop_it() {
    let walk = |stop: &str| {
        outcome(&[
            ("safety", &["maybe"]),
            ("danger.who", &["staff"]),
            ("danger.stop", &[stop]),
            ("danger.consulted", &["yes"]),
            ("triage", &["none"]),
        ])
    };
    for (stop, step) in [
        ("me", "pause-it"),
        ("above", "stop-harm"),
        ("unsure", "stop-harm"),
        ("ordered", "raise-order"),
        ("close", "go-around"),
    ] {
        let o = walk(stop);
        assert_eq!(first_step(&o, "inside-risk"), step, "{stop}");
        assert!(
            o.ladder("safety").is_none(),
            "{stop}: the first step already says who to tell"
        );
        assert!(
            o.standard(4).is_some_and(|s| !s.primary),
            "{stop}: no client behaviour puts anyone at risk, so standard 4 is only related"
        );
    }
}

#[test]
fn when_sharing_itself_could_expose_the_client_nothing_identifying_is_shared() {
    let o = outcome(&[
        ("safety", &["maybe"]),
        ("danger.who", &["client-at-risk", "exposure", "staff"]),
        ("danger.confidence", &["yes"]),
        ("danger.limits", &["yes"]),
        ("danger.stop", &["ordered"]),
        ("danger.consulted", &["no"]),
        ("triage", &["none"]),
    ]);
    assert_eq!(first_step(&o, "safety"), "hide");
    let found = tensions(&o);
    assert!(found.contains(&"sharing-endangers"), "{found:?}");
    assert!(
        !found.contains(&"privacy-vs-safety"),
        "a note that favours sharing would point the wrong way"
    );
    for n in [3, 12] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
}

#[test]
fn harm_expected_today_starts_with_the_crisis_call_then_the_means() {
    let o = outcome(&[
        ("safety", &["now"]),
        ("danger.who", &["self"]),
        ("danger.contact", &["yes"]),
        ("danger.confidence", &["yes"]),
        ("danger.limits", &["no"]),
        ("danger.consulted", &["no"]),
        ("triage", &["none"]),
    ]);
    assert!(o.crisis);
    let steps: Vec<&str> = ladder(&o, "safety")
        .steps
        .iter()
        .filter(|s| s.applies)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(
        steps[..2],
        ["emergency", "means"],
        "staying with the client and taking away the means come first"
    );
    assert!(
        !applies(&o, "safety", "assess"),
        "an assessment is for harm not expected today"
    );
}

#[test]
fn serious_harm_not_expected_today_is_reported_and_planned_for_today() {
    let abuse = outcome(&[
        ("safety", &["soon"]),
        ("danger.who", &["abuse", "client-at-risk"]),
        ("danger.abuse-role", &["no"]),
        ("danger.confidence", &["yes"]),
        ("danger.limits", &["no"]),
        ("danger.consulted", &["no"]),
        ("triage", &["none"]),
    ]);
    assert!(!abuse.crisis, "no emergency banner for harm days away");
    assert!(abuse.standard(4).is_some_and(|s| s.primary));
    assert_eq!(first_step(&abuse, "safety"), "report");
    assert!(!applies(&abuse, "safety", "emergency"));
    for step in ["supervisor", "safety-plan", "explain-limits"] {
        assert!(applies(&abuse, "safety", step), "{step}");
    }
    assert!(
        !applies(&abuse, "safety", "assess"),
        "questioning a young person about abuse is protective services' job"
    );

    let self_harm = outcome(&[
        ("safety", &["soon"]),
        ("danger.who", &["self"]),
        ("danger.contact", &["yes"]),
        ("danger.confidence", &["no"]),
        ("danger.consulted", &["no"]),
        ("triage", &["none"]),
    ]);
    assert_eq!(first_step(&self_harm, "safety"), "supervisor");
    for step in ["assess", "safety-plan"] {
        assert!(applies(&self_harm, "safety", step), "{step}");
    }
    assert!(!applies(&self_harm, "safety", "means"));
}

#[test]
fn a_risk_to_workers_alone_opens_only_the_workers_steps() {
    let o = outcome(&[
        ("safety", &["now"]),
        ("danger.who", &["worker"]),
        ("danger.consulted", &["yes"]),
        ("triage", &["none"]),
    ]);
    assert!(o.crisis);
    assert_eq!(o.ladders.len(), 1, "{:?}", o.ladders);
    assert_eq!(first_step(&o, "worker-safety"), "worker-safe");
}

#[test]
fn keeping_people_out_of_a_risk_is_not_authority_over_the_person_doing_it() {
    let o = outcome(&[
        ("safety", &["maybe"]),
        ("danger.who", &["staff"]),
        ("danger.stop", &["pause", "ordered", "friend"]),
        ("danger.consulted", &["no"]),
        ("triage", &["conduct"]),
        ("colleague.severity", &["egregious"]),
        ("colleague.power", &["over-them", "close-to-me"]),
        ("colleague.talked", &["not-yet"]),
        ("colleague.client-info", &["yes"]),
    ]);
    assert_eq!(first_step(&o, "inside-risk"), "keep-out");
    assert!(!applies(&o, "inside-risk", "pause-it"));
    assert!(applies(&o, "inside-risk", "go-around"));
    assert!(
        !applies(&o, "inside-risk", "raise-order"),
        "a friend of the person does not settle it with a private word"
    );
    assert!(applies(&o, "inside-risk", "not-alone"));
    assert!(
        !applies(&o, "colleague-conduct", "act"),
        "stopping a student's visits does not make you the colleague's boss"
    );
    assert_eq!(first_step(&o, "colleague-conduct"), "supervisor");
    assert!(applies(&o, "colleague-conduct", "not-alone"));
}

#[test]
fn what_a_worker_learned_in_their_own_life_stays_out_of_the_file() {
    let records = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["records", "personal"]),
        ("privacy.records", &["accuracy"]),
    ]);
    assert!(
        !applies(&records, "records", "correct"),
        "nothing heard at an anonymous meeting is written into the record"
    );
    assert_eq!(first_step(&records, "records"), "not-from-private");
    assert_eq!(first_step(&records, "private-knowledge"), "keep-out");
    assert!(records.standard(3).is_some_and(|s| s.primary));

    let risk = outcome(&[
        ("safety", &["maybe"]),
        ("danger.who", &["self"]),
        ("danger.contact", &["yes"]),
        ("danger.confidence", &["private"]),
        ("danger.consulted", &["yes"]),
        ("triage", &["none"]),
    ]);
    assert_eq!(first_step(&risk, "private-knowledge"), "keep-out");
    assert!(applies(&risk, "private-knowledge", "safety"));
    assert!(!applies(&risk, "safety", "tell-client"));
}

// ---------------------------------------------------------------------------
// Consent (standard 2) and new methods (standard 31).
// ---------------------------------------------------------------------------

#[test]
fn a_client_unable_to_consent_starts_with_the_guardian() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["start"]),
        ("consent.able", &["no"]),
        ("consent.mandated", &["no"]),
        ("consent.informed", &["partly"]),
    ]);
    assert_eq!(first_step(&o, "consent"), "guardian");
    assert!(!applies(&o, "consent", "mandated"));
}

#[test]
fn a_young_person_at_risk_from_a_parent_starts_with_supervision_not_the_parent() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["start"]),
        ("consent.able", &["minor"]),
        ("consent.minor", &["risk", "private"]),
        ("consent.mandated", &["no"]),
        ("consent.informed", &["no"]),
    ]);
    assert_eq!(first_step(&o, "consent"), "minor-first");
    assert!(!applies(&o, "consent", "guardian"));
    assert!(o.standard(3).is_some_and(|s| s.primary));
    assert!(tensions(&o).contains(&"young-person-privacy-vs-parents"));

    let ordinary = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["start"]),
        ("consent.able", &["minor"]),
        ("consent.minor", &["none"]),
        ("consent.mandated", &["no"]),
        ("consent.informed", &["yes"]),
    ]);
    assert_eq!(first_step(&ordinary, "consent"), "guardian");
    assert!(ordinary.tensions.is_empty());
}

#[test]
fn a_mandated_client_hears_their_rights_and_a_withdrawal_is_respected() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["withdraw"]),
        ("consent.able", &["yes"]),
        ("consent.mandated", &["yes"]),
        ("consent.informed", &["no"]),
    ]);
    assert_eq!(first_step(&o, "consent"), "mandated");
    assert!(applies(&o, "consent", "respect-stop"));
    assert!(!applies(&o, "consent", "agree"));
    assert!(!applies(&o, "consent", "guardian"));
}

#[test]
fn a_refusal_does_not_end_the_safety_steps() {
    let o = outcome(&[
        ("safety", &["maybe"]),
        ("danger.who", &["self"]),
        ("danger.contact", &["yes"]),
        ("danger.confidence", &["no"]),
        ("danger.consulted", &["yes"]),
        ("triage", &["consent"]),
        ("consent.what", &["withdraw"]),
        ("consent.able", &["yes"]),
        ("consent.mandated", &["no"]),
        ("consent.informed", &["yes"]),
    ]);
    assert!(tensions(&o).contains(&"refusal-vs-safety"));
    assert_eq!(first_step(&o, "consent"), "respect-stop");
}

#[test]
fn an_untested_method_is_explained_as_unproven_before_consent() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["technique"]),
        ("consent.evidence", &["new"]),
        ("consent.trained", &["yes"]),
        ("consent.who", &["self"]),
    ]);
    assert_eq!(first_step(&o, "new-technique"), "inform");
    assert!(applies(&o, "new-technique", "consent"));
    assert!(o.standard(31).is_some_and(|s| s.primary));

    let proven = outcome(&[
        NO_DANGER,
        ("triage", &["competence"]),
        ("competence.what", &["method"]),
        ("consent.evidence", &["strong"]),
        ("consent.trained", &["yes"]),
        ("consent.who", &["self"]),
    ]);
    assert!(proven.ladder("new-technique").is_none());
}

#[test]
fn a_new_method_in_a_program_asks_who_consents_and_holds_until_staff_are_trained() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["technique"]),
        ("consent.evidence", &["new"]),
        ("consent.trained", &["no"]),
        ("consent.who", &["aac", "guardian"]),
    ]);
    assert_eq!(first_step(&o, "new-technique"), "training");
    for step in ["guardian", "accessible", "inform", "consent"] {
        assert!(applies(&o, "new-technique", step), "{step}");
    }
    assert!(!applies(&o, "new-technique", "capacity"));
    for n in [2, 26, 31] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
}

#[test]
fn using_a_clients_words_needs_consent_to_that_use_on_either_path() {
    let consent = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["words"]),
    ]);
    assert!(consent.standard(2).is_some_and(|s| s.primary));
    assert!(consent.standard(3).is_some());
    assert_eq!(first_step(&consent, "use-of-words"), "hold");

    let privacy = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["publish"]),
    ]);
    assert!(privacy.standard(3).is_some_and(|s| s.primary));
    assert!(privacy.standard(2).is_some());
    assert_eq!(first_step(&privacy, "use-of-words"), "hold");
    assert!(
        privacy.ladder("disclosure").is_none(),
        "nothing is public yet, so there is nothing to take down"
    );
}

#[test]
fn agreeing_to_take_part_in_research_still_cites_consent() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["research"]),
        ("research.what", &["study"]),
        ("research.review", &["yes"]),
        ("research.now", &["none"]),
    ]);
    for n in [2, 32] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
    assert_eq!(first_step(&o, "research"), "consent");
}

#[test]
fn a_form_that_asks_too_much_starts_with_what_the_law_requires() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["form"]),
    ]);
    assert_eq!(first_step(&o, "consent-form"), "find-out");
    assert!(
        o.ladder("consent").is_none(),
        "no script for starting services"
    );
    assert!(o.standard(2).is_some_and(|s| s.primary));
}

#[test]
fn a_refusal_midway_is_not_sent_back_to_intake_and_a_crisis_is_not_a_court_order() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["withdraw"]),
        ("consent.able", &["minor"]),
        ("consent.minor", &["none"]),
        ("consent.mandated", &["no"]),
        ("consent.informed", &["partly"]),
    ]);
    assert!(
        !applies(&o, "consent", "guardian"),
        "a consent form before services begin does not fit work under way"
    );
    assert!(applies(&o, "consent", "respect-stop"));
    assert!(o.standard(7).is_some_and(|s| !s.primary));

    let crisis = outcome(&[
        NO_DANGER,
        ("triage", &["consent"]),
        ("consent.what", &["withdraw"]),
        ("consent.able", &["unsure"]),
        ("consent.mandated", &["crisis"]),
        ("consent.informed", &["partly"]),
    ]);
    assert!(applies(&crisis, "consent", "crisis"));
    assert!(!applies(&crisis, "consent", "mandated"));
}

// ---------------------------------------------------------------------------
// Records and other professionals (standards 8, 18, 21).
// ---------------------------------------------------------------------------

#[test]
fn sharing_without_a_release_or_other_basis_starts_by_asking_the_client() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["share"]),
        ("privacy.consent", &["no"]),
        ("privacy.basis", &["none"]),
    ]);
    assert_eq!(first_step(&o, "share-records"), "ask-client");
    assert!(
        o.code_is_clear,
        "one standard (8) and one ladder: {:?}",
        o.primary_numbers()
    );
}

#[test]
fn the_law_or_supervision_can_stand_in_for_written_consent() {
    for (basis, step) in [("law", "law"), ("supervision", "supervision")] {
        let o = outcome(&[
            NO_DANGER,
            ("triage", &["privacy"]),
            ("privacy.what", &["share"]),
            ("privacy.consent", &["spoken"]),
            ("privacy.basis", &[basis]),
        ]);
        assert_eq!(first_step(&o, "share-records"), step);
        assert!(!applies(&o, "share-records", "ask-client"));
    }
    let signed = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["share"]),
        ("privacy.consent", &["written"]),
    ]);
    assert_eq!(first_step(&signed, "share-records"), "within-release");
}

#[test]
fn a_demand_for_client_records_checks_the_law_and_tells_clients_the_limits() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["demand"]),
        ("privacy.consent", &["no"]),
        ("privacy.basis", &["policy"]),
    ]);
    assert_eq!(first_step(&o, "share-records"), "policy");
    assert!(!applies(&o, "share-records", "ask-client"));
    assert!(applies(&o, "share-records", "notice"));
    for n in [3, 8] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
    assert!(o.standard(12).is_some());

    let unsure = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["share"]),
        ("privacy.consent", &["unclear"]),
        ("privacy.basis", &["unsure"]),
    ]);
    assert_eq!(first_step(&unsure, "share-records"), "find-basis");
    assert!(applies(&unsure, "share-records", "check-release"));
}

#[test]
fn a_second_helper_doing_the_same_work_is_not_duplicated_and_needs_permission() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["other-helper"]),
        ("privacy.overlap", &["same"]),
        ("privacy.consent", &["no"]),
        ("privacy.basis", &["none"]),
    ]);
    assert_eq!(first_step(&o, "other-helper"), "no-duplicate");
    assert!(applies(&o, "other-helper", "permission"));

    let signed = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["other-helper"]),
        ("privacy.overlap", &["different"]),
        ("privacy.consent", &["written"]),
    ]);
    assert_eq!(first_step(&signed, "other-helper"), "consult");
}

#[test]
fn a_client_asking_what_professionals_said_meets_a_tension_only_when_something_limits_it() {
    let limited = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["client-asks"]),
        ("privacy.client-right", &["colleague"]),
    ]);
    assert!(tensions(&limited).contains(&"client-right-vs-privacy"));
    assert!(limited.standard(21).is_some_and(|s| s.primary));

    let open = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["client-asks"]),
        ("privacy.client-right", &["nothing"]),
    ]);
    assert!(open.tensions.is_empty());
}

#[test]
fn team_talk_that_could_prevent_harm_shows_the_exception_inside_standard_21() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["team"]),
        ("privacy.team-harm", &["yes"]),
    ]);
    assert!(tensions(&o).contains(&"team-confidence-vs-harm"));
}

#[test]
fn a_file_asked_for_by_anyone_brings_in_8_and_a_partial_release_is_kept_to() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["privacy", "employer"]),
        ("privacy.what", &["file", "outsider"]),
        ("privacy.consent", &["part"]),
        ("privacy.basis", &["none"]),
        ("employer.what", &["partner"]),
        ("employer.raised", &["no"]),
    ]);
    for n in [3, 8, 24] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
    assert_eq!(first_step(&o, "share-records"), "within-part");
    assert!(!applies(&o, "share-records", "ask-client"));
    assert!(
        !applies(&o, "share-records", "no-confirm"),
        "a release that names them already confirms they are a client"
    );
    assert_eq!(first_step(&o, "employer-client"), "partner");

    let unsigned = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["file"]),
        ("privacy.consent", &["no"]),
        ("privacy.basis", &["none"]),
    ]);
    assert_eq!(first_step(&unsigned, "share-records"), "ask-client");
    assert!(applies(&unsigned, "share-records", "no-confirm"));
    assert!(unsigned.standard(8).is_some_and(|s| s.primary));
}

// ---------------------------------------------------------------------------
// Boundaries and romance (standards 5, 6).
// ---------------------------------------------------------------------------

#[test]
fn a_current_client_means_no_relationship_first_and_the_code_is_clear() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["romance"]),
        ("romance.who", &["current"]),
        ("romance.status", &["feelings"]),
    ]);
    assert_eq!(first_step(&o, "romance"), "no-relationship");
    assert!(!applies(&o, "romance", "assess"));
    assert!(o.code_is_clear);
    assert_eq!(o.primary_numbers(), vec![6]);
}

#[test]
fn a_former_client_or_their_family_starts_with_assessing_harm_and_exploitation() {
    for who in ["former", "close-former"] {
        let o = outcome(&[
            NO_DANGER,
            ("triage", &["romance"]),
            ("romance.who", &[who]),
            ("romance.status", &["approach"]),
            ("romance.risk", &["unsure"]),
        ]);
        assert_eq!(first_step(&o, "romance"), "assess", "{who}");
        assert!(!applies(&o, "romance", "no-relationship"));
        assert!(applies(&o, "romance", "hold-back"));
    }
}

#[test]
fn interest_from_a_current_clients_relative_is_declined_while_the_work_goes_on() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["dual"]),
        ("dual.kind", &["gift"]),
        ("dual.gift", &["romantic"]),
        ("romance.who", &["close"]),
        ("romance.status", &["approach"]),
        ("romance.risk", &["yes"]),
        ("dual.policy", &["no"]),
    ]);
    assert_eq!(first_step(&o, "romance"), "decline");
    assert!(applies(&o, "romance", "assess"));
    for n in [5, 6] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
}

#[test]
fn a_dual_relationship_is_avoided_if_it_can_be_and_otherwise_limited_or_forgone() {
    let avoidable = outcome(&[
        NO_DANGER,
        ("triage", &["dual"]),
        ("dual.kind", &["business"]),
        ("dual.avoid", &["yes"]),
    ]);
    assert_eq!(first_step(&avoidable, "dual-relationship"), "avoid");
    assert!(
        !applies(&avoidable, "dual-relationship", "refer"),
        "declining the second tie keeps the client with their worker"
    );

    let manageable = outcome(&[
        NO_DANGER,
        ("triage", &["dual"]),
        ("dual.kind", &["social"]),
        ("dual.avoid", &["no"]),
        ("dual.risk", &["some"]),
    ]);
    assert_eq!(first_step(&manageable, "dual-relationship"), "assess");
    assert!(applies(&manageable, "dual-relationship", "limit"));
    assert!(!applies(&manageable, "dual-relationship", "forgo"));
    assert!(!applies(&manageable, "dual-relationship", "refer"));

    let risky = outcome(&[
        NO_DANGER,
        ("triage", &["dual"]),
        ("dual.kind", &["family"]),
        ("dual.avoid", &["no"]),
        ("dual.risk", &["high"]),
    ]);
    assert!(applies(&risky, "dual-relationship", "forgo"));
    assert!(applies(&risky, "dual-relationship", "refer"));
    assert!(!applies(&risky, "dual-relationship", "limit"));

    let partly = outcome(&[
        NO_DANGER,
        ("triage", &["dual"]),
        ("dual.kind", &["social", "roles"]),
        ("dual.avoid", &["partly"]),
        ("dual.risk", &["some"]),
    ]);
    assert_eq!(first_step(&partly, "dual-relationship"), "avoid");
    assert!(
        applies(&partly, "dual-relationship", "limit"),
        "what cannot be declined is kept within limits"
    );
}

#[test]
fn a_small_gift_cites_culture_and_opens_no_ladder() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["dual"]),
        ("dual.kind", &["gift"]),
        ("dual.gift", &["token"]),
        ("dual.policy", &["no"]),
    ]);
    assert!(o.ladders.is_empty());
    assert_eq!(o.primary_numbers(), vec![5]);
    assert!(tensions(&o).contains(&"gift-vs-culture"));
}

#[test]
fn a_valuable_gift_and_an_invitation_under_a_gift_policy_bring_in_the_employer() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["dual"]),
        ("dual.kind", &["gift", "social", "business"]),
        ("dual.gift", &["valuable", "invite"]),
        ("dual.avoid", &["yes"]),
        ("dual.policy", &["yes"]),
    ]);
    assert_eq!(o.ladders.len(), 1);
    assert_eq!(first_step(&o, "dual-relationship"), "avoid");
    assert!(applies(&o, "dual-relationship", "policy"));
    for n in [5, 22] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
    assert!(!o.code_is_clear);
}

// ---------------------------------------------------------------------------
// Colleagues (standards 19, 20, 21).
// ---------------------------------------------------------------------------

#[test]
fn a_colleague_conflict_starts_with_the_colleague_unless_that_was_tried() {
    let fresh = outcome(&[
        NO_DANGER,
        ("triage", &["conflict"]),
        ("conflict.tried", &["not-yet"]),
        ("conflict.about", &["working"]),
    ]);
    assert_eq!(first_step(&fresh, "colleague-conflict"), "talk");
    assert!(fresh.code_is_clear);

    let tried = outcome(&[
        NO_DANGER,
        ("triage", &["conflict"]),
        ("conflict.tried", &["failed"]),
        ("conflict.about", &["care"]),
    ]);
    assert_eq!(first_step(&tried, "colleague-conflict"), "help");
}

#[test]
fn power_over_you_skips_the_private_talk_and_goes_to_a_supervisor() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["conduct"]),
        ("colleague.severity", &["ordinary"]),
        ("colleague.power", &["yes"]),
        ("colleague.talked", &["not-yet"]),
        ("colleague.client-info", &["no"]),
    ]);
    assert!(!applies(&o, "colleague-conduct", "talk"));
    assert_eq!(first_step(&o, "colleague-conduct"), "supervisor");
    assert!(!applies(&o, "colleague-conduct", "outside"));
}

#[test]
fn a_peer_is_talked_to_first_and_flagrant_conduct_goes_beyond_the_agency() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["conduct"]),
        ("colleague.severity", &["egregious"]),
        ("colleague.power", &["no"]),
        ("colleague.talked", &["not-yet"]),
        ("colleague.client-info", &["yes"]),
    ]);
    assert_eq!(first_step(&o, "colleague-conduct"), "talk");
    assert!(applies(&o, "colleague-conduct", "outside"));
    // Client details in a report are a limit on how to report, not what governs.
    assert!(o.standard(21).is_some_and(|s| !s.primary));

    let settled = outcome(&[
        NO_DANGER,
        ("triage", &["conduct"]),
        ("colleague.severity", &["ordinary"]),
        ("colleague.power", &["no"]),
        ("colleague.talked", &["resolved"]),
        ("colleague.client-info", &["no"]),
    ]);
    assert!(!applies(&settled, "colleague-conduct", "talk"));
    assert!(!applies(&settled, "colleague-conduct", "supervisor"));
    assert_eq!(first_step(&settled, "colleague-conduct"), "record");
}

#[test]
fn harassment_by_someone_with_power_over_the_person_skips_the_private_talk() {
    for (severity, power) in [("harass", "no"), ("ordinary", "over-them")] {
        let o = outcome(&[
            NO_DANGER,
            ("triage", &["conduct"]),
            ("colleague.severity", &[severity]),
            ("colleague.power", &[power]),
            ("colleague.talked", &["not-yet"]),
            ("colleague.client-info", &["no"]),
        ]);
        assert!(
            !applies(&o, "colleague-conduct", "talk"),
            "{severity} {power}"
        );
        assert_eq!(first_step(&o, "colleague-conduct"), "supervisor");
    }
}

#[test]
fn unfair_treatment_by_a_colleague_leads_into_the_conduct_questions() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["values"]),
        ("values.what", &["discrimination"]),
        ("values.fix", &["colleague"]),
        ("colleague.severity", &["ordinary"]),
        ("colleague.power", &["no"]),
        ("colleague.talked", &["unresolved"]),
        ("colleague.client-info", &["no"]),
    ]);
    assert_eq!(first_step(&o, "colleague-conduct"), "supervisor");
    for n in [10, 16] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
}

#[test]
fn a_colleague_pressing_their_beliefs_on_a_client_brings_in_standard_7() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["values"]),
        ("values.what", &["imposing"]),
        ("colleague.severity", &["ordinary"]),
        ("colleague.power", &["yes", "over-them"]),
        ("colleague.talked", &["not-yet"]),
        ("colleague.client-info", &["no"]),
    ]);
    for n in [7, 20] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
    assert_eq!(first_step(&o, "colleague-conduct"), "supervisor");
    assert!(applies(&o, "colleague-conduct", "no-conditions"));
    assert!(
        o.ladder("own-values").is_none(),
        "the user's own values are not in question"
    );
}

#[test]
fn the_private_talk_is_offered_or_withheld_alike_in_every_ladder() {
    let walk = |power: &str| {
        outcome(&[
            ("safety", &["maybe"]),
            ("danger.who", &["staff"]),
            ("danger.stop", &["ordered"]),
            ("danger.consulted", &["no"]),
            ("triage", &["conflict", "conduct"]),
            ("conflict.tried", &["not-yet"]),
            ("conflict.about", &["care"]),
            ("colleague.severity", &["ordinary"]),
            ("colleague.power", &[power]),
            ("colleague.talked", &["not-yet"]),
            ("colleague.client-info", &["no"]),
        ])
    };
    let risky = walk("over-them");
    assert!(!applies(&risky, "colleague-conflict", "talk"));
    assert!(!applies(&risky, "colleague-conduct", "talk"));
    assert!(!applies(&risky, "inside-risk", "raise-order"));
    assert_eq!(first_step(&risky, "inside-risk"), "go-around");
    assert_eq!(first_step(&risky, "colleague-conduct"), "supervisor");

    let peers = walk("no");
    assert_eq!(first_step(&peers, "colleague-conflict"), "talk");
    assert_eq!(first_step(&peers, "colleague-conduct"), "talk");
    assert_eq!(first_step(&peers, "inside-risk"), "raise-order");
}

#[test]
fn a_colleague_you_are_in_charge_of_is_yours_to_act_on() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["conduct"]),
        ("colleague.severity", &["ordinary"]),
        ("colleague.power", &["in-charge"]),
        ("colleague.talked", &["not-yet"]),
        ("colleague.client-info", &["no"]),
    ]);
    assert_eq!(first_step(&o, "colleague-conduct"), "act");
    assert!(!applies(&o, "colleague-conduct", "talk"));
    assert!(!applies(&o, "colleague-conduct", "supervisor"));
}

#[test]
fn clients_stories_told_in_public_are_taken_down_and_not_confirmed() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["privacy", "tech", "conduct"]),
        ("privacy.what", &["public"]),
        ("tech.what", &["social"]),
        ("tech.social", &["others-post"]),
        ("colleague.severity", &["ordinary"]),
        ("colleague.power", &["in-charge"]),
        ("colleague.talked", &["not-yet"]),
        ("colleague.client-info", &["yes"]),
    ]);
    assert_eq!(first_step(&o, "disclosure"), "take-down");
    assert_eq!(first_step(&o, "colleague-conduct"), "act");
    assert!(applies(&o, "disclosure", "no-confirm"));
    assert!(
        o.ladder("social-media").is_none(),
        "the user's own posts are not in question"
    );
    for n in [3, 20, 33] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
}

#[test]
fn a_relative_as_interpreter_calls_for_a_professional_one() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["interpreter"]),
    ]);
    assert_eq!(first_step(&o, "interpreting"), "professional");
    assert!(o.standard(3).is_some_and(|s| s.primary));
    assert!(o.standard(10).is_some());
}

#[test]
fn a_senior_colleague_who_can_be_spoken_to_frankly_is_talked_to_first() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["conduct"]),
        ("colleague.severity", &["rights"]),
        ("colleague.power", &["lead"]),
        ("colleague.talked", &["not-yet"]),
        ("colleague.client-info", &["no"]),
    ]);
    assert_eq!(first_step(&o, "colleague-conduct"), "talk");
}

// ---------------------------------------------------------------------------
// Employer, law, values (standards 7, 12, 16, 22, 24, 34).
// ---------------------------------------------------------------------------

#[test]
fn an_employer_clash_is_raised_first_and_weighs_loyalty_against_the_client() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["employer"]),
        ("employer.what", &["policy"]),
        ("employer.commitment", &["no"]),
        ("employer.raised", &["no"]),
    ]);
    assert_eq!(first_step(&o, "employer-client"), "clarify");
    assert!(tensions(&o).contains(&"employer-vs-client"));

    let raised = outcome(&[
        NO_DANGER,
        ("triage", &["employer"]),
        ("employer.what", &["policy"]),
        ("employer.commitment", &["maybe"]),
        ("employer.raised", &["supervisor"]),
    ]);
    assert_eq!(first_step(&raised, "employer-client"), "everyone");
    assert!(applies(&raised, "employer-client", "consult"));
}

#[test]
fn several_employer_problems_are_walked_and_a_brushed_off_concern_is_open_conflict() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["employer"]),
        ("employer.what", &["policy", "conditions"]),
        ("employer.commitment", &["maybe"]),
        ("employer.raised", &["supervisor"]),
    ]);
    for n in [23, 24] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
}

#[test]
fn dishonesty_is_not_a_commitment_to_weigh() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["employer"]),
        ("employer.what", &["dishonest"]),
        ("employer.raised", &["higher"]),
    ]);
    assert!(!tensions(&o).contains(&"employer-vs-client"));
    assert!(applies(&o, "employer-client", "no-part"));
    assert!(applies(&o, "employer-client", "outside"));
}

#[test]
fn a_law_against_clients_rights_shows_the_law_and_ethics_tension() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["law"]),
        ("law.what", &["conflict"]),
        ("law.harm", &["yes"]),
    ]);
    assert_eq!(first_step(&o, "law-ethics"), "urgent");
    assert!(tensions(&o).contains(&"law-vs-ethics"));

    let unsure = outcome(&[NO_DANGER, ("triage", &["law"]), ("law.what", &["unsure"])]);
    assert_eq!(first_step(&unsure, "law-ethics"), "find-out");
    assert!(!applies(&unsure, "law-ethics", "advocate"));
}

#[test]
fn a_values_clash_weighs_your_values_against_the_clients_choice() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["values"]),
        ("values.what", &["my-values"]),
        ("values.effect", &["yes"]),
    ]);
    assert!(tensions(&o).contains(&"own-values-vs-client"));
    assert!(o.standard(34).is_some_and(|s| s.primary));
    assert!(applies(&o, "own-values", "repair"));
    assert!(!applies(&o, "own-values", "refer-last"));
}

#[test]
fn several_fixes_each_keep_their_steps() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["values"]),
        ("values.what", &["access"]),
        ("values.fix", &["agency", "system"]),
    ]);
    assert!(applies(&o, "advocacy", "raise"));
    assert!(applies(&o, "advocacy", "together"));

    let mine = outcome(&[
        NO_DANGER,
        ("triage", &["values"]),
        ("values.what", &["access"]),
        ("values.fix", &["me"]),
    ]);
    assert!(!applies(&mine, "advocacy", "raise"));
}

#[test]
fn pressure_to_overstate_results_starts_with_an_accurate_version() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["research"]),
        ("research.what", &["claims"]),
        ("research.evidence", &["pressure", "omit"]),
    ]);
    assert_eq!(first_step(&o, "honest-claims"), "accurate");
    assert!(applies(&o, "honest-claims", "raise"));
    for n in [17, 23, 32] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }

    let sound = outcome(&[
        NO_DANGER,
        ("triage", &["research"]),
        ("research.what", &["claims"]),
        ("research.evidence", &["data"]),
    ]);
    assert_eq!(first_step(&sound, "honest-claims"), "check");
    assert!(sound.code_is_clear);
}

#[test]
fn a_target_that_pushes_out_hard_cases_makes_23_govern() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["employer"]),
        ("employer.what", &["metric"]),
        ("employer.commitment", &["no"]),
        ("employer.raised", &["no"]),
    ]);
    assert!(o.standard(23).is_some_and(|s| s.primary));
    assert!(applies(&o, "employer-client", "measure"));
    assert_eq!(first_step(&o, "employer-client"), "clarify");
}

#[test]
fn a_familys_beliefs_against_a_professionals_advice_bring_in_7_and_11() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["values", "conflict"]),
        ("values.what", &["family-beliefs"]),
        ("conflict.tried", &["not-yet"]),
        ("conflict.about", &["care"]),
    ]);
    for n in [7, 11, 19] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
    assert!(
        o.standard(20).is_none(),
        "an honest disagreement is not misconduct"
    );
    assert_eq!(first_step(&o, "colleague-conflict"), "talk");
    assert_eq!(first_step(&o, "client-beliefs"), "understand");
    assert!(o.ladder("own-values").is_none());
}

#[test]
fn a_community_agreement_holds_results_until_its_review_is_done() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["research"]),
        ("research.what", &["study"]),
        ("research.review", &["yes"]),
        ("research.now", &["reporting", "agreement", "rushed"]),
    ]);
    for n in [11, 32] {
        assert!(o.standard(n).is_some_and(|s| s.primary), "{n}");
    }
    assert!(o.standard(20).is_some());
    assert_eq!(first_step(&o, "research"), "agreed-review");
    assert!(
        !applies(&o, "research", "consent"),
        "recruiting people does not fit a study at the publishing stage"
    );
}

// ---------------------------------------------------------------------------
// Profession and self (standards 26, 27, 35).
// ---------------------------------------------------------------------------

#[test]
fn a_misstated_qualification_is_corrected_at_once() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["competence"]),
        ("competence.what", &["misstated"]),
        ("competence.source", &["me"]),
    ]);
    assert_eq!(first_step(&o, "qualifications"), "correct-now");
    assert!(!applies(&o, "qualifications", "fix-source"));
    assert!(o.code_is_clear);

    let both = outcome(&[
        NO_DANGER,
        ("triage", &["competence"]),
        ("competence.what", &["misstated"]),
        ("competence.source", &["me", "others"]),
    ]);
    assert_eq!(first_step(&both, "qualifications"), "correct-now");
    assert!(applies(&both, "qualifications", "fix-source"));
}

#[test]
fn everyday_practice_can_be_left_with_none_of_these() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["practice"]),
        ("practice.what", &["none"]),
    ]);
    assert!(o.ladders.is_empty());
}

#[test]
fn no_one_to_refer_to_does_not_stretch_competence() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["competence"]),
        ("competence.what", &["beyond"]),
        ("competence.options", &["none"]),
    ]);
    assert!(applies(&o, "scope", "bridge"));
    assert!(!applies(&o, "scope", "refer"));
    assert!(tensions(&o).contains(&"competence-vs-unmet-need"));
}

#[test]
fn a_student_asked_beyond_their_role_tells_both_supervisors_first() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["competence"]),
        ("competence.what", &["student"]),
    ]);
    assert_eq!(first_step(&o, "student-role"), "tell-both");
    assert_eq!(o.primary_numbers(), vec![26]);
}

#[test]
fn impairment_that_affects_clients_refers_them_on_first() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["self"]),
        ("self.what", &["health"]),
        ("self.impact", &["yes"]),
        ("self.support", &["no"]),
    ]);
    assert_eq!(first_step(&o, "self-care"), "refer-clients");
    assert!(applies(&o, "self-care", "get-help"));

    let early = outcome(&[
        NO_DANGER,
        ("triage", &["self"]),
        ("self.what", &["stress"]),
        ("self.impact", &["no"]),
        ("self.support", &["yes"]),
    ]);
    assert!(!applies(&early, "self-care", "refer-clients"));
    assert!(!applies(&early, "self-care", "get-help"));
}

// ---------------------------------------------------------------------------
// Students (standards 41, 42).
// ---------------------------------------------------------------------------

#[test]
fn a_student_at_risk_is_investigated_and_safeguarded() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["teaching"]),
        ("teaching.what", &["placement"]),
        ("teaching.placement", &["harm"]),
    ]);
    assert_eq!(first_step(&o, "placement"), "investigate");
    assert!(applies(&o, "placement", "safeguard"));

    let weak = outcome(&[
        NO_DANGER,
        ("triage", &["teaching"]),
        ("teaching.what", &["placement"]),
        ("teaching.placement", &["quality"]),
    ]);
    assert_eq!(first_step(&weak, "placement"), "quality");
    assert!(!applies(&weak, "placement", "safeguard"));

    let harassed = outcome(&[
        NO_DANGER,
        ("triage", &["teaching"]),
        ("teaching.what", &["placement"]),
        ("teaching.placement", &["harassed", "quality"]),
    ]);
    assert_eq!(first_step(&harassed, "placement"), "investigate");
    for step in ["safeguard", "no-gag", "quality"] {
        assert!(applies(&harassed, "placement", step), "{step}");
    }
    assert!(harassed.standard(43).is_some_and(|s| s.primary));
}

#[test]
fn students_power_is_named_beyond_the_educators_own_ties() {
    let research = outcome(&[
        NO_DANGER,
        ("triage", &["research"]),
        ("research.what", &["students"]),
        ("research.review", &["no"]),
        ("research.now", &["none"]),
    ]);
    assert!(research.standard(43).is_some_and(|s| s.primary));
    assert_eq!(first_step(&research, "research"), "approval");

    let colleague = outcome(&[
        NO_DANGER,
        ("triage", &["teaching"]),
        ("teaching.what", &["others-power"]),
        ("colleague.severity", &["egregious"]),
        ("colleague.power", &["yes"]),
        ("colleague.talked", &["not-yet"]),
        ("colleague.client-info", &["no"]),
    ]);
    for n in [20, 43] {
        assert!(colleague.standard(n).is_some_and(|s| s.primary), "{n}");
    }
    assert_eq!(first_step(&colleague, "colleague-conduct"), "supervisor");
}

#[test]
fn self_disclosure_needs_notice_an_opt_out_and_a_debrief() {
    let none = outcome(&[
        NO_DANGER,
        ("triage", &["teaching"]),
        ("teaching.what", &["disclosure"]),
        ("teaching.disclosure", &["none"]),
    ]);
    assert_eq!(first_step(&none, "self-disclosure"), "notice");
    for step in ["opt-out", "debrief"] {
        assert!(applies(&none, "self-disclosure", step));
    }

    let partly = outcome(&[
        NO_DANGER,
        ("triage", &["teaching"]),
        ("teaching.what", &["disclosure"]),
        ("teaching.disclosure", &["notice", "opt-out"]),
    ]);
    assert_eq!(first_step(&partly, "self-disclosure"), "debrief");
}

#[test]
fn a_student_asking_for_secrecy_hears_first_what_cannot_stay_secret() {
    let o = outcome(&[
        NO_DANGER,
        ("triage", &["teaching"]),
        ("teaching.what", &["placement"]),
        ("teaching.placement", &["harm", "secret"]),
    ]);
    assert_eq!(first_step(&o, "placement"), "tell-student");
    for step in ["safeguard", "no-gag"] {
        assert!(applies(&o, "placement", step), "{step}");
    }
}

// ---------------------------------------------------------------------------
// The training scenarios shipped with the rules.
// ---------------------------------------------------------------------------

#[test]
fn the_scenarios_cover_every_domain_and_check_clean() {
    let set = rules();
    let code = Catalogue::embedded();
    let (loaded, errors) = training::embedded();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(loaded.len() >= 25, "only {} scenarios", loaded.len());

    let mut domains = BTreeSet::new();
    let mut clear = 0;
    let mut compound = 0;
    for item in &loaded {
        let problems = training::check(item, &set, &code);
        assert!(problems.is_empty(), "{}: {problems:?}", item.source.name);
        domains.extend(item.scenario.domains.iter().copied());

        let walk = Walk::replay(&set.rules, &item.scenario.answers).unwrap();
        if Outcome::of(&walk, &code).code_is_clear {
            clear += 1;
        }
        let topics: BTreeSet<&str> = walk
            .answer_topics()
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if topics.len() >= 2 {
            compound += 1;
        }
    }
    let missing: Vec<Domain> = Domain::ALL
        .into_iter()
        .filter(|d| !domains.contains(d))
        .collect();
    assert!(missing.is_empty(), "no scenario for {missing:?}");
    assert!(clear >= 2, "only {clear} scenarios where the code is clear");
    assert!(compound >= 5, "only {compound} compound scenarios");
}

#[test]
fn a_risk_of_serious_harm_lets_you_share_whatever_the_release_says() {
    // A signed release covers routine sharing, but a threat with a date makes
    // harm prevention a reason to share in its own right, and it comes first.
    let o = outcome(&[
        ("safety", &["now"]),
        ("danger.who", &["others"]),
        ("danger.confidence", &["yes"]),
        ("danger.limits", &["yes"]),
        ("danger.consulted", &["no"]),
        ("triage", &["privacy"]),
        ("privacy.what", &["share"]),
        ("privacy.consent", &["written"]),
    ]);
    assert!(applies(&o, "share-records", "harm"));
    assert_eq!(first_step(&o, "share-records"), "harm");
    let calm = outcome(&[
        NO_DANGER,
        ("triage", &["privacy"]),
        ("privacy.what", &["share"]),
        ("privacy.consent", &["written"]),
    ]);
    assert!(!applies(&calm, "share-records", "harm"));
}
