use super::words::{WORDS, WORDS_NAME, WordFile, words};
use super::*;
use crate::source::Source;

fn kinds(text: &str) -> Vec<(FindingKind, String)> {
    scan(text).into_iter().map(|f| (f.kind, f.text)).collect()
}

#[test]
fn the_word_lists_parse() {
    let file: Result<WordFile, _> = Source::new(WORDS_NAME, WORDS).parse();
    assert!(file.is_ok(), "{}", file.err().unwrap());
    assert!(words().not_names.contains("tuesday"));
    assert!(words().titles.contains("ms"));
}

/// Text that holds identifying details, and the detail to find.
const POSITIVE: &[(&str, FindingKind, &str)] = &[
    (
        "Call her at (555) 123-4567 tonight.",
        FindingKind::Phone,
        "(555) 123-4567",
    ),
    (
        "His cell is 555-123-4567.",
        FindingKind::Phone,
        "555-123-4567",
    ),
    (
        "Reach me on +1 555 123 4567",
        FindingKind::Phone,
        "+1 555 123 4567",
    ),
    ("Number: 555.123.4567", FindingKind::Phone, "555.123.4567"),
    (
        "the London office, +44 20 7946 0958.",
        FindingKind::Phone,
        "+44 20 7946 0958",
    ),
    (
        "She called 1-800-555-0199 twice",
        FindingKind::Phone,
        "1-800-555-0199",
    ),
    (
        "a landline, 555 123 4567, at home",
        FindingKind::Phone,
        "555 123 4567",
    ),
    ("desk line 555-1234", FindingKind::Phone, "555-1234"),
    (
        "wrote to maria.lopez@example.org about it",
        FindingKind::Email,
        "maria.lopez@example.org",
    ),
    (
        "cc j_smith+notes@mail.co.uk.",
        FindingKind::Email,
        "j_smith+notes@mail.co.uk",
    ),
    (
        "DOB 3/4/1987, lives alone",
        FindingKind::BirthDate,
        "3/4/1987",
    ),
    (
        "born 1987-03-04 in the county",
        FindingKind::BirthDate,
        "1987-03-04",
    ),
    (
        "seen on 03/04/1987 at intake",
        FindingKind::BirthDate,
        "03/04/1987",
    ),
    ("DOB: 3/4/87", FindingKind::BirthDate, "3/4/87"),
    (
        "born March 4, 1987",
        FindingKind::BirthDate,
        "March 4, 1987",
    ),
    (
        "date of birth 4th of June 1990",
        FindingKind::BirthDate,
        "4th of June 1990",
    ),
    (
        "the date 25.12.1999 came up",
        FindingKind::BirthDate,
        "25.12.1999",
    ),
    (
        "SSN 123-45-6789 on the form",
        FindingKind::IdNumber,
        "123-45-6789",
    ),
    ("case number 004512398", FindingKind::IdNumber, "004512398"),
    (
        "client ID A12345678 in the file",
        FindingKind::IdNumber,
        "A12345678",
    ),
    (
        "Medicaid 12-3456-7890",
        FindingKind::IdNumber,
        "12-3456-7890",
    ),
    (
        "card 4111 1111 1111 1111 expires",
        FindingKind::IdNumber,
        "4111 1111 1111 1111",
    ),
    (
        "I met with Maria Lopez yesterday.",
        FindingKind::FullName,
        "Maria Lopez",
    ),
    (
        "Ms. Rivera said she would wait",
        FindingKind::FullName,
        "Ms. Rivera",
    ),
    ("then Mr Smith came in", FindingKind::FullName, "Mr Smith"),
    (
        "the father, John Paul Jones, called",
        FindingKind::FullName,
        "John Paul Jones",
    ),
    (
        "she told Kevin O'Brien first",
        FindingKind::FullName,
        "Kevin O'Brien",
    ),
    (
        "referred by Dr. Ana García-Ruiz",
        FindingKind::FullName,
        "Dr. Ana García-Ruiz",
    ),
    (
        "On Tuesday Maria Lopez's son",
        FindingKind::FullName,
        "Maria Lopez",
    ),
];

