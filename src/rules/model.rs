//! The rule graph as authors write it in RON.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A whole rule graph: the questions, the escalation ladders they open, the
/// tensions between standards, and the crisis banner.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Shown in records and exports so a reader knows which rules were used.
    pub version: String,
    /// The "this is not legal advice" line, in the authors' words.
    pub disclaimer: String,
    /// The first question of every walk.
    pub start: String,
    /// The question whose choices pick the concerns of a dilemma; `check`
    /// proves the invariants over one and two of them at a time.
    #[serde(default)]
    pub concerns: Option<String>,
    #[serde(default)]
    pub crisis: Option<Crisis>,
    pub questions: OrderedMap<Question>,
    /// Steps that mean the same thing in several ladders, written once:
    /// a ladder step names one with `same`, and the plan shows it once.
    #[serde(default)]
    pub shared_steps: OrderedMap<SharedStep>,
    /// Wordings several steps' variants say alike, written once: a variant
    /// names one with `same`, and takes it as its whole text.
    #[serde(default)]
    pub wordings: OrderedMap<String>,
    /// Ladders in the order the plan lists steps of the same urgency.
    #[serde(default)]
    pub ladders: OrderedMap<Ladder>,
    #[serde(default)]
    pub tensions: Vec<Tension>,
    /// What must hold on every path; `dilemma check` proves each.
    #[serde(default)]
    pub invariants: Vec<Invariant>,
}

/// The banner that stays on screen while someone may be hurt soon.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crisis {
    pub when: Cond,
    pub title: String,
    pub text: String,
    /// The banner's words on the outcome when the plan's first step is
    /// itself an emergency step: that step says what to do now, so the
    /// banner need not push it down the screen.
    #[serde(default)]
    pub outcome: Option<String>,
    /// The ladder shown first while the crisis holds.
    #[serde(default)]
    pub ladder: Option<String>,
    #[serde(skip)]
    pub origin: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// Exactly one choice.
    One,
    /// One or more choices; each chosen choice's branch is walked in turn.
    Many,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub prompt: String,
    /// Why we ask: shown on request and in plain mode after `?`.
    pub help: String,
    pub kind: Kind,
    pub choices: Vec<Choice>,
    /// Walked after the branches this question's answer opens, whatever the answer.
    #[serde(default)]
    pub then: Option<String>,
    /// Which file this came from (the rules or an overlay), for messages.
    #[serde(skip)]
    pub origin: usize,
}

impl Question {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: String,
    /// What picking this means, in a line; required in spirit when it sets a fact.
    #[serde(default)]
    pub hint: Option<String>,
    #[serde(default)]
    pub set: OrderedMap<String>,
    #[serde(default)]
    pub cite: Vec<Cite>,
    #[serde(default)]
    pub open: Vec<String>,
    #[serde(default)]
    pub next: Next,
    /// Names the concern this choice starts, for the progress line.
    #[serde(default)]
    pub topic: Option<String>,
    /// In a `Many` question, a choice that cannot be combined ("none of these").
    #[serde(default)]
    pub exclusive: bool,
}

/// A standard cited by a choice, with the reason in plain words.
#[derive(Debug, Clone, Deserialize)]
pub enum Cite {
    /// The standard that governs this situation.
    Primary(u8, String),
    /// Worth reading alongside.
    Related(u8, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Primary,
    Related,
}

impl Cite {
    pub fn standard(&self) -> u8 {
        match self {
            Cite::Primary(n, _) | Cite::Related(n, _) => *n,
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            Cite::Primary(_, r) | Cite::Related(_, r) => r,
        }
    }

