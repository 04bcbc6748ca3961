//! Tests of `Schedule:` parsing and of `due_now`, apart so the module reads in one
//! sitting; the property tests check the next run against a walk of the calendar.

use super::*;
use chrono::NaiveDate;
use chrono_tz::Tz;

fn error(text: &str) -> String {
    Schedule::parse(text).unwrap_err()
}

#[test]
fn errors_name_the_bad_part() {
    assert_eq!(
        error("*/61 * * * *"),
        "Schedule \"*/61 * * * *\": minute step 61 is out of range (1-59)"
    );
    assert_eq!(
        error("61 * * * *"),
        "Schedule \"61 * * * *\": minute 61 is out of range (0-59)"
    );
    assert_eq!(
        error("0 24 * * *"),
        "Schedule \"0 24 * * *\": hour 24 is out of range (0-23)"
    );
    assert!(error("0 0 0 * *").contains("day of month 0 is out of range (1-31)"));
    assert!(error("0 0 * 13 *").contains("month 13 is out of range (1-12)"));
    assert!(error("0 0 * * 8").contains("day of week 8 is out of range (0-7)"));
    assert!(error("0 0 * * fun").contains("day of week \"fun\" is neither"));
    assert!(error("x * * * *").contains("minute \"x\" is not a number"));
    assert!(error("5-1 * * * *").contains("minute range 5-1 runs backwards"));
    assert!(error("1,,2 * * * *").contains("empty item"));
    // Found by the property tests: croner's message was "Invalid number".
    assert_eq!(
        error("0 0 1,* * *"),
        "Schedule \"0 0 1,* * *\": the day of month field \"1,*\" lists *, which already \
         means every day of month: write * alone"
    );
    assert!(Schedule::parse("*/15,5 * * * *").is_ok());
    assert!(error("*/0 * * * *").contains("minute step 0 is out of range"));
    assert!(error("* * * *").contains("expected 5 fields"));
    assert!(error("0 * * * * *").contains("found 6"));
    assert!(error("@reboot").contains("unknown shorthand"));
    assert!(error("").contains("found 0"));
}

#[test]
fn accepts_names_ranges_lists_steps_and_shorthands() {
    for ok in [
        "*/15 * * * *",
        "0 9 * * MON-FRI",
        "30 8 1,15 JAN-jun *",
        "0 0 L * *",
        "0 12 * * 5#2",
        "0-30/10 * * * 7",
        "@hourly",
        "@DAILY",
        "@weekly",
        "@monthly",
        "@yearly",
        "@annually",
    ] {
        assert!(
            Schedule::parse(ok).is_ok(),
            "{ok}: {:?}",
            Schedule::parse(ok)
        );
    }
}

fn at(tz: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Tz> {
    let naive = NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, 0)
        .unwrap();
    tz.from_local_datetime(&naive).earliest().unwrap()
}

fn next(schedule: &str, from: DateTime<Tz>) -> DateTime<Tz> {
    Schedule::parse(schedule)
        .unwrap()
        .next_after_in(&from)
        .unwrap()
}

#[test]
fn shorthands_and_plain_next_runs() {
    let tz = chrono_tz::Europe::Berlin;
    let from = at(tz, 2025, 3, 5, 10, 7); // a Wednesday
    assert_eq!(next("@hourly", from), at(tz, 2025, 3, 5, 11, 0));
    assert_eq!(next("@daily", from), at(tz, 2025, 3, 6, 0, 0));
    assert_eq!(next("@weekly", from), at(tz, 2025, 3, 9, 0, 0));
    assert_eq!(next("@monthly", from), at(tz, 2025, 4, 1, 0, 0));
    assert_eq!(next("*/15 * * * *", from), at(tz, 2025, 3, 5, 10, 15));
    // Strictly after: a time that matches is not its own next run.
    assert_eq!(
        next("*/15 * * * *", at(tz, 2025, 3, 5, 10, 15)),
        at(tz, 2025, 3, 5, 10, 30)
    );
    assert!(
        Schedule::parse("0 0 31 2 *")
            .unwrap()
            .next_after(Local::now())
            .is_none()
    );
}

