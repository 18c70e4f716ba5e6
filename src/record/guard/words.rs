//! The word lists that keep ordinary words, places, months and titles from
//! passing for names, read once from `assets/guard.ron`.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::source::Source;

pub(super) const WORDS_NAME: &str = "assets/guard.ron";
pub(super) const WORDS: &str = include_str!("../../../assets/guard.ron");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WordFile {
    pub(super) titles: Vec<String>,
    pub(super) birth_cues: Vec<String>,
    pub(super) months: Vec<String>,
    pub(super) days: Vec<String>,
    pub(super) common: Vec<String>,
    pub(super) places: Vec<String>,
    pub(super) street_types: Vec<String>,
    pub(super) directions: Vec<String>,
    pub(super) place_nouns: Vec<String>,
    pub(super) reporting_verbs: Vec<String>,
}

pub(super) struct Words {
    pub(super) titles: HashSet<String>,
    pub(super) birth_cues: Vec<String>,
    pub(super) months: HashSet<String>,
    /// Words that never count as part of a name.
    pub(super) not_names: HashSet<String>,
    /// Places: a name is never only these ("New York"), but a surname may
    /// be one ("Jenny Park").
    pub(super) places: HashSet<String>,
    pub(super) street_types: HashSet<String>,
    pub(super) directions: HashSet<String>,
    /// "office", "clinic": Capitalised words just before one name a place
    /// ("the Box Hill office"), not a person.
    pub(super) place_nouns: HashSet<String>,
    /// "said", "told": a place word just before one is a surname ("Park
    /// said"), since a place says nothing.
    pub(super) reporting_verbs: HashSet<String>,
}

impl Words {
    /// An everyday word, day or month: never part of a name.
    pub(super) fn never_a_name(&self, word: &str) -> bool {
        let word = word.to_lowercase();
        self.not_names.contains(&word) && !self.places.contains(&word)
    }

    pub(super) fn place(&self, word: &str) -> bool {
        self.places.contains(&word.to_lowercase())
    }
}

pub(super) fn words() -> &'static Words {
    static WORDS_CELL: OnceLock<Words> = OnceLock::new();
    WORDS_CELL.get_or_init(|| {
        // The list is compiled in and parsed by the test suite; should it
        // ever fail, the guard still finds numbers, dates and addresses.
        let file: WordFile = Source::new(WORDS_NAME, WORDS).parse().unwrap_or(WordFile {
            titles: Vec::new(),
            birth_cues: Vec::new(),
            months: Vec::new(),
            days: Vec::new(),
            common: Vec::new(),
            places: Vec::new(),
            street_types: Vec::new(),
            directions: Vec::new(),
            place_nouns: Vec::new(),
            reporting_verbs: Vec::new(),
        });
        let lower = |list: &[String]| list.iter().map(|w| w.to_lowercase()).collect();
        let mut not_names: HashSet<String> = lower(&file.common);
        not_names.extend(lower(&file.places));
        not_names.extend(lower(&file.days));
        not_names.extend(lower(&file.months));
        Words {
            titles: lower(&file.titles),
            birth_cues: file.birth_cues.iter().map(|w| w.to_lowercase()).collect(),
            months: lower(&file.months),
            not_names,
            places: lower(&file.places),
            street_types: lower(&file.street_types),
            directions: lower(&file.directions),
            place_nouns: lower(&file.place_nouns),
            reporting_verbs: lower(&file.reporting_verbs),
        }
    })
}
