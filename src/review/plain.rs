//! The review as numbered lines on stdin/stdout: for screen readers, pipes
//! and scripts. Every prompt starts on its own line with a stable wording.

use std::io::{BufRead, Write};

use anyhow::Result;
use time::Date;

use super::{Change, Review};
use crate::record::Record;

/// Performs a change (saves it) and returns the record as saved.
pub type Saver<'s> = dyn FnMut(&Change) -> Result<Record> + 's;

const HELP: &str = "\
Commands:
  r N   read item N in full, with its comments
  c N   comment on item N
  e N   reword or withdraw a comment on item N (before sign-off)
  s     sign the record off
  l     list the items again
  d     print the whole record as a document
  h     this help
  q     quit (everything you added is already saved)";

/// Runs the plain review until `q` or the end of input.
pub fn run(
    review: &mut Review,
    today: Date,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    save: &mut Saver<'_>,
) -> Result<()> {
    let mut session = Session {
        review,
        today,
        input,
        output,
        role: None,
    };
    session.intro()?;
    loop {
        let Some(line) = session.ask("review>")? else {
            break;
        };
        let mut words = line.split_whitespace();
        let command = words.next().unwrap_or("");
        let number = words.next();
        match command {
            "" => {}
            "q" | "quit" | "exit" => break,
            "h" | "?" | "help" => writeln!(session.output, "{HELP}")?,
            "l" | "list" => session.list()?,
            "d" | "document" => write!(session.output, "{}", session.review.document)?,
            "r" | "read" => {
                if let Some(index) = session.item_number(number)? {
                    session.read(index)?;
                }
            }
            "c" | "comment" => {
                if let Some(index) = session.item_number(number)? {
                    session.comment(index, save)?;
                }
            }
            "e" | "edit" => {
                if let Some(index) = session.item_number(number)? {
                    session.edit(index, save)?;
                }
            }
            "s" | "sign" => session.sign_off(save)?,
            other => writeln!(
                session.output,
                "Unknown command \"{other}\". Type h for the list of commands."
            )?,
        }
    }
    writeln!(session.output, "Review closed.")?;
    Ok(())
}

struct Session<'a> {
    review: &'a mut Review,
    today: Date,
    input: &'a mut dyn BufRead,
    output: &'a mut dyn Write,
    /// The reviewer's role, asked once and offered again.
    role: Option<String>,
}

