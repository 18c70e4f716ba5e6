//! Reading rule files: the main rules, then any agency overlays on top.

use std::sync::OnceLock;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::model::{
    Basis, Crisis, Invariant, Ladder, LadderStep, OrderedMap, Question, Rules, SharedStep, Tension,
    Urgency,
};
use crate::source::{Diagnostic, Place, Source};
use crate::spans::{Node, Step};

/// The rules shipped inside the binary.
pub const EMBEDDED: &str = include_str!("../../assets/rules.ron");
pub const EMBEDDED_NAME: &str = "assets/rules.ron";

/// A file that took part in the rules, kept so messages can point into it.
#[derive(Debug, Clone)]
pub struct Origin {
    pub source: Source,
    /// Read only when a message needs a place: valid rules never pay for it.
    tree: OnceLock<Option<Node>>,
}

impl Origin {
    fn new(source: Source) -> Self {
        Origin {
            source,
            tree: OnceLock::new(),
        }
    }

    /// The place in this file that `path` leads to, or as near as it gets.
    pub fn place(&self, path: &[Step<'_>]) -> Place {
        match self.tree() {
            Some(tree) => self.source.place_at(tree.locate(&self.source.text, path)),
            None => Place::file(&self.source.name),
        }
    }

    pub fn tree(&self) -> Option<&Node> {
        self.tree
            .get_or_init(|| Node::parse(&self.source.text))
            .as_ref()
    }
}

/// Rules ready to walk, with the files they came from and a fingerprint that
/// changes whenever any of their text does.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Rules,
    /// Index 0 is the main rules file; overlays follow in the order given.
    pub origins: Vec<Origin>,
    /// Worked out at the first `hash`: `check` never needs it, and on a
    /// rules file of megabytes it is a pass over every byte.
    hash: OnceLock<String>,
}

/// An agency's additions: new or replaced questions and ladders, extra
/// tensions, extra steps slotted into existing ladders, its own crisis text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overlay {
    #[serde(default)]
    crisis: Option<Crisis>,
    #[serde(default)]
    questions: OrderedMap<Question>,
    #[serde(default)]
    ladders: OrderedMap<Ladder>,
    #[serde(default)]
    tensions: Vec<Tension>,
    #[serde(default)]
    shared_steps: OrderedMap<SharedStep>,
    #[serde(default)]
    wordings: OrderedMap<String>,
    #[serde(default)]
    steps: OrderedMap<Vec<OverlayStep>>,
    #[serde(default)]
    invariants: Vec<Invariant>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayStep {
    /// The step this one follows; without it the step goes last.
    #[serde(default)]
    after: Option<String>,
    id: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    urgency: Option<Urgency>,
    #[serde(default)]
    shown_as: Option<Urgency>,
    #[serde(default)]
    basis: Option<Basis>,
    #[serde(default)]
    same: Option<String>,
    /// Jumps the rest of its urgency class, as a ladder's own step may.
    #[serde(default)]
    now: bool,
    #[serde(default)]
    when: Option<super::model::Cond>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    variants: Vec<super::model::Variant>,
}

impl RuleSet {
    /// The embedded rules with no overlay.
    pub fn embedded() -> Result<RuleSet, Vec<Diagnostic>> {
        RuleSet::parse(Source::new(EMBEDDED_NAME, EMBEDDED), Vec::new())
    }

    /// Parses the rules and applies overlays in order. Only problems that stop
    /// the files being read at all are reported here; `check` finds the rest.
    pub fn parse(rules: Source, overlays: Vec<Source>) -> Result<RuleSet, Vec<Diagnostic>> {
        let mut parsed: Rules = rules.parse().map_err(|d| vec![d])?;
        let mut origins = vec![Origin::new(rules)];
        let mut errors = Vec::new();
        for overlay_source in overlays {
            let overlay: Overlay = match overlay_source.parse() {
                Ok(overlay) => overlay,
                Err(diagnostic) => {
                    errors.push(diagnostic);
                    continue;
                }
            };
            origins.push(Origin::new(overlay_source));
            let origin = origins.len() - 1;
            errors.extend(apply_overlay(
                &mut parsed,
                overlay,
                origin,
                &origins[origin],
            ));
        }
        errors.extend(resolve_wordings(&mut parsed, &origins));
        errors.extend(resolve_shared_steps(&mut parsed, &origins));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(RuleSet {
            rules: parsed,
            origins,
            hash: OnceLock::new(),
        })
    }

