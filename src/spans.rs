//! Finding where a value sits in a RON file.
//!
//! serde gives us typed values but forgets where they came from, and a rule
//! author needs "rules.ron:212:17", not "somewhere in question X". This is a
//! small, forgiving RON reader that keeps only shape and offsets; it runs only
//! after serde has accepted the file, so it never has to report syntax errors.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// A value in the file and the byte offset where it starts.
#[derive(Debug, Clone)]
pub struct Node {
    pub start: usize,
    pub kind: Kind,
}

/// The shape of a value. Names and strings are kept as byte ranges into the
/// file rather than copies: a rules file of 100,000 questions holds a
/// million of them, and only the few a message points at are ever compared.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A string literal: its contents and whether it is raw (no escapes).
    Str(Range<usize>, bool),
    /// Numbers, booleans, characters and bare identifiers.
    Atom,
    /// `Name(...)`: a named struct, an enum variant, `Some(...)`.
    Named(Box<Node>),
    /// `(a: .., b: ..)`, each field with its name's range.
    Fields(Vec<(Range<usize>, Node)>),
    /// `(.., ..)` or `[.., ..]`.
    Items(Vec<Node>),
    /// `{k: v, ..}`. Boxed: the entries of a map of questions are
    /// most of the tree, and the index would make each of them larger.
    Map(Box<Entries>),
    /// A map's value not read yet. A map of questions is most of a rules
    /// file, and a message points into one or two of them: each is read
    /// when a path goes into it.
    Unread,
}

/// A map's entries in file order, each as where its key and its value
/// start (both read again when a path goes into them): a map of 100,000
/// questions is most of a rules file, and the less memory kept for each
/// entry the faster it is read.
#[derive(Debug, Clone)]
pub struct Entries {
    list: Vec<(usize, usize)>,
    /// Key -> position of its first entry, so a lookup does not scan a
    /// map of many thousand questions. The std hash, with its random
    /// key: a hostile file could choose keys that all collide under a
    /// hash without one. Built at the first lookup that cannot go by
    /// position (`Step::KeyAt`), so `check`, which finds questions by
    /// position, never indexes a map of questions.
    index: OnceLock<HashMap<Box<str>, usize>>,
}

impl Entries {
    fn new(list: Vec<(usize, usize)>) -> Entries {
        Entries {
            list,
            index: OnceLock::new(),
        }
    }

    /// The entries' keys, read again, each with its value's start.
    fn keys<'s>(&'s self, text: &'s str) -> impl Iterator<Item = (Node, usize)> + 's {
        self.list.iter().map(|&(k, v)| (Node::at(text, k), v))
    }

    fn get(&self, text: &str, key: &str) -> Option<(usize, usize)> {
        let index = self.index.get_or_init(|| {
            let mut index = HashMap::with_capacity(self.list.len());
            for (i, (k, _)) in self.keys(text).enumerate() {
                if let Some(s) = k.string(text) {
                    index.entry(Box::from(s.as_ref())).or_insert(i);
                }
            }
            index
        });
        index.get(key).map(|&i| self.list[i])
    }

    /// The entry with this key, looked for first at `at`. A key standing
    /// twice is refused when the file is read, so the entry found there
    /// is the only one.
    fn get_at(&self, text: &str, key: &str, at: usize) -> Option<(usize, usize)> {
        match self.list.get(at) {
            Some(&entry) if Node::at(text, entry.0).is_string(text, key) => Some(entry),
            _ => self.get(text, key),
        }
    }
}

