//! Data files and the problems found in them.
//!
//! Every problem a person can fix points at a file, line and column, in the
//! `FILE:LINE:COL: error: MESSAGE` shape editors and terminals understand.

use std::fmt;

/// The largest rules, scenario, answers or record file read: far above any
/// real one, low enough that a wrong file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The largest answers file read: thousands of times a real walk.
pub const MAX_ANSWERS_BYTES: u64 = 1024 * 1024;

use serde::de::DeserializeOwned;

/// "16 MiB", "1.5 MiB" or "900 KiB".
fn size_words(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        let tenths = bytes * 10 / MIB;
        if tenths.is_multiple_of(10) {
            format!("{} MiB", tenths / 10)
        } else {
            format!("{}.{} MiB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// A data file held in memory, with the name used in messages.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
    /// Where each line starts, built at the first `place_at`, so a file
    /// with many messages is not scanned from the top for each.
    lines: std::sync::OnceLock<Vec<usize>>,
    /// Characters before every `CHARS_EVERY`-th byte, built the first time
    /// a column lies far into a long line, so a column in a one-line
    /// (minified) file with many messages is not counted from the line's
    /// start for each.
    chars: std::sync::OnceLock<Vec<usize>>,
}

/// The stride of `Source::chars`: a column costs at most two counts of
/// this many bytes.
const CHARS_EVERY: usize = 256;

/// Characters in `bytes`, which start and end on character boundaries:
/// every byte but a UTF-8 continuation byte starts one.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
            lines: std::sync::OnceLock::new(),
            chars: std::sync::OnceLock::new(),
        }
    }

    /// Reads a file from disk; the message names the file when it cannot.
    /// Refuses what is not a regular file (a FIFO would block for ever, a
    /// device could be endless) and anything over `MAX_FILE_BYTES`.
    pub fn read(path: &std::path::Path) -> Result<Self, Diagnostic> {
        Source::read_at_most(path, MAX_FILE_BYTES)
    }

    /// As `read`, refusing anything over `limit` bytes.
    pub fn read_at_most(path: &std::path::Path, limit: u64) -> Result<Self, Diagnostic> {
        use std::io::Read;
        let name = path.display().to_string();
        let refuse = |message: String| Err(Diagnostic::error(Place::file(&name), message));
        // The kind of file is asked of the open handle, not the name, so a
        // file swapped for another between the look and the open is still
        // the one looked at.
        let file = match open_without_waiting(path) {
            Ok(file) => file,
            Err(err) => return refuse(format!("cannot read the file: {err}")),
        };
        let size = match file.metadata() {
            Err(err) => return refuse(format!("cannot read the file: {err}")),
            Ok(meta) if meta.is_dir() => return refuse("this is a folder, not a file".into()),
            Ok(meta) if !meta.is_file() => {
                return refuse(
                    "this is not a regular file (a pipe, socket or device); give a file".into(),
                );
            }
            Ok(meta) if meta.len() > limit => {
                return refuse(format!(
                    "the file is {} ({} bytes); files over {} are not read",
                    size_words(meta.len()),
                    meta.len(),
                    size_words(limit)
                ));
            }
            Ok(meta) => meta.len(),
        };
        // Room for the whole file and the read that finds its end, so it
        // is read in one go rather than probed and grown.
        let mut text = String::with_capacity(usize::try_from(size).unwrap_or(0) + 64);
        // The file may have grown since it was looked at.
        match file.take(limit + 1).read_to_string(&mut text) {
            Ok(n) if n as u64 > limit => refuse(format!(
                "the file grew past {} while being read",
                size_words(limit)
            )),
            Ok(_) => Ok(Source::new(name, text)),
            Err(err) => refuse(format!("cannot read the file: {err}")),
        }
    }

    /// Parses the file as RON into `T`, with the extensions authors may rely on
    /// (bare values for optional fields).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        ron_options().from_str(&self.text).map_err(|err| {
            let place = Place {
                file: self.name.clone(),
                line: err.span.start.line.max(1),
                col: err.span.start.col.max(1),
            };
            Diagnostic::error(place, describe_ron_error(&err.code))
        })
    }

    /// The place of a byte offset in this file.
    pub fn place_at(&self, offset: usize) -> Place {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let lines = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // The last line start at or before the offset.
        let line = lines.partition_point(|&start| start <= offset);
        let start = lines[line - 1];
        Place {
            file: self.name.clone(),
            line,
            col: if offset - start <= CHARS_EVERY {
                chars_in(&self.text.as_bytes()[start..offset]) + 1
            } else {
                self.chars_before(offset) - self.chars_before(start) + 1
            },
        }
    }

    /// Characters before byte `offset`, a character boundary.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let marks = self.chars.get_or_init(|| {
            let mut marks = vec![0];
            let mut total = 0;
            for block in bytes.chunks(CHARS_EVERY) {
                total += chars_in(block);
                marks.push(total);
            }
            marks
        });
        let block = offset / CHARS_EVERY;
        marks[block] + chars_in(&bytes[block * CHARS_EVERY..offset])
    }
}

