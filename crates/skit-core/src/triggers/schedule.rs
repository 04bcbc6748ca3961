//! `Schedule:` headers: parsing them and deciding, at a given time, which are due.
//! A schedule is a 5-field cron
//! pattern (minute hour day-of-month month day-of-week, as in crontab(5)) or one of
//! `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly` (`@annually`), evaluated in
//! the local time zone by `croner`; DST days follow Vixie cron: a fixed time that
//! falls into the skipped hour runs right after it, one in the repeated hour runs
//! once, and an interval pattern (`*/15 * * * *`) runs on both halves.
//!
//! [`due_now`] is pure (the clock is an argument): after a suspend or a clock jump
//! every next run is computed again from now, and a run more than [`TOLERANCE`]
//! late is skipped, never fired in a burst. The thread that sleeps until the next
//! due time is `scheduler.rs`. Not here: running the script, or skipping a run
//! that would overlap the last one (the caller knows what is running).

use std::collections::BTreeMap;

use chrono::{DateTime, Local, TimeDelta, TimeZone};
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

/// How late a run may still fire: a wake-up this close to the due time is the
/// normal case (timer slack, a busy machine, a small clock correction); anything
/// later means the machine slept or the clock jumped, and the run is skipped.
pub(crate) const TOLERANCE: TimeDelta = TimeDelta::minutes(2);

/// After the clock goes back by less than this, a due time that already fired is
/// not fired again (crontab's cron uses the same rule with 3 hours). A larger step
/// back is treated as a new day that runs everything again.
const REPEAT_WINDOW: TimeDelta = TimeDelta::hours(3);

const SHORTHANDS: [(&str, &str); 6] = [
    ("@hourly", "0 * * * *"),
    ("@daily", "0 0 * * *"),
    ("@weekly", "0 0 * * 0"),
    ("@monthly", "0 0 1 * *"),
    ("@yearly", "0 0 1 1 *"),
    ("@annually", "0 0 1 1 *"),
];

/// A parsed `Schedule:` value.
#[derive(Clone, Debug)]
pub(crate) struct Schedule {
    text: String,
    cron: Cron,
}

impl PartialEq for Schedule {
    fn eq(&self, other: &Schedule) -> bool {
        self.text == other.text
    }
}

impl Eq for Schedule {}

/// One field of a 5-field pattern: its name in messages, its range, and the names
/// it accepts for its values.
struct Field {
    pub(crate) name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    /// Letters with a special meaning (`L`, `W`, `#`), checked by croner.
    special: &'static [char],
}

const FIELDS: [Field; 5] = [
    Field {
        name: "minute",
        min: 0,
        max: 59,
        names: &[],
        special: &[],
    },
    Field {
        name: "hour",
        min: 0,
        max: 23,
        names: &[],
        special: &[],
    },
    Field {
        name: "day of month",
        min: 1,
        max: 31,
        names: &[],
        special: &['L', 'W', '?'],
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: &[
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ],
        special: &[],
    },
    Field {
        name: "day of week",
        min: 0,
        max: 7,
        names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
        special: &['L', '#', '?'],
    },
];

impl Schedule {
    /// Parses a `Schedule:` value. The error names the part that is wrong.
    pub(crate) fn parse(text: &str) -> Result<Schedule, String> {
        let text = text.trim();
        let fail = |why: String| format!("Schedule \"{text}\": {why}");
        let pattern = if text.starts_with('@') {
            SHORTHANDS
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(text))
                .map(|(_, pattern)| *pattern)
                .ok_or_else(|| {
                    fail(
                        "unknown shorthand; use @hourly, @daily, @weekly, @monthly or @yearly"
                            .into(),
                    )
                })?
        } else {
            text
        };
        let fields: Vec<&str> = pattern.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(fail(format!(
                "expected 5 fields (minute hour day-of-month month day-of-week) or a \
                 shorthand such as @daily, found {}",
                fields.len()
            )));
        }
        for (value, field) in fields.iter().zip(&FIELDS) {
            check_field(value, field).map_err(fail)?;
        }
        let parser = CronParser::builder()
            .seconds(Seconds::Disallowed)
            .year(Year::Disallowed)
            .build();
        // Anything croner still refuses (a misplaced `L` or `#`) gets its message.
        let cron = parser.parse(pattern).map_err(|e| fail(e.to_string()))?;
        Ok(Schedule {
            text: text.to_string(),
            cron,
        })
    }

    /// A test hook: a 6-field pattern with seconds first (`*/2 * * * * *`), so
    /// tests see a schedule fire without waiting a minute. skit accepts these only
    /// when `SKIT_TEST_SCHEDULE_SECONDS=1` is set (see `triggers::Options`).
    pub(crate) fn parse_with_seconds(text: &str) -> Result<Schedule, String> {
        let text = text.trim();
        let parser = CronParser::builder()
            .seconds(Seconds::Required)
            .year(Year::Disallowed)
            .build();
        let cron = parser
            .parse(text)
            .map_err(|e| format!("Schedule \"{text}\" (with seconds): {e}"))?;
        Ok(Schedule {
            text: text.to_string(),
            cron,
        })
    }

    /// A test hook's schedule that must parse.
    #[cfg(test)]
    pub(crate) fn with_seconds(text: &str) -> Schedule {
        Schedule::parse_with_seconds(text).expect("a valid test pattern")
    }

    /// The value as written (trimmed).
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// The first run strictly after `after`, in whole seconds. `None` only for a
    /// pattern that never matches (`0 0 31 2 *`).
    pub(crate) fn next_after(&self, after: DateTime<Local>) -> Option<DateTime<Local>> {
        self.next_after_in(&after)
    }

    /// [`Schedule::next_after`] in any time zone (tests use fixed ones).
    pub(crate) fn next_after_in<Tz: TimeZone>(&self, after: &DateTime<Tz>) -> Option<DateTime<Tz>> {
        self.cron.find_next_occurrence(after, false).ok()
    }
}