    pub fn role(&self) -> Role {
        match self {
            Cite::Primary(..) => Role::Primary,
            Cite::Related(..) => Role::Related,
        }
    }
}

/// Where the walk goes after a choice.
#[derive(Debug, Clone, Default, Deserialize)]
pub enum Next {
    /// The branch ends here; the walk moves to the next queued concern.
    #[default]
    End,
    Goto(String),
    /// The first case whose condition holds on the facts so far; else `otherwise`.
    Branch {
        cases: Vec<Case>,
        #[serde(default)]
        otherwise: Option<String>,
    },
}

impl Next {
    /// Every question this may lead to, whatever the facts.
    /// An iterator rather than a list: the checks ask this of every
    /// choice of graphs with a hundred thousand questions.
    pub fn targets(&self) -> impl Iterator<Item = &str> + Clone {
        let (goto, cases, otherwise): (Option<&str>, &[Case], Option<&str>) = match self {
            Next::End => (None, &[], None),
            Next::Goto(id) => (Some(id.as_str()), &[], None),
            Next::Branch { cases, otherwise } => (None, cases, otherwise.as_deref()),
        };
        goto.into_iter()
            .chain(cases.iter().map(|c| c.goto.as_str()))
            .chain(otherwise)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub when: Cond,
    pub goto: String,
}

/// A test on the facts the answers have set.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum Cond {
    Fact(String, String),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// The ordered escalation a standard prescribes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ladder {
    pub title: String,
    pub standards: Vec<u8>,
    pub steps: Vec<LadderStep>,
    #[serde(skip)]
    pub origin: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderStep {
    pub id: String,
    /// What to do. Taken from the shared step when `same` names one.
    #[serde(default)]
    pub text: String,
    /// How soon, on the plan's scale. Taken from the shared step when
    /// `same` names one; `check` refuses a step without either.
    #[serde(default)]
    pub urgency: Option<Urgency>,
    /// The class whose word is shown beside the step when its own would
    /// mislead: a `Refrain` step that tells you to go ahead (put no wait in
    /// a client's way) reads "Today", not "Hold off". It changes the word
    /// only; the step keeps its place in the plan. Taken from the shared
    /// step when `same` names one.
    #[serde(default)]
    pub shown_as: Option<Urgency>,
    /// Whether a standard prescribes the step, or it is sound practice.
    #[serde(default)]
    pub basis: Option<Basis>,
    /// The step cannot wait for the rest of its urgency class: someone is
    /// on the line or in the room, and the chance passes when they go.
    #[serde(default)]
    pub now: bool,
    /// The shared step this one is: the plan shows them once.
    #[serde(default)]
    pub same: Option<String>,
    /// The step applies only when this holds.
    #[serde(default)]
    pub when: Option<Cond>,
    /// When the step applies, in plain words (shown beside a step that does not).
    #[serde(default)]
    pub note: Option<String>,
    /// Other wordings of the step, tried in order: the first with a `text`
    /// whose condition holds replaces the step's text, and every `lead`
    /// whose condition holds is said before it. They let one step speak to
    /// a student, a supervisor or a director in turn, instead of one text
    /// that lists every role's exception.
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// Set when an overlay added this step to someone else's ladder.
    #[serde(skip)]
    pub origin: Option<usize>,
}

/// A step's wording for the walks where `when` holds: either a whole
/// `text` of its own, or a `lead` said before the step's own text, so a
/// wording that only adds a first instruction does not copy the rest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub when: Cond,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub lead: String,
    /// The shared wording this variant says, in place of a `text` of its own.
    #[serde(default)]
    pub same: Option<String>,
    /// Says the shared wording (`same`) as a lead, before the step's text,
    /// rather than in place of it.
    #[serde(default)]
    pub as_lead: bool,
}

impl Variant {
    /// Exactly one of `text` and `lead` is given; `check` refuses the rest.
    pub fn is_worded(&self) -> bool {
        self.text.trim().is_empty() != self.lead.trim().is_empty()
    }
}

impl LadderStep {
    /// The step's urgency; the lowest when unset (only unchecked rules lack one).
    pub fn urgency(&self) -> Urgency {
        self.urgency.unwrap_or(Urgency::Prevent)
    }

    pub fn basis(&self) -> Basis {
        self.basis.unwrap_or(Basis::Practice)
    }

