//! Civil dates for the contract rules: reading a date in the admin's own
//! format, and the little arithmetic the rules need. Plain integers (days
//! since 1970-01-01, Howard Hinnant's days-from-civil), no clock: "today"
//! always comes from outside, so tests fix it.

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// The date formats Autotask users have (docs/autotask-pages.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    MonthDayYear,
    DayMonthYear,
    YearMonthDay,
    DayMonthYearDots,
}

pub const FORMATS: [Format; 4] = [
    Format::MonthDayYear,
    Format::DayMonthYear,
    Format::YearMonthDay,
    Format::DayMonthYearDots,
];

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::MonthDayYear => "MM/dd/yyyy",
            Format::DayMonthYear => "dd/MM/yyyy",
            Format::YearMonthDay => "yyyy-MM-dd",
            Format::DayMonthYearDots => "dd.MM.yyyy",
        }
    }

    /// One of the four names, in any case ("mm/dd/yyyy" too).
    pub fn parse(name: &str) -> Option<Format> {
        let n = name.trim().to_ascii_lowercase();
        FORMATS
            .into_iter()
            .find(|f| f.as_str().to_ascii_lowercase() == n)
    }

    /// A format named inside a hint text ("Start Date (dd/mm/yyyy)", a
    /// placeholder "MM/DD/YYYY"): only when exactly one format is named.
    /// Also reads the short forms "m/d/yyyy" and "d/m/yyyy".
    pub fn in_text(text: &str) -> Option<Format> {
        let t = text
            .to_ascii_lowercase()
            .replace("yyyy", "y")
            .replace("mm", "m")
            .replace("dd", "d");
        let found: Vec<Format> = [
            ("m/d/y", Format::MonthDayYear),
            ("d/m/y", Format::DayMonthYear),
            ("y-m-d", Format::YearMonthDay),
            ("d.m.y", Format::DayMonthYearDots),
        ]
        .into_iter()
        .filter(|(pattern, _)| contains_token(&t, pattern))
        .map(|(_, f)| f)
        .collect();
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// `pattern` in `text`, not as part of a longer word ("d/m/y" is not in "dd/m/yy").
fn contains_token(text: &str, pattern: &str) -> bool {
    text.match_indices(pattern).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + pattern.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let ok = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        ok.then_some(Date { year, month, day })
    }

    /// `yyyy-MM-dd`, the form "today" comes in.
    pub fn parse_iso(text: &str) -> Option<Date> {
        Date::parse(text, Format::YearMonthDay)
    }

    /// Reads `text` in `format`; one- or two-digit day and month, four-digit
    /// year, nothing else around it. `None` when it does not read as a real date.
    pub fn parse(text: &str, format: Format) -> Option<Date> {
        let sep = match format {
            Format::MonthDayYear | Format::DayMonthYear => '/',
            Format::YearMonthDay => '-',
            Format::DayMonthYearDots => '.',
        };
        let parts: Vec<&str> = text.trim().split(sep).collect();
        let [a, b, c] = parts.as_slice() else {
            return None;
        };
        let (y, m, d) = match format {
            Format::MonthDayYear => (c, a, b),
            Format::DayMonthYear | Format::DayMonthYearDots => (c, b, a),
            Format::YearMonthDay => (a, b, c),
        };
        let digits = |s: &str, min: usize, max: usize| {
            (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let year = digits(y, 4, 4)?;
        Date::new(year as i32, digits(m, 1, 2)?, digits(d, 1, 2)?)
    }

    /// The date `text` means when the format is not known: the one date that
    /// every format able to read it agrees on, or `None` (unreadable, or
    /// ambiguous like 01/05/2027).
    pub fn parse_any(text: &str) -> Option<Date> {
        let mut read = FORMATS.into_iter().filter_map(|f| Date::parse(text, f));
        let first = read.next()?;
        read.all(|d| d == first).then_some(first)
    }

    pub fn format(self, format: Format) -> String {
        let y = pad(self.year.max(0) as u64, 4);
        let (m, d) = (pad(self.month.into(), 2), pad(self.day.into(), 2));
        let (parts, sep) = match format {
            Format::MonthDayYear => ([m, d, y], "/"),
            Format::DayMonthYear => ([d, m, y], "/"),
            Format::YearMonthDay => ([y, m, d], "-"),
            Format::DayMonthYearDots => ([d, m, y], "."),
        };
        parts.join(sep)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// The 1st of this date's month, moved by `months` (negative: earlier).
    pub fn first_of_month(self, months: i32) -> Date {
        let index = self.year * 12 + self.month as i32 - 1 + months;
        Date {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
            day: 1,
        }
    }
}

/// `n` in decimal (no `format!`: the engine's wasm size budget).
pub fn num(n: u32) -> String {
    pad(n.into(), 1)
}

/// `n` in decimal with leading zeros to `width` digits (the engine's one
/// number formatter; `md_text::n` uses it too).
pub fn pad(mut n: u64, width: usize) -> String {
    let mut digits = Vec::new();
    while n > 0 || digits.len() < width {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
    }
    digits.iter().rev().map(|&b| char::from(b)).collect()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_over_four_centuries() {
        let mut d = Date::new(1900, 1, 1).unwrap();
        for n in d.days()..d.days() + 146_097 {
            assert_eq!(Date::from_days(n).days(), n);
            assert_eq!(Date::from_days(n), d);
            d = if Date::new(d.year, d.month, d.day + 1).is_some() {
                Date {
                    day: d.day + 1,
                    ..d
                }
            } else {
                d.first_of_month(1)
            };
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().days(), 0);
    }

    #[test]
    fn numbers_without_format() {
        assert_eq!(
            (num(0), num(7), num(60), num(4_294_967_295)),
            ("0".into(), "7".into(), "60".into(), "4294967295".into())
        );
        assert_eq!(
            Date::new(987, 3, 4).map(|d| d.format(Format::YearMonthDay)),
            Some("0987-03-04".into())
        );
    }

    #[test]
    fn leap_years() {
        assert!(Date::new(2028, 2, 29).is_some());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2100, 2, 29).is_none());
        assert!(Date::new(2027, 2, 29).is_none());
    }
}
