//! Every word the skill says, in the user's language: message catalogues and the formatting of
//! numbers, amounts, dates and lists.
//!
//! - Text lives in one Fluent catalogue per language, `locales/<lang>/skill.ftl` (en, de, fr,
//!   es, it, pt, ja), embedded in the binary and parsed once per warm instance into one bundle
//!   per language (the first time an answer is said in it). Plurals follow each language's CLDR plural rules (Fluent's select on a
//!   number). Unicode isolation marks are turned off: the text ends up in SSML, and the
//!   response builder escapes it.
//! - The answer's language follows `request.locale` ([`LOCALES`]); an unknown or missing
//!   locale answers as `en-US`.
//! - Numbers are formatted by ICU4X's `icu_decimal` for the request's locale (`48,500`,
//!   `48.500`, `48 500`), dates by `icu_datetime` (Gregorian, long year-month-day: "June 30,
//!   2026", "30. Juni 2026", "2026年6月30日"), both with ICU4X's compiled data.
//! - Amounts: the figure from `icu_decimal` (rounded to whole units below a million, or to one
//!   decimal of millions, billions, trillions; 万, 億, 兆 in Japanese), then the scale word and
//!   the currency's spoken name from the catalogue (`currency-EUR`, with its plural forms; a
//!   currency the catalogue does not name is said by its ISO code). ICU4X's experimental
//!   currency formatter is not used: it writes symbols (`€`), which Alexa reads less well
//!   than a name, and has no spoken scale words.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::fieldsets::YMD;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;
use unic_langid::LanguageIdentifier;

/// The languages the skill speaks, each with its catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Italian.
    It,
    /// Brazilian Portuguese.
    Pt,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Every language, English (the reference catalogue) first.
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::It,
        Lang::Pt,
        Lang::Ja,
    ];

    /// The language subtag (`de`).
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::De => "de",
            Self::Fr => "fr",
            Self::Es => "es",
            Self::It => "it",
            Self::Pt => "pt",
            Self::Ja => "ja",
        }
    }

    /// The catalogue's source text.
    pub fn source(self) -> &'static str {
        match self {
            Self::En => include_str!("../../locales/en/skill.ftl"),
            Self::De => include_str!("../../locales/de/skill.ftl"),
            Self::Fr => include_str!("../../locales/fr/skill.ftl"),
            Self::Es => include_str!("../../locales/es/skill.ftl"),
            Self::It => include_str!("../../locales/it/skill.ftl"),
            Self::Pt => include_str!("../../locales/pt/skill.ftl"),
            Self::Ja => include_str!("../../locales/ja/skill.ftl"),
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }
}

/// The locales the skill ships (a model each in `skill-package/interactionModels/custom/`).
pub const LOCALES: [&str; 14] = [
    "en-US", "en-GB", "en-CA", "en-AU", "en-IN", "de-DE", "fr-FR", "fr-CA", "es-ES", "es-MX",
    "es-US", "it-IT", "pt-BR", "ja-JP",
];

/// The locale of an answer when the request names none the skill ships.
pub const DEFAULT_LOCALE: &str = "en-US";

/// The language of a shipped locale tag.
fn lang_of(tag: &str) -> Lang {
    match tag.get(..2) {
        Some("de") => Lang::De,
        Some("fr") => Lang::Fr,
        Some("es") => Lang::Es,
        Some("it") => Lang::It,
        Some("pt") => Lang::Pt,
        Some("ja") => Lang::Ja,
        _ => Lang::En,
    }
}

type Bundle = FluentBundle<FluentResource>;

/// The parsed catalogues, one bundle per language, each parsed the first time a warm instance
/// answers in that language (a cold start parses one catalogue, not seven).
static BUNDLES: [OnceLock<Bundle>; 7] = [const { OnceLock::new() }; 7];

fn bundle(lang: Lang) -> Bundle {
    let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    // A syntax error keeps the entries that parsed; the catalogue tests refuse any error.
    let resource = FluentResource::try_new(lang.source().to_owned()).unwrap_or_else(|(r, _)| r);
    // A duplicate id keeps the first; the catalogue tests refuse duplicates.
    let _ = bundle.add_resource(resource);
    bundle
}