/// Text a practitioner might well write that holds nothing identifying.
const NEGATIVE: &[&str] = &[
    "The client called on Monday about the rent.",
    "We met at the Department of Human Services.",
    "She has 3 children aged 4, 7 and 12.",
    "Rent went up by $1,200 in 2023, and $1500000 is the grant.",
    "Standard 20 says to talk to the colleague first.",
    "Call 911 right away if it happens again.",
    "I saw her in New York last week.",
    "Adult Protective Services opened a case.",
    "I told my supervisor on Tuesday.",
    "Scores went from 12 to 45 between 2019 and 2021.",
    "Sessions run 45-60 minutes, 2019-2020 was worse.",
    "Version 3.2.1 of the app, room 1204, about 15% of clients.",
    "She uses Google Meet and WhatsApp with her sister.",
    "We follow the NOHS Ethical Standards (2024).",
    "The hearing is at Los Angeles County Court.",
    "Email me later, we meet @ noon.",
    "He was born in 1987 and moved here as a teen.",
    "Maria said the plan was fine.",
    "Christmas Eve was hard for the family.",
    "Talked with my Clinical Supervisor and Program Director.",
    "The next review is in 3 months; the score was 3.1415926.",
    "Dear Supervisor, here is my summary.",
    "The session moved to Zoom on March 4.",
    "Paid $2,500 on 4/5, and 10:30 is the time.",
    "He goes to Alcoholics Anonymous and the Employee Assistance Program.",
    "Mental Health First Aid training with the Human Resources team.",
];

#[test]
fn finds_every_identifying_detail_in_the_positive_samples() {
    for (text, kind, expected) in POSITIVE {
        let found = kinds(text);
        assert!(
            found.contains(&(*kind, expected.to_string())),
            "in {text:?} expected {kind:?} {expected:?}, found {found:?}"
        );
    }
    assert!(POSITIVE.len() >= 15);
}

#[test]
fn stays_quiet_on_the_negative_samples() {
    for text in NEGATIVE {
        assert_eq!(kinds(text), Vec::new(), "false alarm in {text:?}");
    }
    assert!(NEGATIVE.len() >= 15);
}

#[test]
fn a_name_at_the_start_of_a_sentence_is_not_taken_for_granted_but_its_tail_is() {
    // "Yesterday" starts the sentence; the name after it is still found.
    assert_eq!(
        kinds("Yesterday Maria Lopez came in."),
        vec![(FindingKind::FullName, "Maria Lopez".to_string())]
    );
    // Two Capitalised words opening a sentence: the first may just be a
    // capitalised ordinary word, so a lone surname is not flagged.
    assert_eq!(kinds("Grace Hospital called."), Vec::new());
}

#[test]
fn findings_point_at_their_bytes_and_do_not_overlap() {
    let text = "Write to ana.ruiz@example.org or call (555) 123-4567 — née 1990-01-02.";
    let found = scan(text);
    for f in &found {
        assert_eq!(&text[f.start..f.end], f.text);
    }
    for pair in found.windows(2) {
        assert!(pair[0].end <= pair[1].start);
    }
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn redaction_replaces_each_finding_with_a_marker() {
    assert_eq!(
        redact("Ms. Rivera (DOB 3/4/1987) at 555-123-4567 or r@x.org"),
        "[removed: name] (DOB [removed: date]) at [removed: phone number] or [removed: e-mail address]"
    );
    assert_eq!(redact("nothing to hide here"), "nothing to hide here");
}

#[test]
fn survives_awkward_text() {
    for text in [
        "",
        "@",
        "a@",
        "@b.c",
        "+",
        "(",
        "(12",
        "((555)",
        "é@é.éé",
        "1-",
        "Mr",
        "Mr.",
    ] {
        let _ = scan(text);
        let _ = redact(text);
    }
}
