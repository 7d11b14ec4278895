//! Calendar arithmetic the seed and the date literals share (UTC, calendar quarters).

use time::{Date, Duration, Month, OffsetDateTime, Time};

/// The first day of the calendar quarter `day` is in.
pub fn quarter_start(day: Date) -> Date {
    let first_month = match day.month() {
        Month::January | Month::February | Month::March => Month::January,
        Month::April | Month::May | Month::June => Month::April,
        Month::July | Month::August | Month::September => Month::July,
        Month::October | Month::November | Month::December => Month::October,
    };
    Date::from_calendar_date(day.year(), first_month, 1).unwrap_or(day)
}

/// The first day of the quarter after the one `day` is in.
pub fn next_quarter_start(day: Date) -> Date {
    let start = quarter_start(day);
    let (year, month) = match start.month() {
        Month::October => (start.year() + 1, Month::January),
        m => (start.year(), m.nth_next(3)),
    };
    Date::from_calendar_date(year, month, 1).unwrap_or(day)
}

/// The last day of the quarter `day` is in.
pub fn quarter_end(day: Date) -> Date {
    next_quarter_start(day) - Duration::days(1)
}

/// Midnight UTC at the start of `day`.
pub fn midnight(day: Date) -> OffsetDateTime {
    day.with_time(Time::MIDNIGHT).assume_utc()
}

/// `day` at `hour:minute` UTC.
pub fn at(day: Date, hour: u8, minute: u8) -> OffsetDateTime {
    let time = Time::from_hms(hour, minute, 0).unwrap_or(Time::MIDNIGHT);
    day.with_time(time).assume_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn quarters_follow_the_calendar() {
        assert_eq!(quarter_start(date!(2026 - 02 - 14)), date!(2026 - 01 - 01));
        assert_eq!(quarter_end(date!(2026 - 02 - 14)), date!(2026 - 03 - 31));
        assert_eq!(quarter_start(date!(2026 - 06 - 30)), date!(2026 - 04 - 01));
        assert_eq!(
            next_quarter_start(date!(2026 - 11 - 05)),
            date!(2027 - 01 - 01)
        );
        assert_eq!(quarter_end(date!(2026 - 12 - 31)), date!(2026 - 12 - 31));
    }
}