    /// What the step says on a walk with these facts: the first wording
    /// with a text of its own whose condition holds (or the step's own
    /// text), after the lead of every wording whose condition holds, in
    /// order. Leads add: a danger-specific instruction written as a lead is
    /// never lost to a role's wording that happens to come first.
    pub fn text_for(&self, facts: &impl super::cond::FactSource) -> Cow<'_, str> {
        let holding = || self.variants.iter().filter(|v| v.when.holds(facts));
        let body = holding()
            .find(|v| v.lead.trim().is_empty())
            .map_or(self.text.as_str(), |v| v.text.as_str());
        let leads: Vec<&str> = holding()
            .map(|v| v.lead.trim())
            .filter(|lead| !lead.is_empty())
            .collect();
        if leads.is_empty() {
            return Cow::Borrowed(body);
        }
        Cow::Owned(format!("{} {}", leads.join(" "), body))
    }
}

/// A step several ladders share, written once.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedStep {
    pub text: String,
    pub urgency: Urgency,
    /// As a ladder step's `shown_as`.
    #[serde(default)]
    pub shown_as: Option<Urgency>,
    /// Other wordings, as a ladder step's; every step that is this one
    /// takes them.
    #[serde(default)]
    pub variants: Vec<Variant>,
    #[serde(skip)]
    pub origin: usize,
}

/// How soon a step must be taken, most urgent first. The order follows the
/// ranking of ethical principles taught with the code: protecting life comes
/// before everything else, then stopping harm under way, then not making it
/// worse, then getting advice, then putting things right, then preventing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Urgency {
    /// Life or safety, now.
    Emergency,
    /// Stop harm under way; a report the law requires.
    Protect,
    /// What not to do: do not sign, share, confront or start.
    Refrain,
    /// A supervisor or consultant, today.
    Consult,
    /// Raise it, talk it through, correct it.
    Address,
    /// Put right harm already done.
    Repair,
    /// Policy, training, notes.
    Prevent,
}

impl Urgency {
    pub const ALL: [Urgency; 7] = [
        Urgency::Emergency,
        Urgency::Protect,
        Urgency::Refrain,
        Urgency::Consult,
        Urgency::Address,
        Urgency::Repair,
        Urgency::Prevent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Urgency::Emergency => "Emergency",
            Urgency::Protect => "Protect",
            Urgency::Refrain => "Refrain",
            Urgency::Consult => "Consult",
            Urgency::Address => "Address",
            Urgency::Repair => "Repair",
            Urgency::Prevent => "Prevent",
        }
    }

    /// A word a practitioner reads beside the step.
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Emergency => "now",
            Urgency::Protect => "today",
            Urgency::Refrain => "hold",
            Urgency::Consult => "consult",
            Urgency::Address => "raise",
            Urgency::Repair => "repair",
            Urgency::Prevent => "prevent",
        }
    }

    pub fn parse(text: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.name() == text)
    }
}

/// Why a step is in the plan: a standard prescribes it, or it is sound
/// practice beyond the code's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Basis {
    Code(u8),
    Practice,
}

/// Something that must hold on every path the rules allow. `when` narrows
/// it to the paths where it holds; exactly one expectation is given.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Invariant {
    pub name: String,
    #[serde(default)]
    pub when: Option<Cond>,
    /// The plan's first step is at least this urgent.
    #[serde(default)]
    pub first_urgency: Option<Urgency>,
    /// None of these is the plan's first step.
    #[serde(default)]
    pub never_first: Vec<String>,
    /// None of these is in the plan at all.
    #[serde(default)]
    pub never: Vec<String>,
    /// Where both are in the plan, the first comes before the second.
    #[serde(default)]
    pub before: Option<(String, String)>,
    /// At least one of these is in the plan: a step that must never be
    /// switched off by another answer given beside the one it is for.
    #[serde(default)]
    pub always: Vec<String>,
    #[serde(skip)]
    pub origin: usize,
}

/// Standards that pull against each other, and how the code settles it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tension {
    pub id: String,
    pub title: String,
    pub standards: Vec<u8>,
    pub note: String,
    /// Shown only when this also holds (beyond all its standards being cited).
    #[serde(default)]
    pub when: Option<Cond>,
    #[serde(skip)]
    pub origin: usize,
}