    /// A fingerprint of the text of the rules and every overlay.
    pub fn hash(&self) -> &str {
        self.hash.get_or_init(|| {
            let mut hasher = Sha256::new();
            for origin in &self.origins {
                hasher.update(origin.source.text.as_bytes());
            }
            hasher
                .finalize()
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect()
        })
    }

    pub fn origin(&self, index: usize) -> &Origin {
        &self.origins[index.min(self.origins.len() - 1)]
    }
}

fn apply_overlay(
    rules: &mut Rules,
    overlay: Overlay,
    origin: usize,
    file: &Origin,
) -> Vec<Diagnostic> {
    if let Some(mut crisis) = overlay.crisis {
        crisis.origin = origin;
        rules.crisis = Some(crisis);
    }
    for (id, mut question) in overlay.questions.iter().map(|(k, v)| (k, v.clone())) {
        question.origin = origin;
        rules.questions.insert(id.to_string(), question);
    }
    for (id, mut ladder) in overlay.ladders.iter().map(|(k, v)| (k, v.clone())) {
        ladder.origin = origin;
        rules.ladders.insert(id.to_string(), ladder);
    }
    for mut tension in overlay.tensions {
        tension.origin = origin;
        rules.tensions.push(tension);
    }
    for (id, mut shared) in overlay.shared_steps.iter().map(|(k, v)| (k, v.clone())) {
        shared.origin = origin;
        rules.shared_steps.insert(id.to_string(), shared);
    }
    for (id, wording) in overlay.wordings.iter() {
        rules.wordings.insert(id.to_string(), wording.clone());
    }
    for mut invariant in overlay.invariants {
        invariant.origin = origin;
        rules.invariants.push(invariant);
    }
    let mut errors = Vec::new();
    for (ladder_id, steps) in overlay.steps.iter() {
        let Some(ladder) = rules.ladders.get_mut(ladder_id) else {
            let known = rules.ladders.keys();
            errors.push(
                Diagnostic::error(
                    file.place(&[Step::Field("steps"), Step::Key(ladder_id)]),
                    format!("there is no ladder \"{ladder_id}\" to add steps to"),
                )
                .with_hint(crate::source::did_you_mean(ladder_id, known)),
            );
            continue;
        };
        for extra in steps {
            let position = match &extra.after {
                None => ladder.steps.len(),
                Some(after) => match ladder.steps.iter().position(|s| &s.id == after) {
                    Some(i) => i + 1,
                    None => {
                        errors.push(
                            Diagnostic::error(
                                file.place(&[
                                    Step::Field("steps"),
                                    Step::Key(ladder_id),
                                    Step::Id(&extra.id),
                                    Step::Field("after"),
                                ]),
                                format!("ladder \"{ladder_id}\" has no step \"{after}\""),
                            )
                            .with_hint(crate::source::did_you_mean(
                                after,
                                ladder.steps.iter().map(|s| s.id.as_str()),
                            )),
                        );
                        continue;
                    }
                },
            };
            let step = LadderStep {
                id: extra.id.clone(),
                text: extra.text.clone(),
                urgency: extra.urgency,
                shown_as: extra.shown_as,
                basis: extra.basis,
                now: extra.now,
                same: extra.same.clone(),
                when: extra.when.clone(),
                note: extra.note.clone(),
                variants: extra.variants.clone(),
                origin: Some(origin),
            };
            ladder.steps.insert(position, step);
        }
    }
    errors
}

