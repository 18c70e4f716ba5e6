//! The plain line mode: numbered prompts on stdin/stdout, for screen readers
//! and scripts. The same walk as the full-screen wizard, one line at a time,
//! with stable prefixes ("Question 3:", "Choose 1-4, ...") and no box
//! drawing or colour codes.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use time::OffsetDateTime;

use crate::code::{Catalogue, Principle};
use crate::engine::{AnswerError, Walk};
use crate::outcome::Outcome;
use crate::record::guard;
use crate::record::store::Store;
use crate::record::ymd_text as format_date;
use crate::record::{
    Consultation, CourseOfAction, Decision, QuickTests, Record, TrainingInfo, resume,
};
use crate::rules::{Kind, Question, RuleSet};
use crate::training::{self, Scenario};
use crate::view::{OutcomeView, markdown};
use crate::wizard::{self, Launch, parse_date};

/// Why the walk stopped early: the user typed `q`, or the input ended.
enum Stop {
    Quit,
    EndOfInput,
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Self {
        Stop::Io(error)
    }
}

type Flow<T> = Result<T, Stop>;

/// Runs the walk as numbered prompts until it ends or the user quits.
pub fn run(
    launch: Launch,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> anyhow::Result<ExitCode> {
    let Launch {
        set,
        code,
        store,
        record,
        resumed,
        scenario,
        all,
        official,
        ..
    } = launch;
    let mut plain = Plain {
        all,
        official,
        set: &set,
        code: &code,
        store: store.as_ref(),
        walk: Walk::new(&set.rules),
        record,
        input,
        output,
        save_error: None,
    };
    let scenario = scenario.as_ref().map(|l| &l.scenario);
    let result = plain.walk_through(resumed, scenario);
    let (reason, result) = match result {
        Ok(()) => (None, Ok(())),
        Err(Stop::Quit) => (Some("Stopped."), Ok(())),
        Err(Stop::EndOfInput) => (Some("End of input."), Ok(())),
        Err(Stop::Io(error)) => (None, Err(error)),
    };
    plain.save();
    if let Some(reason) = reason {
        plain.say(&format!("\n{reason}"))?;
    }
    let mut exit = ExitCode::SUCCESS;
    match (plain.store, plain.save_error.take()) {
        (Some(_), Some(_)) if !plain.record_is_empty() => {
            let saved = wizard::offer_elsewhere(&plain.record, plain.input, plain.output)?;
            if saved.is_none() {
                exit = ExitCode::from(1);
            }
        }
        (Some(store), None) if !plain.record_is_empty() => plain.say(&wizard::saved_words(
            &store.path_of(&plain.record.id),
            &plain.record,
        ))?,
        (Some(_), _) => plain.say("Nothing to save.")?,
        (None, _) => plain.say("Not saving (--no-save): nothing was written.")?,
    }
    result?;
    Ok(exit)
}

struct Plain<'a, 'io> {
    /// List the steps that do not apply, with why.
    all: bool,
    /// The official wording from the user's imported copy, if any.
    official: Option<crate::official::Official>,
    set: &'a RuleSet,
    code: &'a Catalogue,
    store: Option<&'a Store>,
    walk: Walk<'a>,
    record: Record,
    input: &'io mut dyn BufRead,
    output: &'io mut dyn Write,
    /// Why the last save failed, until one succeeds.
    save_error: Option<String>,
}

impl<'a> Plain<'a, '_> {
    fn say(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.output, "{text}")
    }

    /// Prints a prompt and reads one line; the end of input stops the walk.
    fn ask(&mut self, prompt: &str) -> Flow<String> {
        write!(self.output, "{prompt} ")?;
        self.output.flush()?;
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Err(Stop::EndOfInput);
        }
        Ok(crate::printable::printable(line.trim()).into_owned())
    }

    /// A yes/no question where Enter means no; `q` quits.
    fn ask_yes(&mut self, prompt: &str) -> Flow<bool> {
        loop {
            match self
                .ask(&format!("{prompt} (y/N)"))?
                .to_lowercase()
                .as_str()
            {
                "y" | "yes" => return Ok(true),
                "" | "n" | "no" => return Ok(false),
                "q" => return Err(Stop::Quit),
                _ => self.say("Please answer y or n.")?,
            }
        }
    }

    /// Free text, checked for identifying details before it is kept.
    fn ask_text(&mut self, prompt: &str) -> Flow<String> {
        loop {
            let text = self.ask(prompt)?;
            let findings = guard::scan(&text);
            if findings.is_empty() {
                return Ok(text);
            }
            self.say("This may identify someone. Records should hold facts, not names or contact details. Found:")?;
            for f in &findings {
                self.say(&format!("  - {}: \"{}\"", f.kind.describe(), f.text))?;
            }
            loop {
                let choice = self.ask(
                    "Type e to edit it, r to remove those details, or k to keep it as written:",
                )?;
                match choice.to_lowercase().as_str() {
                    "e" => break,
                    "r" => return Ok(guard::redact(&text)),
                    "k" => return Ok(text),
                    _ => self.say("Please type e, r or k.")?,
                }
            }
        }
    }

    fn record_is_empty(&self) -> bool {
        let r = &self.record;
        r.situation.is_empty()
            && r.answers.is_empty()
            && r.options.is_empty()
            && r.consultations.is_empty()
            && r.decision.is_none()
            && r.training.is_none()
    }

    fn outcome(&self) -> Outcome {
        Outcome::of(&self.walk, self.code)
    }

    /// Autosave: after every answer and edit.
    fn save(&mut self) {
        let outcome = self.outcome();
        wizard::sync_record(
            &mut self.record,
            &self.walk,
            &outcome,
            OffsetDateTime::now_utc(),
        );
        if let Some(store) = self.store
            && !self.record_is_empty()
        {
            self.save_error = store
                .save_answering(&self.record)
                .err()
                .map(|e| format!("{e:#}"));
            if let Some(error) = &self.save_error {
                let _ = self.say(&format!("Could not save: {error}"));
            }
        }
    }

    fn walk_through(&mut self, resumed: bool, scenario: Option<&Scenario>) -> Flow<()> {
        self.say("dilemma: work through an ethical dilemma with the NOHS standards.")?;
        self.say(
            "At any question: type the number of your answer, b to go back, ? for help, q to quit.",
        )?;
        match self.store {
            Some(store) => self.say(&format!(
                "Your answers are saved as you go, in {}.",
                store.dir().display()
            ))?,
            None => self.say("Not saving (--no-save).")?,
        }
        if let Some(scenario) = scenario
            && !resumed
        {
            self.say(&format!("\nTraining case: {}\n", scenario.title))?;
            self.say(scenario.vignette.trim())?;
            self.say("")?;
            // `train --student` may already have named the trainee.
            let known = self
                .record
                .training
                .as_ref()
                .and_then(|t| t.student.clone());
            let student = match known {
                Some(student) => student,
                None => self.ask("Your name or label for grading (optional, Enter to skip):")?,
            };
            self.record.training = Some(TrainingInfo {
                scenario: scenario.id.clone(),
                student: (!student.is_empty()).then_some(student),
            });
            self.save();
        }
        if resumed {
            let set = self.set;
            let reopened = resume::reopen(&self.record, set, self.code);
            if let Some(changes) = &reopened.changes {
                self.say("")?;
                for line in changes.describe(&set.rules, self.code) {
                    self.say(&line)?;
                }
                resume::adopt(&mut self.record, &reopened, set);
            }
            self.walk = reopened.walk;
            self.say(&format!(
                "\nResuming: {} answer{} so far.",
                self.walk.answers().len(),
                if self.walk.answers().len() == 1 {
                    ""
                } else {
                    "s"
                }
            ))?;
        } else if scenario.is_none() {
            self.say("\nSituation: in a few lines, what is happening? Write facts, not names: leave out names, birth dates, phone numbers, addresses and ID numbers.")?;
            self.record.situation = self.ask_text("Situation (Enter to skip):")?;
            self.save();
        }
        self.questions()?;

        let outcome = self.outcome();
        self.say("")?;
        let view = OutcomeView::build(&outcome, &self.set.rules, self.code)
            .with_official(self.official.as_ref());
        self.say(
            markdown::document(
                &view,
                markdown::Options {
                    all: self.all,
                    all_hint: "start with `--all`",
                },
            )
            .trim_end(),
        )?;
        if let Some(scenario) = scenario.filter(|s| !s.has_key()) {
            self.say(&format!(
                "\nNo key came with \"{}\": your instructor scores this walk from the file you hand in.",
                scenario.id
            ))?;
        }
        if let Some(scenario) = scenario.filter(|s| s.has_key()) {
            let score = training::score(scenario, &self.set.rules, &outcome, self.walk.answers());
            self.say("")?;
            self.say(training::score_report(scenario, &score, self.set, self.code).trim_end())?;
        }
        self.say("")?;
        self.options()?;
        self.consultations()?;
        self.decision(&outcome)?;
        if self.record.decision.is_some() {
            self.say("\nThe record is complete.")?;
        }
        Ok(())
    }

    fn questions(&mut self) -> Flow<()> {
        let mut crisis_shown = false;
        let crisis = self.set.rules.crisis.as_ref();
        while let Some((id, question)) = self.walk.current() {
            match (self.walk.in_crisis(), crisis) {
                (true, Some(crisis)) if !crisis_shown => {
                    self.say(&format!(
                        "\n{}: {}",
                        crisis.title.to_uppercase(),
                        crisis.text
                    ))?;
                    crisis_shown = true;
                }
                (false, _) => crisis_shown = false,
                _ => {}
            }
            let number = self.walk.answers().len() + 1;
            self.say(&format!("\nQuestion {number}: {}", question.prompt))?;
            for (i, choice) in question.choices.iter().enumerate() {
                self.say(&format!("  {}. {}", i + 1, choice.label))?;
                if let Some(hint) = &choice.hint {
                    self.say(&format!("     {hint}"))?;
                }
            }
            self.answer(id, question)?;
        }
        Ok(())
    }

    /// Reads answers until one fits the question (or the user goes back).
    fn answer(&mut self, id: &str, question: &Question) -> Flow<()> {
        let count = question.choices.len();
        let instruction = match question.kind {
            Kind::One => format!("Choose 1-{count}, or b for back, ? for help, q to quit:"),
            Kind::Many => format!(
                "Choose one or more of 1-{count}, separated by commas, or b for back, ? for help, q to quit:"
            ),
        };
        loop {
            let line = self.ask(&instruction)?;
            match line.to_lowercase().as_str() {
                "q" => return Err(Stop::Quit),
                "?" => {
                    self.say(&format!("Why we ask: {}", question.help))?;
                    self.say("Type the number of your answer and press Enter. b goes back to the previous question; q stops and keeps what you answered.")?;
                    continue;
                }
                "b" => {
                    match self.walk.back() {
                        Some(_) => {
                            self.say("Going back one question.")?;
                            self.save();
                        }
                        None => self.say("This is the first question.")?,
                    }
                    return Ok(());
                }
                _ => {}
            }
            if line.is_empty() && question.kind == Kind::Many {
                let none = question
                    .choices
                    .iter()
                    .position(|c| c.exclusive)
                    .map_or(String::new(), |i| {
                        format!(", or {} for \"{}\"", i + 1, question.choices[i].label)
                    });
                self.say(&format!(
                    "Pick at least one: type the numbers that apply, for example 1,3{none}."
                ))?;
                continue;
            }
            let Some(picked) = parse_numbers(&line, count) else {
                self.say(&match question.kind {
                    Kind::One => format!("Please answer with one number from 1 to {count}."),
                    Kind::Many => format!(
                        "Please answer with numbers from 1 to {count}, separated by commas (for example 1,3)."
                    ),
                })?;
                continue;
            };
            if question.kind == Kind::One && picked.len() != 1 {
                self.say(&format!("Please choose just one number from 1 to {count}."))?;
                continue;
            }
            let choices = picked
                .iter()
                .map(|i| question.choices[*i].id.clone())
                .collect();
            match self.walk.answer(choices) {
                Ok(()) => {
                    self.save();
                    let dropped = self.walk.take_dropped();
                    if !dropped.is_empty() {
                        let rules = &self.set.rules;
                        let prompts: Vec<&str> = dropped
                            .iter()
                            .map(|d| rules.prompt_of(&d.question))
                            .collect();
                        self.say(&format!(
                            "Kept answers that no longer apply were dropped: {}",
                            prompts.join("; ")
                        ))?;
                    }
                    return Ok(());
                }
                Err(AnswerError::Exclusive { choice, .. }) => {
                    let label = question
                        .choice(&choice)
                        .map_or(choice.as_str(), |c| c.label.as_str());
                    self.say(&format!(
                        "\"{label}\" cannot be combined with other choices."
                    ))?;
                }
                Err(error) => self.say(&format!("That answer does not fit: {error} ({id})."))?,
            }
        }
    }

    fn options(&mut self) -> Flow<()> {
        if !self
            .ask_yes("Options: would you like to list the courses of action you are weighing?")?
        {
            return Ok(());
        }
        let names: Vec<String> = Principle::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{}. {}", i + 1, self.code.principle(*p).name))
            .collect();
        loop {
            let n = self.record.options.len() + 1;
            let title =
                self.ask_text(&format!("Option {n}: what would you do? (Enter to finish)"))?;
            if title.is_empty() {
                return Ok(());
            }
            let benefits = self.ask_text("Who benefits, and how? (Enter to skip)")?;
            let harms = self.ask_text("Who may be harmed, and how? (Enter to skip)")?;
            self.say(&format!("Principles: {}", names.join("  ")))?;
            let principles = loop {
                let line = self.ask(
                    "Which principles does it serve? Numbers separated by commas (Enter to skip):",
                )?;
                if line.is_empty() {
                    break Vec::new();
                }
                match parse_numbers(&line, Principle::ALL.len()) {
                    Some(picked) => break picked.into_iter().map(|i| Principle::ALL[i]).collect(),
                    None => self.say(&format!(
                        "Please use numbers from 1 to {}.",
                        Principle::ALL.len()
                    ))?,
                }
            };
            let tests = QuickTests {
                public: self.ask_test("Would you be comfortable if it were made public?")?,
                colleague: self.ask_test("Would you advise a colleague to do the same?")?,
                reversible: self.ask_test("Could it be undone if it turns out wrong?")?,
            };
            self.record.options.push(CourseOfAction {
                title,
                benefits,
                harms,
                principles,
                tests,
            });
            self.save();
        }
    }

    fn ask_test(&mut self, prompt: &str) -> Flow<Option<bool>> {
        loop {
            match self
                .ask(&format!("{prompt} (y/n, Enter to skip)"))?
                .to_lowercase()
                .as_str()
            {
                "" => return Ok(None),
                "y" | "yes" => return Ok(Some(true)),
                "n" | "no" => return Ok(Some(false)),
                _ => self.say("Please answer y or n, or press Enter to skip.")?,
            }
        }
    }

    fn consultations(&mut self) -> Flow<()> {
        if !self.ask_yes("Consultation: would you like to note who you consulted?")? {
            return Ok(());
        }
        loop {
            let role =
                self.ask_text("Who did you consult, by role (never by name)? (Enter to finish)")?;
            if role.is_empty() {
                return Ok(());
            }
            let date = loop {
                let line = self.ask("When? (YYYY-MM-DD, Enter for today)")?;
                if line.is_empty() {
                    break OffsetDateTime::now_utc().date();
                }
                match parse_date(&line) {
                    Ok(date) => break date,
                    Err(problem) => self.say(&problem)?,
                }
            };
            let advice = self.ask_text("What did they advise? (Enter to skip)")?;
            self.record
                .consultations
                .push(Consultation { role, date, advice });
            self.save();
        }
    }

    fn decision(&mut self, outcome: &Outcome) -> Flow<()> {
        if !self.ask_yes("Decision: would you like to record what you decided?")? {
            return Ok(());
        }
        let titles: Vec<String> = self
            .record
            .options
            .iter()
            .map(|o| o.title.clone())
            .collect();
        for (i, title) in titles.iter().enumerate() {
            self.say(&format!("  {}. {title}", i + 1))?;
        }
        let prompt = if titles.is_empty() {
            "What did you decide?"
        } else {
            "What did you decide? Type an option's number, or your own words:"
        };
        let chosen = loop {
            let text = self.ask_text(prompt)?;
            let picked = text
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| titles.get(i));
            match picked {
                Some(title) => break title.clone(),
                None if !text.is_empty() => break text,
                None => self.say("Please write what you decided.")?,
            }
        };
        let rationale = self.ask_text("Why? Your rationale (Enter to skip)")?;
        let steps: Vec<((String, String), String)> = outcome
            .ladders
            .iter()
            .flat_map(|l| {
                l.steps.iter().filter(|s| s.applies).map(move |s| {
                    (
                        (l.id.clone(), s.id.clone()),
                        format!("{}: {}", l.title, s.text),
                    )
                })
            })
            .collect();
        let mut next_step = None;
        if !steps.is_empty() {
            for (i, (_, text)) in steps.iter().enumerate() {
                self.say(&format!("  {}. {text}", i + 1))?;
            }
            next_step = loop {
                let line = self.ask(&format!(
                    "The next step you will take: 1-{} (Enter to skip)",
                    steps.len()
                ))?;
                if line.is_empty() {
                    break None;
                }
                match parse_numbers(&line, steps.len()) {
                    Some(picked) if picked.len() == 1 => break Some(steps[picked[0]].0.clone()),
                    _ => self.say(&format!(
                        "Please answer with one number from 1 to {}.",
                        steps.len()
                    ))?,
                }
            };
        }
        let follow_up = loop {
            let line = self.ask("Follow up on (YYYY-MM-DD, Enter to skip)")?;
            if line.is_empty() {
                break None;
            }
            match parse_date(&line) {
                Ok(date) => break Some(date),
                Err(problem) => self.say(&problem)?,
            }
        };
        self.record.decision = Some(Decision {
            chosen,
            rationale,
            next_step,
            follow_up,
        });
        self.save();
        if let Some(date) = follow_up {
            self.say(&format!("Follow-up noted for {}.", format_date(date)))?;
        }
        Ok(())
    }
}