/// A catalogue's bundle.
pub fn bundle_of(lang: Lang) -> &'static Bundle {
    BUNDLES[lang.index()].get_or_init(|| bundle(lang))
}

/// The ICU4X locale of a shipped locale tag. Formatters are built from ICU4X's compiled data
/// when needed (no I/O, no parsing: the data is baked into the binary).
fn icu_locale(index: usize) -> Locale {
    LOCALES[index]
        .parse()
        .unwrap_or(icu_locale_core::locale!("en-US"))
}

/// Arguments of a message: `(name, value)` pairs.
pub type Args<'a> = [(&'a str, FluentValue<'a>)];

/// What an answer is said in: the request's locale, its catalogue and its formatters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Speaker {
    index: usize,
}

impl Default for Speaker {
    fn default() -> Self {
        Self::for_locale(Some(DEFAULT_LOCALE))
    }
}

impl Speaker {
    /// The speaker of `request.locale`: a shipped locale as it is (case-insensitively), another
    /// one of a shipped language as that language's first locale (`de-AT` -> `de-DE`),
    /// anything else as `en-US`.
    pub fn for_locale(locale: Option<&str>) -> Self {
        let tag = locale.unwrap_or(DEFAULT_LOCALE).trim().replace('_', "-");
        let exact = LOCALES.iter().position(|l| l.eq_ignore_ascii_case(&tag));
        let same_language = || {
            let lang = tag
                .split('-')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            LOCALES
                .iter()
                .position(|l| l.split('-').next() == Some(lang.as_str()))
        };
        Self {
            index: exact.or_else(same_language).unwrap_or(0),
        }
    }