/// Gives every variant that names a shared wording its text. Shared steps'
/// variants come first, so the steps that are them copy the resolved text.
fn resolve_wordings(rules: &mut Rules, origins: &[Origin]) -> Vec<Diagnostic> {
    let wordings = std::mem::take(&mut rules.wordings);
    let mut errors = Vec::new();
    for (name, shared) in rules.shared_steps.iter_mut() {
        let file = &origins[shared.origin.min(origins.len() - 1)];
        for (i, variant) in shared.variants.iter_mut().enumerate() {
            let path = [
                Step::Field("shared_steps"),
                Step::Key(name),
                Step::Field("variants"),
                Step::Nth(i),
                Step::Field("same"),
            ];
            if let Some(error) = give_wording(variant, &wordings, || file.place(&path)) {
                errors.push(error);
            }
        }
    }
    for (ladder_id, ladder) in rules.ladders.iter_mut() {
        for step in &mut ladder.steps {
            let file = &origins[step.origin.unwrap_or(ladder.origin).min(origins.len() - 1)];
            for (i, variant) in step.variants.iter_mut().enumerate() {
                let path = match step.origin {
                    Some(_) => vec![Step::Field("steps"), Step::Key(ladder_id)],
                    None => vec![
                        Step::Field("ladders"),
                        Step::Key(ladder_id),
                        Step::Field("steps"),
                    ],
                };
                let path = [
                    path,
                    vec![
                        Step::Id(&step.id),
                        Step::Field("variants"),
                        Step::Nth(i),
                        Step::Field("same"),
                    ],
                ]
                .concat();
                if let Some(error) = give_wording(variant, &wordings, || file.place(&path)) {
                    errors.push(error);
                }
            }
        }
    }
    rules.wordings = wordings;
    errors
}

/// Puts the named wording into the variant, or says why it cannot.
fn give_wording(
    variant: &mut super::model::Variant,
    wordings: &OrderedMap<String>,
    place: impl FnOnce() -> Place,
) -> Option<Diagnostic> {
    let Some(name) = variant.same.as_deref() else {
        return variant.as_lead.then(|| {
            Diagnostic::error(
                place(),
                "a variant with `as_lead` names no shared wording to say; add `same`".to_string(),
            )
        });
    };
    let Some(wording) = wordings.get(name) else {
        return Some(
            Diagnostic::error(
                place(),
                format!("a variant says the wording \"{name}\", which is not among the wordings"),
            )
            .with_hint(crate::source::did_you_mean(name, wordings.keys())),
        );
    };
    if !variant.text.trim().is_empty() || !variant.lead.trim().is_empty() {
        return Some(
            Diagnostic::error(
                place(),
                format!(
                    "a variant that says the wording \"{name}\" also has its own text or lead; keep one"
                ),
            )
            .with_hint(Some(
                "a shared wording is said the same everywhere; write a text of its own if this one differs".into(),
            )),
        );
    }
    if variant.as_lead {
        variant.lead = wording.clone();
    } else {
        variant.text = wording.clone();
    }
    None
}