/// One step of a path from the top of the file down to a value.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// A named field of a struct.
    Field(&'a str),
    /// The entry of a map whose key is this string.
    Key(&'a str),
    /// The same, with where the entry is expected to stand among the
    /// map's entries (from 0); looked for by key when it is not there.
    KeyAt(&'a str, usize),
    /// The item of a list whose `id` field is this string.
    Id(&'a str),
    /// The n-th item of a list (from 0).
    Nth(usize),
    /// The first string equal to this one anywhere below.
    Text(&'a str),
}

impl Node {
    /// Reads a whole file; `None` only for a file with no value in it.
    pub fn parse(text: &str) -> Option<Node> {
        let mut reader = Reader {
            text,
            pos: 0,
            shallow: false,
        };
        reader.skip_trivia();
        reader.value()
    }

    /// The value at `start`, one level of it read (see `Node::read`).
    fn at(text: &str, start: usize) -> Node {
        let mut reader = Reader {
            text,
            pos: start,
            shallow: true,
        };
        reader.value().unwrap_or(Node {
            start,
            kind: Kind::Unread,
        })
    }

    /// Follows `path` through `text` (the file this was read from) and
    /// returns the offset of the deepest step that could be found, so a
    /// message still points near the right place when a step is missing.
    pub fn locate(&self, text: &str, path: &[Step<'_>]) -> usize {
        self.locate_from(text, path, self.start)
    }

    fn locate_from(&self, text: &str, path: &[Step<'_>], offset: usize) -> usize {
        let Some((step, rest)) = path.split_first() else {
            return offset;
        };
        match self.step(text, *step) {
            Some((at, next)) => next.locate_from(text, rest, at),
            None => offset,
        }
    }

    /// The value itself, read now if it was left unread: one level of it,
    /// what it holds left unread in turn, so following a path into a large
    /// value reads only what the path passes through.
    fn read(&self, text: &str) -> Cow<'_, Node> {
        match self.kind {
            Kind::Unread => {
                let mut reader = Reader {
                    text,
                    pos: self.start,
                    shallow: true,
                };
                match reader.value() {
                    Some(node) => Cow::Owned(node),
                    None => Cow::Borrowed(self),
                }
            }
            _ => Cow::Borrowed(self),
        }
    }

    /// The text of a string literal, unescaped only as far as matching needs.
    fn string<'t>(&self, text: &'t str) -> Option<Cow<'t, str>> {
        match &self.kind {
            Kind::Str(range, raw) => {
                let body = text.get(range.clone())?;
                Some(if *raw || !body.contains('\\') {
                    Cow::Borrowed(body)
                } else {
                    Cow::Owned(unescape(body))
                })
            }
            _ => None,
        }
    }

    fn is_string(&self, text: &str, wanted: &str) -> bool {
        self.string(text).is_some_and(|s| s == wanted)
    }

    fn step(&self, text: &str, step: Step<'_>) -> Option<(usize, Cow<'_, Node>)> {
        match &self.kind {
            Kind::Unread => {
                if let Some(found) = self.step_unread(text, step) {
                    return found;
                }
                let node = self.read(text).into_owned();
                return node
                    .step(text, step)
                    .map(|(at, next)| (at, Cow::Owned(next.into_owned())));
            }
            // `Some(x)` and `Goto("x")` stand for what they hold.
            Kind::Named(body) => {
                return match &body.kind {
                    Kind::Items(items) if items.len() == 1 => items[0].step(text, step),
                    _ => body.step(text, step),
                };
            }
            _ => {}
        }
        let node = self;
        match step {
            Step::Field(name) => match &node.kind {
                Kind::Fields(fields) => fields
                    .iter()
                    .find(|(field, _)| text.get(field.clone()) == Some(name))
                    .map(|(field, value)| (field.start, value.read(text))),
                _ => None,
            },
            Step::Key(key) => match &node.kind {
                Kind::Map(entries) => entries
                    .get(text, key)
                    .map(|(k, v)| (k, Cow::Owned(Node::at(text, v)))),
                _ => None,
            },
            Step::KeyAt(key, at) => match &node.kind {
                Kind::Map(entries) => entries
                    .get_at(text, key, at)
                    .map(|(k, v)| (k, Cow::Owned(Node::at(text, v)))),
                _ => None,
            },
            Step::Id(id) => node.items()?.iter().find_map(|item| {
                let item = item.read(text);
                let is_it = matches!(item.step(text, Step::Field("id")),
                    Some((_, value)) if value.is_string(text, id));
                is_it.then(|| (item.start, item))
            }),
            Step::Nth(n) => node
                .items()?
                .get(n)
                .map(|item| (item.start, item.read(text))),
            Step::Text(wanted) => self.find_text(text, wanted).map(|start| {
                (
                    start,
                    Cow::Owned(Node {
                        start,
                        kind: Kind::Atom,
                    }),
                )
            }),
        }
    }

    /// A step into a value not read yet, taken while reading it: fields
    /// and items are passed over until the one the step names, and
    /// nothing is kept. Finding where a message points reads a question
    /// this way, one level at a time, without building its nodes. `None`
    /// for a value this does not read so (a named struct, a map), which
    /// is read whole instead; the answers are the same.
    fn step_unread(&self, text: &str, step: Step<'_>) -> Option<Option<(usize, Cow<'_, Node>)>> {
        let mut reader = Reader {
            text,
            pos: self.start,
            shallow: true,
        };
        let open = reader.peek()?;
        match step {
            Step::Field(name) if open == '(' => {
                reader.bump();
                reader.skip_trivia();
                if !reader.is_field_start() {
                    return None;
                }
                loop {
                    reader.skip_trivia();
                    if reader.peek().is_none_or(|c| c == ')') {
                        return Some(None);
                    }
                    let (field, value) = reader.field();
                    if let Some(value) = value
                        && text.get(field.clone()) == Some(name)
                    {
                        return Some(Some((field.start, Cow::Owned(Node::at(text, value.start)))));
                    }
                    reader.separator();
                }
            }
            Step::Id(_) | Step::Nth(_) if open == '[' || open == '(' => {
                reader.bump();
                let close = if open == '(' {
                    reader.skip_trivia();
                    if reader.is_field_start() {
                        return None;
                    }
                    ')'
                } else {
                    ']'
                };
                let mut n = 0;
                loop {
                    reader.skip_trivia();
                    match reader.peek() {
                        None => return Some(None),
                        Some(c) if c == close => return Some(None),
                        _ => {}
                    }
                    if let Some(item) = reader.child() {
                        let is_it = match step {
                            Step::Nth(wanted) => n == wanted,
                            Step::Id(id) => matches!(item.step(text, Step::Field("id")),
                                Some((_, value)) if value.is_string(text, id)),
                            _ => false,
                        };
                        if is_it {
                            return Some(Some((
                                item.start,
                                Cow::Owned(Node::at(text, item.start)),
                            )));
                        }
                        n += 1;
                    }
                    reader.separator();
                }
            }
            _ => None,
        }
    }

    fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Items(items) => Some(items),
            _ => None,
        }
    }

    /// Where the first string equal to `wanted` below this value starts.
    fn find_text(&self, text: &str, wanted: &str) -> Option<usize> {
        match &self.kind {
            Kind::Str(..) => self.is_string(text, wanted).then_some(self.start),
            Kind::Atom => None,
            Kind::Unread => self.read(text).find_text(text, wanted),
            Kind::Named(body) => body.find_text(text, wanted),
            Kind::Fields(fields) => fields.iter().find_map(|(_, v)| v.find_text(text, wanted)),
            Kind::Items(items) => items.iter().find_map(|v| v.find_text(text, wanted)),
            Kind::Map(entries) => entries.keys(text).find_map(|(k, v)| {
                k.find_text(text, wanted)
                    .or_else(|| Node::at(text, v).find_text(text, wanted))
            }),
        }
    }

    /// The keys of a map at `path`, with their offsets, in file order
    /// (duplicates included, which serde would silently merge).
    pub fn keys_at(&self, text: &str, path: &[Step<'_>]) -> Vec<(String, usize)> {
        let Some((step, rest)) = path.split_first() else {
            return match &self.read(text).kind {
                Kind::Map(entries) => entries
                    .keys(text)
                    .filter_map(|(k, _)| Some((k.string(text)?.into_owned(), k.start)))
                    .collect(),
                _ => Vec::new(),
            };
        };
        match self.step(text, *step) {
            Some((_, next)) => next.keys_at(text, rest),
            None => Vec::new(),
        }
    }
}

/// A string literal's body with `\n`, `\t` and `\x` (any other character)
/// read as the character they stand for.
fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        if let Some(escaped) = chars.next() {
            out.push(match escaped {
                'n' => '\n',
                't' => '\t',
                other => other,
            });
        }
    }
    out
}