#[test]
fn spring_forward_runs_a_skipped_time_right_after_the_gap() {
    // Berlin, 2025-03-30: 02:00 CET becomes 03:00 CEST.
    let tz = chrono_tz::Europe::Berlin;
    let before = at(tz, 2025, 3, 30, 1, 0);
    let run = next("30 2 * * *", before);
    assert_eq!(run, at(tz, 2025, 3, 30, 3, 0));
    assert_eq!(
        run.to_utc(),
        at(tz, 2025, 3, 30, 1, 59).to_utc() + TimeDelta::minutes(1)
    );
    // The hourly pattern has no 02:00 that day: 01:00 CET, then 03:00 CEST.
    assert_eq!(
        next("0 * * * *", at(tz, 2025, 3, 30, 1, 0)),
        at(tz, 2025, 3, 30, 3, 0)
    );
    // The day after is normal again.
    assert_eq!(next("30 2 * * *", run), at(tz, 2025, 3, 31, 2, 30));
}

#[test]
fn fall_back_runs_a_fixed_time_once_and_an_interval_twice() {
    // Berlin, 2025-10-26: 03:00 CEST becomes 02:00 CET; 02:xx happens twice.
    let tz = chrono_tz::Europe::Berlin;
    let before = at(tz, 2025, 10, 26, 1, 0);
    let first = next("30 2 * * *", before);
    assert_eq!(first.to_utc().to_rfc3339(), "2025-10-26T00:30:00+00:00");
    let again = next("30 2 * * *", first);
    assert_eq!(again.to_utc().to_rfc3339(), "2025-10-27T01:30:00+00:00");

    let mut runs = vec![];
    let mut t = before;
    for _ in 0..3 {
        t = next("0 * * * *", t);
        runs.push(t.to_utc().to_rfc3339());
    }
    assert_eq!(
        runs,
        [
            "2025-10-26T00:00:00+00:00", // 02:00 CEST
            "2025-10-26T01:00:00+00:00", // 02:00 CET
            "2025-10-26T02:00:00+00:00", // 03:00 CET
        ]
    );
}

fn local(h: u32, m: u32, s: u32) -> DateTime<Local> {
    let naive = NaiveDate::from_ymd_opt(2025, 6, 2)
        .unwrap()
        .and_hms_opt(h, m, s)
        .unwrap();
    Local.from_local_datetime(&naive).earliest().unwrap()
}

fn every_15() -> Vec<(u64, Schedule)> {
    vec![(1, Schedule::parse("*/15 * * * *").unwrap())]
}

#[test]
fn fires_on_time_and_plans_the_next_run() {
    let entries = every_15();
    let mut state = BTreeMap::new();
    let d = due_now(&entries, &mut state, local(10, 5, 0));
    assert_eq!((d.fire.len(), d.wake), (0, Some(local(10, 15, 0))));
    let d = due_now(&entries, &mut state, local(10, 15, 0));
    assert_eq!(d.fire, [1]);
    assert_eq!(d.wake, Some(local(10, 30, 0)));
    // A woken-late timer (busy machine) still fires, within the tolerance.
    let d = due_now(&entries, &mut state, local(10, 31, 30));
    assert_eq!(d.fire, [1]);
    // A spurious wake-up (a `set`) before the due time fires nothing.
    let d = due_now(&entries, &mut state, local(10, 40, 0));
    assert_eq!((d.fire.len(), d.wake), (0, Some(local(10, 45, 0))));
}

#[test]
fn a_suspend_or_a_jump_forward_skips_missed_runs_without_a_burst() {
    let entries = every_15();
    let mut state = BTreeMap::new();
    due_now(&entries, &mut state, local(10, 5, 0));
    // Asleep from 10:05 to 13:07: eleven runs were missed, none fires.
    let d = due_now(&entries, &mut state, local(13, 7, 0));
    assert!(d.fire.is_empty());
    assert_eq!(d.missed, [(1, local(10, 15, 0))]);
    assert_eq!(d.wake, Some(local(13, 15, 0)));
    let d = due_now(&entries, &mut state, local(13, 15, 0));
    assert_eq!((d.fire, d.missed), (vec![1], vec![]));
}