impl Session<'_> {
    fn intro(&mut self) -> Result<()> {
        writeln!(self.output, "Review of {}", self.review.heading)?;
        if self.review.read_only {
            writeln!(
                self.output,
                "Read only: --no-save is set, so comments cannot be saved."
            )?;
        } else {
            writeln!(
                self.output,
                "You can read everything and add comments and a sign-off. The practitioner's own text is not changed."
            )?;
        }
        for line in &self.review.changes {
            writeln!(self.output, "Note: {line}")?;
        }
        self.list()?;
        writeln!(self.output, "{HELP}")?;
        Ok(())
    }

    fn list(&mut self) -> Result<()> {
        writeln!(self.output, "Items:")?;
        for (i, item) in self.review.items.iter().enumerate() {
            let count = self.review.comments_on(&item.on).len();
            let comments = match count {
                0 => String::new(),
                1 => " [1 comment]".to_string(),
                n => format!(" [{n} comments]"),
            };
            writeln!(self.output, "{:3}. {}{comments}", i + 1, item.title)?;
        }
        match &self.review.record.signoff {
            Some(s) => writeln!(
                self.output,
                "Signed off by {} on {}.",
                s.role,
                crate::record::ymd_text(s.date)
            )?,
            None => writeln!(self.output, "Not signed off yet.")?,
        }
        Ok(())
    }

    fn read(&mut self, index: usize) -> Result<()> {
        writeln!(self.output, "Item {}:", index + 1)?;
        for line in self.review.item_text(index) {
            writeln!(self.output, "  {line}")?;
        }
        Ok(())
    }

    /// Reads a line after printing a prompt; `None` at the end of input.
    fn ask(&mut self, prompt: &str) -> Result<Option<String>> {
        write!(self.output, "{prompt} ")?;
        self.output.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            writeln!(self.output)?;
            return Ok(None);
        }
        Ok(Some(crate::printable::printable(line.trim()).into_owned()))
    }

    fn item_number(&mut self, word: Option<&str>) -> Result<Option<usize>> {
        let count = self.review.items.len();
        match word.and_then(|w| w.parse::<usize>().ok()) {
            Some(n) if (1..=count).contains(&n) => Ok(Some(n - 1)),
            _ => {
                writeln!(
                    self.output,
                    "Give an item number from 1 to {count}, for example \"c 1\"."
                )?;
                Ok(None)
            }
        }
    }

    fn writable(&mut self) -> Result<bool> {
        if self.review.read_only {
            writeln!(
                self.output,
                "Nothing can be saved: --no-save is set. Run the review without it to add comments."
            )?;
        }
        Ok(!self.review.read_only)
    }

    /// Asks for the reviewer's role, offering the last one given.
    fn ask_role(&mut self) -> Result<Option<String>> {
        loop {
            let prompt = match &self.role {
                Some(role) => format!("Your role [{role}]:"),
                None => "Your role (for example: clinical supervisor):".to_string(),
            };
            let Some(answer) = self.ask(&prompt)? else {
                return Ok(None);
            };
            let role = if answer.is_empty() {
                self.role.clone()
            } else {
                Some(answer)
            };
            match role {
                Some(role) => {
                    self.role = Some(role.clone());
                    return Ok(Some(role));
                }
                None => writeln!(
                    self.output,
                    "A role is needed: records name roles, never people."
                )?,
            }
        }
    }

    fn comment(&mut self, index: usize, save: &mut Saver<'_>) -> Result<()> {
        if !self.writable()? {
            return Ok(());
        }
        let on = self.review.items[index].on.clone();
        writeln!(
            self.output,
            "Comment on item {}: {}",
            index + 1,
            self.review.items[index].title
        )?;
        let Some(role) = self.ask_role()? else {
            return Ok(());
        };
        let Some(text) = self.ask("Comment (one line; empty to cancel):")? else {
            return Ok(());
        };
        if text.is_empty() {
            writeln!(self.output, "No comment added.")?;
            return Ok(());
        }
        let change = Change::Comment { on, role, text };
        let Some(change) = self.check_details(change)? else {
            return Ok(());
        };
        self.save(&change, save, "Comment saved.")
    }

    /// Rewords or withdraws one of the comments on an item.
    fn edit(&mut self, index: usize, save: &mut Saver<'_>) -> Result<()> {
        if !self.writable()? {
            return Ok(());
        }
        if self.review.record.signoff.is_some() {
            writeln!(
                self.output,
                "The record is signed off, so its comments can no longer be changed. Add a new comment instead."
            )?;
            return Ok(());
        }
        let comments = self.review.comments_on(&self.review.items[index].on);
        let comment = match comments.as_slice() {
            [] => {
                writeln!(
                    self.output,
                    "Item {} has no comment to change; \"c {}\" adds one.",
                    index + 1,
                    index + 1
                )?;
                return Ok(());
            }
            [one] => one.clone(),
            many => {
                for (i, c) in many.iter().enumerate() {
                    writeln!(self.output, "  {}. {}", i + 1, super::plain_comment(c))?;
                }
                let Some(answer) = self.ask(&format!("Which comment (1-{})?", many.len()))? else {
                    return Ok(());
                };
                match answer
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| many.get(n.checked_sub(1)?))
                {
                    Some(c) => c.clone(),
                    None => {
                        writeln!(self.output, "No comment {answer}; nothing was changed.")?;
                        return Ok(());
                    }
                }
            }
        };
        writeln!(self.output, "Now: {}", comment.text)?;
        let Some(text) =
            self.ask("New wording (one line; empty keeps it; a single - withdraws it):")?
        else {
            return Ok(());
        };
        let text = match text.as_str() {
            "" => {
                writeln!(self.output, "Kept as it was.")?;
                return Ok(());
            }
            "-" => String::new(),
            _ => text,
        };
        let change = Change::EditComment {
            of: comment.at,
            text,
        };
        let Some(change) = self.check_details(change)? else {
            return Ok(());
        };
        let done = change.done_words(self.review);
        self.save(&change, save, &done)
    }

    fn sign_off(&mut self, save: &mut Saver<'_>) -> Result<()> {
        if !self.writable()? {
            return Ok(());
        }
        if let Some(earlier) = &self.review.record.signoff {
            writeln!(
                self.output,
                "Already signed off by {} on {}. Signing again keeps that sign-off as a comment.",
                earlier.role,
                crate::record::ymd_text(earlier.date)
            )?;
        }
        let Some(role) = self.ask_role()? else {
            return Ok(());
        };
        let name = loop {
            let Some(name) = self.ask("Your name, as you sign:")? else {
                return Ok(());
            };
            if !name.is_empty() {
                break name;
            }
            writeln!(
                self.output,
                "A sign-off is your signature: write your name."
            )?;
        };
        let today = crate::record::ymd_text(self.today);
        let date = loop {
            let Some(answer) = self.ask(&format!("Date (YYYY-MM-DD) [{today}]:"))? else {
                return Ok(());
            };
            if answer.is_empty() {
                break self.today;
            }
            match crate::record::parse_ymd(&answer) {
                Some(date) => break date,
                None => writeln!(
                    self.output,
                    "\"{answer}\" is not a date; write it as YYYY-MM-DD, for example {today}."
                )?,
            }
        };
        let Some(note) = self.ask("Note (optional):")? else {
            return Ok(());
        };
        let change = Change::SignOff {
            role,
            name,
            date,
            note,
        };
        let Some(change) = self.check_details(change)? else {
            return Ok(());
        };
        self.save(&change, save, "Signed off.")
    }

    /// Warns about identifying details and lets the reviewer keep, rewrite
    /// or drop the text. `None` when dropped.
    fn check_details(&mut self, mut change: Change) -> Result<Option<Change>> {
        loop {
            let findings = change.findings();
            if findings.is_empty() {
                return Ok(Some(change));
            }
            writeln!(
                self.output,
                "This may identify someone; records should hold roles and facts, not names or numbers:"
            )?;
            for f in &findings {
                writeln!(self.output, "  \"{}\": {}", f.text, f.kind.describe())?;
            }
            let Some(answer) =
                self.ask("Keep it as written (k), write it again (e), or leave it out (d)?")?
            else {
                return Ok(None);
            };
            match answer.as_str() {
                "k" | "keep" => return Ok(Some(change)),
                "d" | "drop" => {
                    writeln!(self.output, "Left out; nothing was saved.")?;
                    return Ok(None);
                }
                "e" | "edit" => {
                    let prompt = match &change {
                        Change::Comment { .. } | Change::EditComment { .. } => {
                            "Comment (one line; empty to cancel):"
                        }
                        Change::SignOff { .. } => "Note (optional):",
                    };
                    let Some(text) = self.ask(prompt)? else {
                        return Ok(None);
                    };
                    match &mut change {
                        Change::Comment { .. } | Change::EditComment { .. } if text.is_empty() => {
                            writeln!(self.output, "Nothing was saved.")?;
                            return Ok(None);
                        }
                        Change::Comment { text: old, .. }
                        | Change::EditComment { text: old, .. } => *old = text,
                        Change::SignOff { note, .. } => *note = text,
                    }
                }
                _ => writeln!(self.output, "Type k, e or d.")?,
            }
        }
    }

    fn save(&mut self, change: &Change, save: &mut Saver<'_>, done: &str) -> Result<()> {
        match save(change) {
            Ok(record) => {
                self.review.record = record;
                writeln!(self.output, "{done}")?;
            }
            Err(err) => writeln!(self.output, "Not saved: {err:#}")?,
        }
        Ok(())
    }
}