    /// The locale tag answers are formatted for (`de-DE`).
    pub fn locale(&self) -> &'static str {
        LOCALES[self.index]
    }

    /// The catalogue's language.
    pub fn lang(&self) -> Lang {
        lang_of(self.locale())
    }

    /// The message `id` with `args`, in this language. A message missing from the catalogue
    /// (the tests make sure none is) is taken from the English one, then said as its id.
    pub fn t(&self, id: &str, args: &Args<'_>) -> String {
        self.format(self.lang(), id, None, args)
            .or_else(|| self.format(Lang::En, id, None, args))
            .unwrap_or_else(|| id.to_owned())
    }

    /// The attribute `attribute` of message `id` (`currency-EUR.of`), else the message itself.
    pub fn attribute(&self, id: &str, attribute: &str, args: &Args<'_>) -> String {
        self.format(self.lang(), id, Some(attribute), args)
            .unwrap_or_else(|| self.t(id, args))
    }

    /// Whether this language's catalogue has message `id`.
    pub fn has(&self, id: &str) -> bool {
        bundle_of(self.lang()).has_message(id)
    }

    fn format(
        &self,
        lang: Lang,
        id: &str,
        attribute: Option<&str>,
        args: &Args<'_>,
    ) -> Option<String> {
        let bundle = bundle_of(lang);
        let message = bundle.get_message(id)?;
        let pattern = match attribute {
            Some(name) => message.get_attribute(name)?.value(),
            None => message.value()?,
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }

    /// A whole number as digits for this locale (`48,500`, `48.500`, `48 500`).
    pub fn integer(&self, n: i64) -> String {
        self.decimal(Decimal::from(n))
    }

    fn decimal(&self, n: Decimal) -> String {
        let locale = icu_locale(self.index);
        match DecimalFormatter::try_new((&locale).into(), Default::default()) {
            Ok(formatter) => formatter.format(&n).to_string(),
            Err(_) => n.to_string(),
        }
    }

    /// A count as people say it before a noun: a word for the small numbers where the
    /// catalogue has one (English "seven"), digits otherwise.
    pub fn count(&self, n: u64) -> String {
        let figure = self.integer(i64::try_from(n).unwrap_or(i64::MAX));
        self.t("number", &[("n", n.into()), ("figure", figure.into())])
    }

    /// An amount of money in `currency` (ISO 4217), as Alexa reads it well: whole units with
    /// the locale's separators below a million ("48,500 dollars", "48.500 Euro"), else one
    /// decimal of the scale ("1.2 million dollars", "1,2 Millionen Euro", "120万円").
    pub fn money(&self, value: f64, currency: &str) -> String {
        if !value.is_finite() {
            return self.t("amount-unknown", &[]);
        }
        let units = value.abs().round();
        let said = self.unsigned_money(units, currency);
        if value < 0.0 && units > 0.0 {
            self.t("amount-negative", &[("amount", said.into())])
        } else {
            said
        }
    }

    fn unsigned_money(&self, units: f64, currency: &str) -> String {
        let known = format!("currency-{currency}");
        let id = if currency.len() == 3
            && currency.bytes().all(|b| b.is_ascii_uppercase())
            && self.has(&known)
        {
            known
        } else {
            "currency-other".to_owned()
        };
        let scales: [(f64, &str); 3] = if self.lang() == Lang::Ja {
            [
                (1e12, "money-scale-3"),
                (1e8, "money-scale-2"),
                (1e4, "money-scale-1"),
            ]
        } else {
            [
                (1e12, "money-scale-3"),
                (1e9, "money-scale-2"),
                (1e6, "money-scale-1"),
            ]
        };
        let smallest = scales[2].0;
        for (scale, message) in scales.into_iter().filter(|_| units >= smallest) {
            // Decide the scale on the rounded figure: 999,999,999 is "1 billion", not "1000 million".
            let tenths = (units / scale * 10.0).round();
            if tenths >= 10.0 {
                let mut figure = Decimal::from(tenths as i64);
                figure.multiply_pow10(-1);
                figure.trim_end();
                let count = tenths / 10.0;
                let unit = self.attribute(
                    &id,
                    "of",
                    &[("count", count.into()), ("code", currency.into())],
                );
                return self.t(
                    message,
                    &[
                        ("figure", self.decimal(figure).into()),
                        ("count", count.into()),
                        ("unit", unit.into()),
                    ],
                );
            }
        }
        let unit = self.t(&id, &[("count", units.into()), ("code", currency.into())]);
        self.t(
            "money",
            &[
                ("figure", self.integer(units as i64).into()),
                ("count", units.into()),
                ("unit", unit.into()),
            ],
        )
    }

    /// A `YYYY-MM-DD` date as people say it in this locale ("June 30, 2026", "30. Juni
    /// 2026"); anything else as it is.
    pub fn date(&self, text: &str) -> String {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        match time::Date::parse(text.trim(), &format) {
            Ok(date) => self.day(date),
            Err(_) => text.to_owned(),
        }
    }

    /// A day as people say it in this locale.
    pub fn day(&self, date: time::Date) -> String {
        let locale = icu_locale(self.index);
        let formatter = FixedCalendarDateTimeFormatter::<Gregorian, YMD>::try_new(
            (&locale).into(),
            YMD::long(),
        );
        let icu = IcuDate::try_new_gregorian(date.year(), u8::from(date.month()), date.day());
        match (formatter, icu) {
            (Ok(formatter), Ok(day)) => formatter.format(&day).to_string(),
            _ => date.to_string(),
        }
    }

    /// Items listed the way this language lists them ("A, B and C", "A, B und C", "A、B、C").
    pub fn join<S: AsRef<str>>(&self, items: &[S]) -> String {
        self.join_with(items, "list-and")
    }

    /// Items as alternatives ("A, B or C").
    pub fn join_or<S: AsRef<str>>(&self, items: &[S]) -> String {
        self.join_with(items, "list-or")
    }

    /// Items joined with `list-comma`, the last one with the message `last_key`.
    fn join_with<S: AsRef<str>>(&self, items: &[S], last_key: &str) -> String {
        match items {
            [] => String::new(),
            [only] => only.as_ref().to_owned(),
            [init @ .., last] => {
                let mut head = init[0].as_ref().to_owned();
                for item in &init[1..] {
                    head = self.t(
                        "list-comma",
                        &[("head", head.into()), ("item", item.as_ref().into())],
                    );
                }
                self.t(
                    last_key,
                    &[("head", head.into()), ("last", last.as_ref().into())],
                )
            }
        }
    }
}

/// `[("name", value)]` without the `.into()`s: `args![("count", 3)]`.
#[macro_export]
macro_rules! args {
    ($(($name:expr, $value:expr)),* $(,)?) => {
        &[$(($name, ::fluent_bundle::FluentValue::from($value))),*]
    };
}

#[cfg(test)]
mod tests;
