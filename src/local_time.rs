//! Times as the reader's clock shows them. Records keep UTC; everything
//! shown on screen or in a document is turned into local time, with the
//! offset, using the system's time zone (`TZ`, else `/etc/localtime`).
//! `time`'s own local offset refuses to work once a program has threads,
//! which is why `jiff` reads the zone here.

use time::{Date, OffsetDateTime, UtcOffset};

/// `t` at the local offset in force at that instant (daylight saving
/// included); unchanged when the zone cannot be read.
pub fn local(t: OffsetDateTime) -> OffsetDateTime {
    let Ok(instant) = jiff::Timestamp::from_second(t.unix_timestamp()) else {
        return t;
    };
    let seconds = jiff::tz::TimeZone::system().to_offset(instant).seconds();
    UtcOffset::from_whole_seconds(seconds).map_or(t, |offset| t.to_offset(offset))
}

/// An offset as readers see it: `UTC`, `UTC+01:00`, `UTC-05:30`.
pub fn offset_name(offset: UtcOffset) -> String {
    if offset.is_utc() {
        return "UTC".to_string();
    }
    let (h, m, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!("UTC{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
}

/// A time in local time, as `2026-03-01 10:15 UTC` or, away from UTC,
/// `2026-03-01 11:15 UTC+01:00`.
pub fn when(t: OffsetDateTime) -> String {
    let t = local(t);
    let zone = offset_name(t.offset());
    format!(
        "{} {:02}:{:02} {zone}",
        ymd_text(t.date()),
        t.hour(),
        t.minute()
    )
}

/// A date as `YYYY-MM-DD`, the way records write them.
pub fn ymd_text(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Now, in local time.
pub fn now() -> OffsetDateTime {
    local(OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_instant_is_kept_whatever_the_offset() {
        let t = OffsetDateTime::from_unix_timestamp(1_772_000_000).unwrap();
        assert_eq!(local(t).unix_timestamp(), t.unix_timestamp());
    }
}