#[test]
fn a_small_jump_back_never_fires_a_time_that_already_ran() {
    let entries = every_15();
    let mut state = BTreeMap::new();
    due_now(&entries, &mut state, local(10, 5, 0));
    assert_eq!(due_now(&entries, &mut state, local(10, 15, 0)).fire, [1]);
    // The clock is set back 40 minutes: plans are redone from now (09:45, not
    // 10:30), but 09:45, 10:00 and 10:15 already ran, as cron does it.
    let d = due_now(&entries, &mut state, local(9, 35, 0));
    assert_eq!(d.wake, Some(local(9, 45, 0)));
    for (h, m) in [(9, 45), (10, 0), (10, 15)] {
        let d = due_now(&entries, &mut state, local(h, m, 0));
        assert_eq!((d.fire.len(), d.missed.len()), (0, 0), "{h}:{m}");
    }
    assert_eq!(due_now(&entries, &mut state, local(10, 30, 0)).fire, [1]);
}

#[test]
fn a_large_jump_back_runs_the_day_again() {
    let entries = every_15();
    let mut state = BTreeMap::new();
    due_now(&entries, &mut state, local(20, 5, 0));
    assert_eq!(due_now(&entries, &mut state, local(20, 15, 0)).fire, [1]);
    let d = due_now(&entries, &mut state, local(10, 5, 0));
    assert_eq!(d.wake, Some(local(10, 15, 0)));
    assert_eq!(due_now(&entries, &mut state, local(10, 15, 0)).fire, [1]);
}

#[test]
fn new_entries_fire_from_their_next_time_and_removed_ones_are_forgotten() {
    let mut state = BTreeMap::new();
    let entries = every_15();
    // Added at exactly a due time: the first run is the next one.
    let d = due_now(&entries, &mut state, local(10, 15, 0));
    assert_eq!((d.fire.len(), d.wake), (0, Some(local(10, 30, 0))));
    let d = due_now(&[], &mut state, local(10, 30, 0));
    assert_eq!(d, Decision::default());
    assert!(state.is_empty());
}

/// Property tests: any text is parsed or refused without a panic, and a valid
/// pattern's next run is exactly the first matching minute after now, found here
/// by walking the calendar.
mod proptests {
    use super::*;
    use crate::test_strategies::{cases, text};
    use chrono::{Datelike, NaiveDateTime, Utc};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// One item of a field (`*`, `*/s`, `n`, `a-b`, `a-b/s`, a name) and the values
    /// it allows. Days of the month stop at 28 so that every pattern matches in
    /// every month it names.
    fn item(field: &'static Field) -> BoxedStrategy<(String, BTreeSet<u32>)> {
        let top = if field.name == "day of month" {
            28
        } else {
            field.max
        };
        let (min, max) = (field.min, field.max);
        let every =
            move |step: u32, from: u32, to: u32| (from..=to).step_by(step as usize).collect();
        let items = prop_oneof![
            Just(("*".to_string(), every(1, min, max))),
            (1..=max).prop_map(move |s| (format!("*/{s}"), every(s, min, max))),
            (min..=top).prop_map(move |n| (n.to_string(), BTreeSet::from([n]))),
            (min..=top, min..=top, proptest::option::of(1..=max)).prop_map(move |(a, b, step)| {
                let (a, b) = (a.min(b), a.max(b));
                match step {
                    Some(s) => (format!("{a}-{b}/{s}"), every(s, a, b)),
                    None => (format!("{a}-{b}"), every(1, a, b)),
                }
            }),
        ];
        if field.names.is_empty() {
            return items.boxed();
        }
        let names = (0..field.names.len(), any::<bool>()).prop_map(move |(i, lower)| {
            let name = field.names[i];
            let name = if lower {
                name.to_lowercase()
            } else {
                name.to_string()
            };
            (name, BTreeSet::from([i as u32 + min]))
        });
        prop_oneof![4 => items, 1 => names].boxed()
    }

    /// A field: a list of items, and the union of what they allow.
    fn field(field: &'static Field) -> impl Strategy<Value = (String, BTreeSet<u32>)> {
        proptest::collection::vec(item(field), 1..3).prop_map(|items| {
            // `*` alone is every value; in a list it is written `*/1`.
            let text = items
                .iter()
                .map(|(t, _)| {
                    if t == "*" && items.len() > 1 {
                        "*/1"
                    } else {
                        t
                    }
                })
                .collect::<Vec<_>>()
                .join(",");
            (text, items.into_iter().flat_map(|(_, set)| set).collect())
        })
    }

