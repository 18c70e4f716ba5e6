//! Reading a scenario file, with messages written for someone writing their
//! first one: a missing field is named and shown, a misspelt one is guessed.

use super::Scenario;
use crate::printable::clean;
use crate::source::{Diagnostic, Place, Source, did_you_mean, ron_options};

pub(super) fn scenario(source: &Source) -> Result<Scenario, Diagnostic> {
    let err = match ron_options().from_str::<Scenario>(&source.text) {
        Ok(mut scenario) => {
            // An instructor's file is shown to students: nothing in it
            // reaches their terminal as an escape sequence.
            for text in [
                &mut scenario.title,
                &mut scenario.vignette,
                &mut scenario.debrief,
            ] {
                clean(text);
            }
            return Ok(scenario);
        }
        Err(err) => err,
    };
    let place = Place {
        file: source.name.clone(),
        line: err.span.start.line.max(1),
        col: err.span.start.col.max(1),
    };
    match &err.code {
        ron::Error::MissingStructField { field, outer } => {
            let what = match outer.as_deref() {
                Some("Answer") => "a key answer",
                _ => "the scenario",
            };
            let mut message = format!("{what} has no `{field}` field");
            let (meaning, example) = field_help(field);
            if !meaning.is_empty() {
                message.push_str(": ");
                message.push_str(meaning);
            }
            Err(Diagnostic::error(place, message).with_hint(Some(format!(
                "add it, for example:  {example}  (README, \"Training and grading\", has a complete scenario)"
            ))))
        }
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => {
            let hint = did_you_mean(found, expected.iter().copied())
                .unwrap_or_else(|| format!("the fields are: {}", expected.join(", ")));
            Err(
                Diagnostic::error(place, format!("there is no field `{found}` here"))
                    .with_hint(Some(hint)),
            )
        }
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let what = match outer.as_deref() {
                Some("Domain") => "domain",
                Some("Difficulty") => "difficulty",
                _ => "value",
            };
            let hint = did_you_mean(found, expected.iter().copied())
                .unwrap_or_else(|| format!("use one of: {}", expected.join(", ")));
            Err(Diagnostic::error(place, format!("unknown {what} `{found}`")).with_hint(Some(hint)))
        }
        // Everything else reads well as the shared RON message; a few get a
        // hint for someone new to RON.
        other => {
            let hint = match other {
                ron::Error::ExpectedComma => Some(
                    "the item before this point probably needs a comma at its end; \
                     inside a text, a double quote is written \\\"",
                ),
                ron::Error::ExpectedString => {
                    Some("text and ids are written in double quotes, e.g. \"colleague-conduct\"")
                }
                ron::Error::ExpectedInteger => {
                    Some("standards are plain numbers, without quotes, e.g. must_cite: [20, 21]")
                }
                _ => None,
            };
            let shared = source
                .parse::<Scenario>()
                .err()
                .unwrap_or_else(|| Diagnostic::error(place, err.code.to_string()));
            Err(shared.with_hint(hint.map(str::to_string)))
        }
    }
}

/// What a required field holds, and a line an author can copy.
fn field_help(field: &str) -> (&'static str, &'static str) {
    match field {
        "id" => (
            "the short name `dilemma train ID` takes",
            r#"id: "colleague-billing","#,
        ),
        "title" => ("a one-line title", r#"title: "A colleague's billing","#),
        "domains" => (
            "the groups of standards the case is about",
            "domains: [Colleagues, Clients],",
        ),
        "vignette" => (
            "the situation the trainee reads",
            r#"vignette: "A coworker tells you ...","#,
        ),
        "answers" => (
            "the key: the answers an expert panel would give, in walk order",
            r#"answers: [(question: "safety", choices: ["no"]), (question: "triage", choices: ["conduct"])],"#,
        ),
        "must_cite" => (
            "the standards a sound walk must bring in",
            "must_cite: [20, 21],",
        ),
        "debrief" => (
            "what the standards say about this case, shown after the score",
            r#"debrief: "Standard 20 asks you to ...","#,
        ),
        "question" => (
            "the question id",
            r#"(question: "safety", choices: ["no"])"#,
        ),
        "choices" => (
            "the chosen choice ids, in a list",
            r#"(question: "safety", choices: ["no"])"#,
        ),
        _ => ("", ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"(
    id: "x",
    title: "T",
    domains: [Colleagues],
    vignette: "V",
    answers: [(question: "safety", choices: ["no"])],
    must_cite: [20],
    debrief: "D",
)"#;

    fn problem(text: &str) -> Diagnostic {
        scenario(&Source::new("s.ron", text)).expect_err("the scenario has a mistake")
    }

    #[test]
    fn the_good_scenario_parses() {
        let s = scenario(&Source::new("s.ron", GOOD)).unwrap();
        assert_eq!((s.id.as_str(), s.must_cite.as_slice()), ("x", &[20][..]));
    }

    #[test]
    fn a_misspelt_field_in_a_key_answer_is_guessed() {
        let d = problem(&GOOD.replace("choices: [\"no\"]", "choice: [\"no\"]"));
        assert_eq!(
            d.to_string().lines().next().unwrap(),
            "s.ron:6:36: error: there is no field `choice` here"
        );
        assert_eq!(d.hint.as_deref(), Some("did you mean \"choices\"?"));
    }

    #[test]
    fn a_missing_field_is_named_with_a_line_to_copy() {
        let d = problem(&GOOD.replace("    vignette: \"V\",\n", ""));
        assert!(
            d.message.contains("the scenario has no `vignette` field"),
            "{d}"
        );
        assert!(d.hint.as_deref().unwrap_or("").contains("vignette: \""));
    }

    #[test]
    fn quoted_standards_and_stray_quotes_get_a_hint() {
        let d = problem(&GOOD.replace("[20]", "[\"20\"]"));
        assert_eq!(d.place.line, 7, "{d}");
        assert!(
            d.hint.as_deref().unwrap_or("").contains("without quotes"),
            "{d}"
        );
        let d = problem(&GOOD.replace("\"V\"", "\"a \"quoted\" word\""));
        assert_eq!(d.place.line, 5, "{d}");
        assert!(
            d.hint
                .as_deref()
                .unwrap_or("")
                .contains("a double quote is written \\\""),
            "{d}"
        );
    }
}