/// Gives every step that names a shared step its text and urgency. A step
/// that names one and also writes its own would say the same thing two
/// ways, so that is refused where it is written.
fn resolve_shared_steps(rules: &mut Rules, origins: &[Origin]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let shared = rules.shared_steps.clone();
    for (ladder_id, ladder) in rules.ladders.iter_mut() {
        for step in &mut ladder.steps {
            let Some(name) = step.same.clone() else {
                continue;
            };
            let file = &origins[step.origin.unwrap_or(ladder.origin).min(origins.len() - 1)];
            let place = |field: &'static str| match step.origin {
                Some(_) => file.place(&[
                    Step::Field("steps"),
                    Step::Key(ladder_id),
                    Step::Id(&step.id),
                    Step::Field(field),
                ]),
                None => file.place(&[
                    Step::Field("ladders"),
                    Step::Key(ladder_id),
                    Step::Field("steps"),
                    Step::Id(&step.id),
                    Step::Field(field),
                ]),
            };
            let Some(common) = shared.get(&name) else {
                errors.push(
                    Diagnostic::error(
                        place("same"),
                        format!(
                            "step \"{}\" of ladder \"{ladder_id}\" is the same as \"{name}\", which is not among the shared_steps",
                            step.id
                        ),
                    )
                    .with_hint(crate::source::did_you_mean(&name, shared.keys())),
                );
                continue;
            };
            if !step.text.is_empty()
                || step.urgency.is_some()
                || step.shown_as.is_some()
                || !step.variants.is_empty()
            {
                let field = if !step.text.is_empty() {
                    "text"
                } else if step.urgency.is_some() {
                    "urgency"
                } else if step.shown_as.is_some() {
                    "shown_as"
                } else {
                    "variants"
                };
                errors.push(
                    Diagnostic::error(
                        place(field),
                        format!(
                            "step \"{}\" of ladder \"{ladder_id}\" takes its text, urgency and variants from the shared step \"{name}\"; remove its own {field}",
                            step.id
                        ),
                    )
                    .with_hint(Some(
                        "a shared step says one thing in one place; give the step its own id and no `same` if it means something else".into(),
                    )),
                );
                continue;
            }
            step.text = common.text.clone();
            step.urgency = Some(common.urgency);
            step.shown_as = common.shown_as;
            step.variants = common.variants.clone();
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"(
        version: "t", disclaimer: "d", start: "q",
        questions: {
            "q": (prompt: "P", help: "H", kind: One, choices: [
                (id: "a", label: "A", open: ["l"]),
            ]),
        },
        ladders: {
            "l": (title: "L", standards: [20], steps: [
                (id: "one", text: "First"),
                (id: "two", text: "Second"),
            ]),
        },
    )"#;

    #[test]
    fn overlay_steps_slot_in_after_the_named_step() {
        let overlay = r#"(steps: { "l": [
            (after: "one", id: "hr", text: "Tell HR"),
            (id: "last", text: "At the end"),
        ]})"#;
        let set = RuleSet::parse(
            Source::new("base.ron", BASE),
            vec![Source::new("agency.ron", overlay)],
        )
        .unwrap();
        let ids: Vec<&str> = set
            .rules
            .ladders
            .get("l")
            .unwrap()
            .steps
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(ids, ["one", "hr", "two", "last"]);
    }

    #[test]
    fn a_shared_step_keeps_its_shown_word_and_a_step_may_not_override_it() {
        let shared = r#"(shared_steps: {
            "yes-today": (text: "Say yes today", urgency: Refrain, shown_as: Protect),
        }, steps: { "l": [
            (id: "takes", same: "yes-today"),
            (id: "overrides", same: "yes-today", shown_as: Consult),
        ]})"#;
        let errors = RuleSet::parse(
            Source::new("base.ron", BASE),
            vec![Source::new("agency.ron", shared)],
        )
        .unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].message.contains("\"overrides\"") && errors[0].message.contains("shown_as"),
            "{errors:?}"
        );
        let kept = shared.replace(
            r#"(id: "overrides", same: "yes-today", shown_as: Consult),"#,
            "",
        );
        let set = RuleSet::parse(
            Source::new("base.ron", BASE),
            vec![Source::new("agency.ron", &kept)],
        )
        .unwrap();
        let takes = &set.rules.ladders.get("l").unwrap().steps[2];
        assert_eq!(
            (takes.id.as_str(), takes.urgency, takes.shown_as),
            ("takes", Some(Urgency::Refrain), Some(Urgency::Protect))
        );
    }

    #[test]
    fn an_overlay_step_marked_now_sorts_ahead_of_its_class() {
        let overlay = r#"(steps: { "l": [
            (id: "call-back", text: "Call them back before they hang up", now: true),
        ]})"#;
        let set = RuleSet::parse(
            Source::new("base.ron", BASE),
            vec![Source::new("agency.ron", overlay)],
        )
        .unwrap();
        let ladder = set.rules.ladders.get("l").unwrap();
        let mut keys: Vec<_> = ladder
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| (set.rules.plan_key("l", i, step), step.id.as_str()))
            .collect();
        keys.sort();
        let order: Vec<&str> = keys.iter().map(|(_, id)| *id).collect();
        assert_eq!(order, ["call-back", "one", "two"]);
    }

    #[test]
    fn overlay_errors_name_the_overlay_file_and_suggest() {
        let overlay = "(\n  steps: { \"l\": [(after: \"onee\", id: \"hr\", text: \"x\")] },\n)";
        let errors = RuleSet::parse(
            Source::new("base.ron", BASE),
            vec![Source::new("agency.ron", overlay)],
        )
        .unwrap_err();
        let text = errors[0].to_string();
        assert!(text.starts_with("agency.ron:2:"), "{text}");
        assert!(text.contains("has no step \"onee\""), "{text}");
        assert!(text.contains("did you mean \"one\"?"), "{text}");
    }

    #[test]
    fn a_question_defined_twice_is_refused_where_it_is() {
        let twice = BASE.replace(
            "\"q\": (prompt",
            "\"q\": (prompt: \"P\", help: \"H\", kind: One, choices: []),\n\"q\": (prompt",
        );
        let errors = RuleSet::parse(Source::new("r.ron", twice), vec![]).unwrap_err();
        assert!(
            errors[0].to_string().contains("\"q\" is defined twice"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn the_fingerprint_follows_the_text() {
        let a = RuleSet::parse(Source::new("a", BASE), vec![]).unwrap();
        let b = RuleSet::parse(Source::new("b", BASE.replace("First", "Primero")), vec![]).unwrap();
        assert_eq!(a.hash().len(), 16);
        assert_ne!(a.hash(), b.hash());
    }

    /// BASE with a wording, and a step whose variant says it.
    fn with_wording(variant: &str) -> String {
        BASE.replace(
            "ladders: {",
            "wordings: { \"calm\": \"Stay calm and call for help\" },\n        ladders: {",
        )
        .replace(
            "(id: \"two\", text: \"Second\")",
            &format!("(id: \"two\", text: \"Second\",\n variants: [(when: Fact(\"f\", \"y\"), {variant})])"),
        )
    }

    /// The first error loading BASE with a variant refuses.
    fn first_refusal(variant: &str) -> String {
        RuleSet::parse(Source::new("r.ron", with_wording(variant)), vec![]).unwrap_err()[0]
            .to_string()
    }

    #[test]
    fn a_variant_that_names_a_wording_says_it() {
        let set =
            RuleSet::parse(Source::new("r.ron", with_wording("same: \"calm\"")), vec![]).unwrap();
        let step = &set.rules.ladders.get("l").unwrap().steps[1];
        assert_eq!(step.variants[0].text, "Stay calm and call for help");
        assert!(step.variants[0].is_worded());
    }

    #[test]
    fn an_unknown_wording_is_refused_where_it_is_named() {
        let text = first_refusal("same: \"clam\"");
        assert!(text.starts_with("r.ron:"), "{text}");
        assert!(
            text.contains("the wording \"clam\", which is not among"),
            "{text}"
        );
        assert!(text.contains("did you mean \"calm\"?"), "{text}");
    }

    #[test]
    fn a_wording_named_as_a_lead_goes_before_the_steps_text() {
        let set = RuleSet::parse(
            Source::new("r.ron", with_wording("same: \"calm\", as_lead: true")),
            vec![],
        )
        .unwrap();
        let step = &set.rules.ladders.get("l").unwrap().steps[1];
        let facts = std::collections::BTreeMap::from([("f".to_string(), "y".to_string())]);
        assert!(step.variants[0].is_worded());
        assert_eq!(step.text_for(&facts), "Stay calm and call for help Second");
    }

    #[test]
    fn a_lead_with_no_wording_named_is_refused() {
        let text = first_refusal("as_lead: true, lead: \"Also\"");
        assert!(text.contains("add `same`"), "{text}");
    }

    #[test]
    fn a_variant_with_a_wording_and_its_own_text_is_refused() {
        let text = first_refusal("same: \"calm\", lead: \"Also\"");
        assert!(text.contains("keep one"), "{text}");
    }
}