/// Reads "2" or "1, 3" as zero-based indexes below `count`; `None` if any
/// part is not such a number or one is repeated.
fn parse_numbers(line: &str, count: usize) -> Option<Vec<usize>> {
    let mut picked = Vec::new();
    for part in line.split([',', ' ']).filter(|p| !p.trim().is_empty()) {
        let n: usize = part.trim().parse().ok()?;
        let index = n.checked_sub(1).filter(|i| *i < count)?;
        if picked.contains(&index) {
            return None;
        }
        picked.push(index);
    }
    (!picked.is_empty()).then_some(picked)
}

#[cfg(test)]
mod tests {
    use super::parse_numbers;

    #[test]
    fn numbers_are_read_from_commas_or_spaces_and_checked() {
        assert_eq!(parse_numbers("2", 4), Some(vec![1]));
        assert_eq!(parse_numbers("1, 3", 4), Some(vec![0, 2]));
        assert_eq!(parse_numbers("1 3", 4), Some(vec![0, 2]));
        assert_eq!(parse_numbers("5", 4), None);
        assert_eq!(parse_numbers("0", 4), None);
        assert_eq!(parse_numbers("1,1", 4), None);
        assert_eq!(parse_numbers("yes", 4), None);
        assert_eq!(parse_numbers("", 4), None);
    }
}