/// Opens `path` to read without waiting for a writer: opening a FIFO
/// blocks until one comes, so it is opened non-blocking and the handle's
/// kind checked after. A regular file ignores the flag.
pub fn open_without_waiting(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The RON settings every data file is read with.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

fn describe_ron_error(code: &ron::Error) -> String {
    // ron's messages are good; a few are made plainer for people editing by hand.
    match code {
        ron::Error::ExpectedComma => "expected a comma `,` between items".to_string(),
        ron::Error::Eof => "the file ends too early: a bracket or quote is not closed".to_string(),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// A place in a file. Line and column count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

impl Place {
    /// The file as a whole, when no better place is known.
    pub fn file(name: &str) -> Self {
        Place {
            file: name.to_string(),
            line: 1,
            col: 1,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub place: Place,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            place,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(place: Place, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(place, message)
        }
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.place, cut_runaways(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", cut_runaways(hint))?;
        }
        Ok(())
    }
}

/// The longest unbroken run of characters a message prints whole: longer
/// ones are names from a hostile or broken file, cut with an ellipsis so
/// one bad name cannot flood the screen.
const LONGEST_RUN: usize = 200;

pub fn cut_runaways(text: &str) -> std::borrow::Cow<'_, str> {
    // Most messages are shorter than a run that would be cut.
    if text.len() <= LONGEST_RUN
        || !text
            .split_whitespace()
            .any(|w| w.chars().count() > LONGEST_RUN)
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(4 * LONGEST_RUN));
    let mut run = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run == LONGEST_RUN {
                out.push('…');
            }
            if run >= LONGEST_RUN {
                continue;
            }
        }
        out.push(c);
    }
    std::borrow::Cow::Owned(out)
}

impl std::error::Error for Diagnostic {}

/// Suggests the closest known name to a misspelt one ("did you mean ...").
pub fn did_you_mean<'a>(wrong: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let length = wrong.chars().count();
    // A name this long is not a slip of the keyboard, and comparing it
    // would cost time and memory in proportion to its length.
    if length > MAX_HINTED_NAME {
        return None;
    }
    let limit = (length / 3).clamp(1, 4);
    known
        .into_iter()
        .map(|name| (edit_distance(wrong, name), name))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, name)| format!("did you mean \"{name}\"?"))
}

/// The longest name a "did you mean" hint is worked out for.
const MAX_HINTED_NAME: usize = 64;

/// Edit distance counting a swap of two neighbouring letters as one edit,
/// the commonest typing slip.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_count_lines_and_columns_from_one() {
        let src = Source::new("f.ron", "ab\ncd\nef");
        assert_eq!(src.place_at(0).to_string(), "f.ron:1:1");
        assert_eq!(src.place_at(4).to_string(), "f.ron:2:2");
        assert_eq!(src.place_at(6).to_string(), "f.ron:3:1");
    }

    #[test]
    fn columns_far_into_a_long_line_count_characters_not_bytes() {
        // Four-byte characters either side of the stride, on one line.
        let line = "é😀a".repeat(3000);
        let text = format!("first\n{line}x");
        let src = Source::new("one.ron", text.as_str());
        let x = text.rfind('x').unwrap();
        assert_eq!(src.place_at(x).to_string(), "one.ron:2:9001");
        let mid = 6 + "é😀a".len() * 1500 + "é".len();
        assert_eq!(src.place_at(mid).to_string(), "one.ron:2:4502");
        // An offset inside a character counts from that character's start.
        assert_eq!(src.place_at(mid + 1).to_string(), "one.ron:2:4502");
    }

    /// The open itself must not wait: a file swapped for a FIFO after any
    /// look at its name would otherwise block for ever.
    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_at_the_open_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("rules.ron");
        let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path and a plain mode.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let file = open_without_waiting(&fifo).expect("opened without a writer");
        assert!(!file.metadata().unwrap().is_file());
        let err = Source::read(&fifo).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    #[test]
    fn syntax_errors_name_file_line_and_column() {
        let src = Source::new("x.ron", "(\n  a: 1\n  b: 2,\n)");
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: u8,
            b: u8,
        }
        let err = src.parse::<T>().unwrap_err();
        assert_eq!(err.place.file, "x.ron");
        assert_eq!(err.place.line, 3, "{err}");
        assert!(err.to_string().starts_with("x.ron:3:"), "{err}");
        assert!(err.to_string().contains("error: expected a comma"), "{err}");
    }

    #[test]
    fn suggestions_pick_the_nearest_name_and_stay_quiet_when_nothing_is_near() {
        let known = ["colleague.power", "colleague.severity", "danger.who"];
        assert_eq!(
            did_you_mean("colleague.powr", known).as_deref(),
            Some("did you mean \"colleague.power\"?")
        );
        assert_eq!(did_you_mean("finances", known), None);
        assert_eq!(
            did_you_mean("dagner.who", known).as_deref(),
            Some("did you mean \"danger.who\"?"),
            "a swapped pair of letters is one slip"
        );
    }
}