/// The bytes `Reader::skip_value` must look at: those that open or close
/// a value, a string, a character, a comment or an attribute. It steps
/// over every other byte without a second look.
static STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut i = 0;
    let bytes = b"\"r'/#([{)]},";
    while i < bytes.len() {
        stops[bytes[i] as usize] = true;
        i += 1;
    }
    stops
};

struct Reader<'a> {
    text: &'a str,
    pos: usize,
    /// Leave what a list or struct holds unread (see `Node::read`).
    shallow: bool,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn skip_trivia(&mut self) {
        loop {
            // Most of a file is ASCII: whitespace is stepped over, and
            // anything else but a comment or attribute ends the trivia,
            // without decoding a character.
            match self.text.as_bytes().get(self.pos) {
                Some(b' ' | b'\t'..=b'\r') => {
                    self.pos += 1;
                    continue;
                }
                Some(b'/' | b'#') => {}
                Some(b) if b.is_ascii() => return,
                None => return,
                Some(_) => {}
            }
            let rest = self.rest();
            if rest.starts_with("//") {
                self.pos += rest.find('\n').unwrap_or(rest.len());
            } else if rest.starts_with("/*") {
                self.skip_block_comment();
            } else if rest.starts_with("#!") || rest.starts_with("#[") {
                // Attributes such as #![enable(implicit_some)].
                self.pos += rest.find(']').map_or(rest.len(), |i| i + 1);
            } else if self.peek().is_some_and(char::is_whitespace) {
                self.bump();
            } else {
                return;
            }
        }
    }

    fn skip_block_comment(&mut self) {
        let mut depth = 0usize;
        while !self.rest().is_empty() {
            if self.rest().starts_with("/*") {
                depth += 1;
                self.pos += 2;
            } else if self.rest().starts_with("*/") {
                depth = depth.saturating_sub(1);
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.bump();
            }
        }
    }

    fn is_raw_string(&self) -> bool {
        let rest = self.rest();
        rest.starts_with("r\"") || rest.starts_with("r#")
    }

    fn value(&mut self) -> Option<Node> {
        let start = self.pos;
        let kind = match self.peek()? {
            '"' => self.string(),
            'r' if self.is_raw_string() => self.raw_string(),
            '[' => {
                self.bump();
                Kind::Items(self.items(']'))
            }
            '{' => {
                self.bump();
                let list = self.map();
                Kind::Map(Box::new(Entries::new(list)))
            }
            '(' => self.group(),
            '\'' => {
                self.char_literal();
                Kind::Atom
            }
            c if c.is_alphabetic() || c == '_' => {
                self.word();
                self.skip_trivia();
                if self.peek() == Some('(') {
                    let body_start = self.pos;
                    let body = self.group();
                    Kind::Named(Box::new(Node {
                        start: body_start,
                        kind: body,
                    }))
                } else {
                    Kind::Atom
                }
            }
            _ => {
                self.word();
                if self.pos == start {
                    self.bump();
                }
                Kind::Atom
            }
        };
        Some(Node { start, kind })
    }

    /// Passes over a value without reading it into nodes: brackets are
    /// counted, and strings, characters and comments stepped over whole,
    /// so a bracket or comma inside them is not taken for the value's end.
    /// Stops at the comma or closing bracket after the value.
    fn skip_value(&mut self) {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        while let Some(&b) = bytes.get(self.pos) {
            if !STOPS[usize::from(b)] {
                self.pos += 1;
                continue;
            }
            match b {
                b'"' => {
                    self.string();
                    continue;
                }
                // `r"..."`, not the end of a word such as `Primary`.
                b'r' if matches!(bytes.get(self.pos + 1), Some(b'"' | b'#'))
                    && self.is_raw_string()
                    && !self
                        .pos
                        .checked_sub(1)
                        .and_then(|i| bytes.get(i))
                        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') =>
                {
                    self.raw_string();
                    continue;
                }
                b'\'' => {
                    self.char_literal();
                    continue;
                }
                b'/' | b'#' => {
                    let before = self.pos;
                    self.skip_trivia();
                    if self.pos != before {
                        continue;
                    }
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth == 0 => return,
                b')' | b']' | b'}' => depth -= 1,
                b',' if depth == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// An item or field value: read, or in a shallow read passed over.
    /// One `name: value` entry of a struct, the reader on its name: the
    /// name's range, and the value if one follows.
    fn field(&mut self) -> (Range<usize>, Option<Node>) {
        let at = self.pos;
        self.word();
        let name = at..self.pos;
        self.skip_trivia();
        if self.peek() == Some(':') {
            self.bump();
        }
        self.skip_trivia();
        (name, self.child())
    }

    fn child(&mut self) -> Option<Node> {
        if !self.shallow {
            return self.value();
        }
        let start = self.pos;
        self.skip_value();
        if self.pos == start {
            // Not a value (a stray bracket): step over it.
            self.bump()?;
        }
        Some(Node {
            start,
            kind: Kind::Unread,
        })
    }

    fn word(&mut self) {
        loop {
            match self.text.as_bytes().get(self.pos) {
                Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'+') => {
                    self.pos += 1;
                }
                Some(b) if b.is_ascii() => return,
                None => return,
                Some(_) if self.peek().is_some_and(char::is_alphanumeric) => {
                    self.bump();
                }
                Some(_) => return,
            }
        }
    }

    /// A quoted string: its body's range. Stops only at ASCII bytes, so
    /// the position stays on a character boundary.
    fn string(&mut self) -> Kind {
        let bytes = self.text.as_bytes();
        self.pos += 1;
        let body = self.pos;
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b'"' => {
                    self.pos += 1;
                    return Kind::Str(body..self.pos - 1, false);
                }
                b'\\' => {
                    self.pos += 1;
                    // The escaped character, whole.
                    self.bump();
                }
                _ => self.pos += 1,
            }
        }
        Kind::Str(body..self.pos, false)
    }

    fn raw_string(&mut self) -> Kind {
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            hashes += 1;
            self.bump();
        }
        self.bump();
        let end = format!("\"{}", "#".repeat(hashes));
        let rest = self.rest();
        let len = rest.find(&end).unwrap_or(rest.len());
        let body = self.pos..self.pos + len;
        self.pos += (len + end.len()).min(rest.len());
        Kind::Str(body, true)
    }

    fn char_literal(&mut self) {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '\'' => return,
                _ => {}
            }
        }
    }

    fn group(&mut self) -> Kind {
        self.bump();
        self.skip_trivia();
        if self.is_field_start() {
            let mut fields = Vec::new();
            loop {
                self.skip_trivia();
                if self.peek().is_none_or(|c| c == ')') {
                    self.bump();
                    break;
                }
                let (name, value) = self.field();
                if let Some(value) = value {
                    fields.push((name, value));
                }
                self.separator();
            }
            Kind::Fields(fields)
        } else {
            Kind::Items(self.items(')'))
        }
    }

    fn is_field_start(&self) -> bool {
        let rest = self.rest();
        let word_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        word_len > 0
            && rest.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && rest[word_len..].trim_start().starts_with(':')
    }

    fn items(&mut self, close: char) -> Vec<Node> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => break,
                Some(c) if c == close => {
                    self.bump();
                    break;
                }
                _ => {}
            }
            if let Some(value) = self.child() {
                items.push(value);
            }
            self.separator();
        }
        items
    }

    /// A map's entries, each value left unread (see `Kind::Unread`).
    fn map(&mut self) -> Vec<(usize, usize)> {
        let mut entries = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => break,
                Some('}') => {
                    self.bump();
                    break;
                }
                _ => {}
            }
            let Some(key) = self.value() else { break };
            self.skip_trivia();
            if self.peek() == Some(':') {
                self.bump();
            }
            self.skip_trivia();
            let start = self.pos;
            self.skip_value();
            if self.pos > start {
                entries.push((key.start, start));
            }
            self.separator();
        }
        entries
    }

    fn separator(&mut self) {
        self.skip_trivia();
        if self.peek() == Some(',') {
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"#![enable(implicit_some)]
// a comment with "quotes"
(
    start: "a",
    questions: {
        "a": (
            prompt: "First?",
            choices: [
                (id: "x", label: "X", next: Goto("b")),
                (id: "y", label: "Y", next: Branch(cases: [(when: Fact("f", "v"), goto: "c")])),
            ],
        ),
        /* block /* nested */ */
        "b": (prompt: "Second", choices: []),
    },
)"#;

    fn position(path: &[Step<'_>]) -> (usize, usize) {
        let tree = Node::parse(SAMPLE).unwrap();
        let at = tree.locate(SAMPLE, path);
        let before = &SAMPLE[..at];
        let line = before.matches('\n').count() + 1;
        let col = at - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        (line, col)
    }

    #[test]
    fn finds_fields_keys_items_and_strings() {
        assert_eq!(position(&[Step::Field("start")]), (4, 5));
        assert_eq!(
            position(&[Step::Field("questions"), Step::Key("b")]),
            (14, 9)
        );
        let target = [
            Step::Field("questions"),
            Step::Key("a"),
            Step::Field("choices"),
            Step::Id("x"),
            Step::Field("next"),
            Step::Text("b"),
        ];
        assert_eq!(position(&target), (9, 50));
        let fact = [
            Step::Field("questions"),
            Step::Key("a"),
            Step::Field("choices"),
            Step::Id("y"),
            Step::Text("f"),
        ];
        assert_eq!(position(&fact), (10, 72));
    }

    #[test]
    fn a_missing_step_points_at_the_deepest_step_found() {
        let path = [
            Step::Field("questions"),
            Step::Key("a"),
            Step::Field("nope"),
        ];
        assert_eq!(position(&path), (6, 9));
    }

    #[test]
    fn map_values_read_later_step_over_brackets_in_strings_and_comments() {
        let text = r##"{
    "a": (prompt: "a ) ] } , \" quote", note: r#"raw ") "#, c: '}', /* ) */ x: Some(1)),
    "b": [ // a comment with ] and ,
        (id: "k", next: Goto("here")),
    ],
}"##;
        let tree = Node::parse(text).unwrap();
        let at = tree.locate(text, &[Step::Key("b"), Step::Id("k"), Step::Text("here")]);
        assert_eq!(&text[at..at + 6], "\"here\"");
        let at = tree.locate(text, &[Step::Key("a"), Step::Field("x")]);
        assert_eq!(&text[at..at + 1], "x");
        let keys: Vec<String> = tree
            .keys_at(text, &[])
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["a", "b"]);
    }

    #[test]
    fn lists_map_keys_in_file_order() {
        let tree = Node::parse(SAMPLE).unwrap();
        let keys: Vec<String> = tree
            .keys_at(SAMPLE, &[Step::Field("questions")])
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["a", "b"]);
    }
}