/// A map that keeps the authors' order and refuses a key written twice
/// (serde's own maps would silently keep the last one).
#[derive(Debug, Clone)]
pub struct OrderedMap<V> {
    entries: Vec<(String, V)>,
    index: HashMap<String, usize>,
}

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap {
            entries: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<V> OrderedMap<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.index.get(key).map(|&i| &self.entries[i].1)
    }

    /// The entry with its key, borrowed from the map.
    pub fn entry(&self, key: &str) -> Option<(&str, &V)> {
        self.index.get(key).map(|&i| {
            let (k, v) = &self.entries[i];
            (k.as_str(), v)
        })
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.index.get(key).map(|&i| &mut self.entries[i].1)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// The entry at a place in the authors' order.
    pub fn get_index(&self, index: usize) -> Option<(&str, &V)> {
        self.entries.get(index).map(|(k, v)| (k.as_str(), v))
    }

    /// Where the key stands in the authors' order.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// Adds an entry, or replaces the one with the same key in its place.
    pub fn insert(&mut self, key: String, value: V) {
        match self.index.get(&key) {
            Some(&i) => self.entries[i].1 = value,
            None => {
                self.index.insert(key.clone(), self.entries.len());
                self.entries.push((key, value));
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut V)> {
        self.entries.iter_mut().map(|(k, v)| (k.as_str(), v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of \"id\": value entries")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = OrderedMap::default();
                while let Some((key, value)) = access.next_entry::<String, V>()? {
                    if map.contains(&key) {
                        return Err(de::Error::custom(format!(
                            "\"{key}\" is defined twice: each id must be unique"
                        )));
                    }
                    map.insert(key, value);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A way an invariant names steps: one step (`"ladder.step"`), every step
/// of a ladder (`"ladder.*"`), or every step of an urgency (`"@Consult"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepRef {
    Step(String, String),
    Ladder(String),
    Urgency(Urgency),
}

impl StepRef {
    pub fn parse(text: &str) -> Result<StepRef, String> {
        if let Some(name) = text.strip_prefix('@') {
            return Urgency::parse(name).map(StepRef::Urgency).ok_or_else(|| {
                let names: Vec<&str> = Urgency::ALL.iter().map(|u| u.name()).collect();
                format!(
                    "\"{text}\" names no urgency; use one of @{}",
                    names.join(", @")
                )
            });
        }
        match text.split_once('.') {
            Some((ladder, "*")) if !ladder.is_empty() => Ok(StepRef::Ladder(ladder.to_string())),
            Some((ladder, step)) if !ladder.is_empty() && !step.is_empty() => {
                Ok(StepRef::Step(ladder.to_string(), step.to_string()))
            }
            _ => Err(format!(
                "\"{text}\" is not a step: write \"ladder.step\", \"ladder.*\" or \"@Urgency\""
            )),
        }
    }

    /// Whether the step `step` of ladder `ladder` is one this names.
    pub fn matches(&self, ladder: &str, step: &LadderStep) -> bool {
        match self {
            StepRef::Step(l, s) => l == ladder && *s == step.id,
            StepRef::Ladder(l) => l == ladder,
            StepRef::Urgency(u) => step.urgency() == *u,
        }
    }
}

impl Rules {
    /// Where a step sorts in the plan (see [`PlanKey`]).
    pub fn plan_key(&self, ladder: &str, index: usize, step: &LadderStep) -> PlanKey {
        let place = self.ladders.position(ladder).unwrap_or(usize::MAX);
        (step.urgency(), !step.now, place, index)
    }
}

/// Where a step sits in the plan: by urgency, then a step that cannot wait
/// before the rest of its class, then by ladder and by place in the ladder.
pub type PlanKey = (Urgency, bool, usize, usize);

impl LadderStep {
    /// The id steps are merged under in the plan: the shared step's, or the
    /// step's own.
    pub fn merge_key(&self, ladder: &str) -> String {
        match &self.same {
            Some(shared) => format!("={shared}"),
            None => format!("{ladder}.{}", self.id),
        }
    }
}