fn check_field(value: &str, field: &Field) -> Result<(), String> {
    let name = field.name;
    for item in value.split(',') {
        if item.is_empty() {
            return Err(format!("the {name} field \"{value}\" has an empty item"));
        }
        if item.to_ascii_uppercase().contains(field.special) {
            continue;
        }
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, Some(step)),
            None => (item, None),
        };
        if let Some(step) = step {
            let step: u32 = step
                .parse()
                .map_err(|_| format!("{name} step \"{step}\" is not a number"))?;
            if step == 0 || step > field.max {
                return Err(format!(
                    "{name} step {step} is out of range (1-{})",
                    field.max
                ));
            }
        }
        if range == "*" {
            // croner refuses a bare `*` among other items with "Invalid number".
            if step.is_none() && value.contains(',') {
                return Err(format!(
                    "the {name} field \"{value}\" lists *, which already means every \
                     {name}: write * alone"
                ));
            }
            continue;
        }
        let (from, to) = match range.split_once('-') {
            Some((from, to)) => (value_of(from, field)?, Some(value_of(to, field)?)),
            None => (value_of(range, field)?, None),
        };
        if let Some(to) = to
            && from > to
        {
            return Err(format!(
                "{name} range {from}-{to} runs backwards; write the smaller value first"
            ));
        }
    }
    Ok(())
}

fn value_of(text: &str, field: &Field) -> Result<u32, String> {
    let name = field.name;
    if let Some(index) = field
        .names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(text))
    {
        // Months count from 1, weekdays from 0 (Sunday), like their ranges.
        return Ok(index as u32 + field.min);
    }
    let number: u32 = text.parse().map_err(|_| {
        if field.names.is_empty() {
            format!("{name} \"{text}\" is not a number")
        } else {
            format!(
                "{name} \"{text}\" is neither a number nor a name ({})",
                field.names.join(", ")
            )
        }
    })?;
    if number < field.min || number > field.max {
        return Err(format!(
            "{name} {number} is out of range ({}-{})",
            field.min, field.max
        ));
    }
    Ok(number)
}

/// What the scheduler knows about one entry between wake-ups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Planned {
    /// When it is due next; `None` before its first computation.
    next: Option<DateTime<Local>>,
    /// The due time it last fired for.
    fired: Option<DateTime<Local>>,
}

/// What to do at one wake-up.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Decision {
    /// Entries to run now.
    pub(crate) fire: Vec<u64>,
    /// Entries whose due time passed too long ago (suspend, clock jump), with that
    /// time; they are skipped.
    pub(crate) missed: Vec<(u64, DateTime<Local>)>,
    /// The earliest next due time, to sleep until.
    pub(crate) wake: Option<DateTime<Local>>,
}

/// Decides, at `now`, which entries fire, and computes every next run again from
/// `now`. Pure, so the clock is whatever the caller says. `state` is kept between
/// calls; entries not in `entries` are forgotten.
pub(crate) fn due_now(
    entries: &[(u64, Schedule)],
    state: &mut BTreeMap<u64, Planned>,
    now: DateTime<Local>,
) -> Decision {
    state.retain(|id, _| entries.iter().any(|(e, _)| e == id));
    let mut decision = Decision::default();
    for (id, schedule) in entries {
        let planned = state.entry(*id).or_default();
        if let Some(due) = planned.next
            && due <= now
        {
            // The clock went back a little after this time fired: it is the same run.
            let repeat = planned
                .fired
                .is_some_and(|fired| due <= fired && fired - due < REPEAT_WINDOW);
            if repeat {
                tracing::debug!("entry {id}: {due} already ran before the clock went back");
            } else if now - due <= TOLERANCE {
                decision.fire.push(*id);
                planned.fired = Some(due);
            } else {
                decision.missed.push((*id, due));
            }
        }
        // From now, not from the last due time: after a jump the old plan is wrong
        // both ways (too early after a step back, a backlog after a step forward).
        planned.next = schedule.next_after(now);
        if let Some(next) = planned.next {
            decision.wake = Some(decision.wake.map_or(next, |w: DateTime<Local>| w.min(next)));
        }
    }
    decision
}

#[cfg(test)]
mod tests;