    /// A valid pattern: its text (fields apart by any blanks) and the allowed
    /// values of each field (Sunday as 0 also when written 7).
    fn pattern() -> impl Strategy<Value = (String, Vec<(String, BTreeSet<u32>)>)> {
        let fields = (
            field(&FIELDS[0]),
            field(&FIELDS[1]),
            field(&FIELDS[2]),
            field(&FIELDS[3]),
            field(&FIELDS[4]),
        );
        (fields, proptest::collection::vec("[ \t]{1,2}", 4)).prop_map(|(f, blanks)| {
            let mut fields = vec![f.0, f.1, f.2, f.3, f.4];
            fields[4].1 = fields[4].1.iter().map(|d| d % 7).collect();
            let mut text = fields[0].0.clone();
            for (blank, (field, _)) in blanks.iter().zip(&fields[1..]) {
                text.push_str(blank);
                text.push_str(field);
            }
            (text, fields)
        })
    }

    /// The first minute after `now` that the fields allow, walking day by day. A
    /// day matches as croner decides (and crontab(5) says): by either day field
    /// when both are restricted, else by the restricted one.
    fn first_after(
        now: NaiveDateTime,
        fields: &[(String, BTreeSet<u32>)],
    ) -> Option<NaiveDateTime> {
        let [minutes, hours, days, months, weekdays] = fields else {
            unreachable!()
        };
        let mut date = now.date();
        for _ in 0..5 * 366 {
            let day = days.1.contains(&date.day());
            let weekday = weekdays.1.contains(&date.weekday().num_days_from_sunday());
            let day_ok = match (days.0 == "*", weekdays.0 == "*") {
                (true, _) => weekday,
                (false, true) => day,
                (false, false) => day || weekday,
            };
            if months.1.contains(&date.month()) && day_ok {
                for &hour in &hours.1 {
                    for &minute in &minutes.1 {
                        let time = date.and_hms_opt(hour, minute, 0)?;
                        if time > now {
                            return Some(time);
                        }
                    }
                }
            }
            date = date.succ_opt()?;
        }
        None
    }

    /// Text that looks like a pattern: five fields of cron's characters.
    fn cron_like() -> impl Strategy<Value = String> {
        let field = "[0-9*/,LW#?+-]{1,5}|[A-Za-z]{3}|@[a-z]{0,8}";
        proptest::collection::vec(field, 1..7).prop_map(|fields| fields.join(" "))
    }

    proptest! {
        #![proptest_config(cases(256))]

        #[test]
        fn any_text_is_a_schedule_or_an_error_naming_it(
            text in prop_oneof![text(30), cron_like()],
            seconds in 0i64..4_000_000_000,
        ) {
            match Schedule::parse(&text) {
                Ok(schedule) => {
                    let now = DateTime::from_timestamp(seconds, 0).unwrap();
                    if let Some(next) = schedule.next_after_in(&now) {
                        prop_assert!(next > now, "{}: {} after {}", text, next, now);
                    }
                }
                Err(e) => prop_assert!(e.starts_with(&format!("Schedule \"{}\"", text.trim())), "{}", e),
            }
            let _ = Schedule::parse_with_seconds(&text);
        }

        #[test]
        fn the_next_run_is_the_first_matching_minute_after_now(
            (text, fields) in pattern(),
            seconds in 946_684_800i64..4_000_000_000,
        ) {
            let schedule = Schedule::parse(&text).map_err(TestCaseError::fail)?;
            let now = DateTime::from_timestamp(seconds, 0).unwrap();
            let next = schedule.next_after_in(&now).map(|t: DateTime<Utc>| t.naive_utc());
            prop_assert_eq!(next, first_after(now.naive_utc(), &fields), "{}", text);
            // And from the real clock, in the local time zone.
            let local = Local::now();
            let next = schedule.next_after(local);
            prop_assert!(next.is_some_and(|next| next > local), "{}", text);
        }

        #[test]
        fn shorthands_are_their_patterns(
            (name, pattern) in proptest::sample::select(&SHORTHANDS[..]),
            upper in any::<bool>(),
            seconds in 946_684_800i64..4_000_000_000,
        ) {
            let name = if upper { name.to_uppercase() } else { name.to_string() };
            let now = DateTime::from_timestamp(seconds, 0).unwrap();
            let next = |text: &str| Schedule::parse(text).unwrap().next_after_in(&now);
            prop_assert_eq!(next(&name), next(pattern));
        }
    }
}
