//! Unit tests of the catalogues and formatting.

use super::*;

#[test]
fn locales_map_to_their_language() {
    assert_eq!(Speaker::for_locale(Some("de-DE")).locale(), "de-DE");
    assert_eq!(Speaker::for_locale(Some("de-AT")).locale(), "de-DE");
    assert_eq!(Speaker::for_locale(Some("fr_CA")).locale(), "fr-CA");
    assert_eq!(Speaker::for_locale(Some("ja-jp")).lang(), Lang::Ja);
    assert_eq!(Speaker::for_locale(Some("nl-NL")).locale(), "en-US");
    assert_eq!(Speaker::for_locale(Some("")).locale(), "en-US");
    assert_eq!(Speaker::for_locale(None).locale(), "en-US");
}

use std::collections::{BTreeMap, BTreeSet};

/// A catalogue's messages: id -> (attribute names, variables used), read from the source.
fn entries(source: &str) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let mut entries: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let starts_message =
            line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && line.contains(" = ");
        if starts_message {
            let id = line
                .split(" = ")
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned();
            assert!(!entries.contains_key(&id), "duplicate message {id}");
            entries.insert(id.clone(), Default::default());
            current = Some(id);
        }
        let Some(id) = &current else { continue };
        let entry = entries.get_mut(id).unwrap();
        if let Some(attribute) = line.trim_start().strip_prefix('.') {
            if !starts_message {
                entry
                    .0
                    .insert(attribute.split(' ').next().unwrap_or_default().to_owned());
            }
        }
        for piece in line.split('$').skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            entry.1.insert(name);
        }
    }
    entries
}

#[test]
fn every_catalogue_parses_without_errors() {
    for lang in Lang::ALL {
        if let Err((_, errors)) = FluentResource::try_new(lang.source().to_owned()) {
            panic!("{}: {errors:?}", lang.code());
        }
        let mut bundle = FluentBundle::new_concurrent(vec![lang.code().parse().unwrap()]);
        bundle
            .add_resource(FluentResource::try_new(lang.source().to_owned()).unwrap())
            .unwrap_or_else(|errors| panic!("{}: {errors:?}", lang.code()));
    }
}

#[test]
fn every_catalogue_has_every_english_message_with_its_attributes_and_variables() {
    let english = entries(Lang::En.source());
    assert!(english.len() > 100, "{}", english.len());
    for lang in Lang::ALL {
        let other = entries(lang.source());
        for (id, (attributes, variables)) in &english {
            let Some((their_attributes, their_variables)) = other.get(id) else {
                panic!("{}: no message {id}", lang.code());
            };
            assert_eq!(attributes, their_attributes, "{}: {id}", lang.code());
            // A translation may leave a variable out (Japanese needs no plural), never use one
            // the code does not pass.
            assert!(
                their_variables.is_subset(variables),
                "{}: {id} uses {their_variables:?}, English {variables:?}",
                lang.code()
            );
        }
        let extra: Vec<_> = other
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(
            extra.is_empty(),
            "{}: not in English: {extra:?}",
            lang.code()
        );
    }
}

#[test]
fn every_message_formats_without_errors_in_every_language() {
    let english = entries(Lang::En.source());
    for lang in Lang::ALL {
        let bundle = bundle_of(lang);
        for (id, (_, variables)) in &english {
            let message = bundle.get_message(id).unwrap();
            let mut args = FluentArgs::new();
            for name in variables {
                args.set(name.as_str(), FluentValue::from(2));
            }
            let mut errors = Vec::new();
            let text = bundle.format_pattern(message.value().unwrap(), Some(&args), &mut errors);
            assert!(errors.is_empty(), "{}: {id}: {errors:?}", lang.code());
            assert!(!text.contains('\u{2068}'), "isolation marks in {id}");
        }
    }
}

#[test]
fn numbers_follow_the_locale() {
    let speak = |locale: &str| Speaker::for_locale(Some(locale));
    assert_eq!(speak("en-US").integer(48_500), "48,500");
    assert_eq!(speak("de-DE").integer(48_500), "48.500");
    assert_eq!(speak("ja-JP").integer(48_500), "48,500");
    assert_eq!(speak("en-IN").integer(12_345_678), "1,23,45,678");
    assert_eq!(speak("en-US").count(7), "seven");
    assert_eq!(speak("de-DE").count(7), "7");
    assert_eq!(speak("en-US").count(21), "21");
}

#[test]
fn amounts_are_said_in_their_currency_and_language() {
    let speak = |locale: &str| Speaker::for_locale(Some(locale));
    let en = speak("en-US");
    assert_eq!(en.money(0.0, "USD"), "0 dollars");
    assert_eq!(en.money(1.0, "USD"), "1 dollar");
    assert_eq!(en.money(48_499.5, "USD"), "48,500 dollars");
    assert_eq!(en.money(999_999.0, "USD"), "999,999 dollars");
    assert_eq!(en.money(999_999.6, "USD"), "1 million dollars");
    assert_eq!(en.money(1_234_500.0, "USD"), "1.2 million dollars");
    assert_eq!(en.money(12_960_000.0, "EUR"), "13 million euros");
    assert_eq!(en.money(999_999_999.0, "GBP"), "1 billion pounds");
    assert_eq!(
        en.money(2_500_000_000.0, "CAD"),
        "2.5 billion Canadian dollars"
    );
    assert_eq!(en.money(-1_500.0, "USD"), "minus 1,500 dollars");
    assert_eq!(en.money(-10.0, "XAU"), "minus 10 XAU");
    assert_eq!(en.money(10.0, "usd"), "10 usd");
    assert_eq!(en.money(f64::NAN, "EUR"), "an unknown amount");
    assert_eq!(en.money(5_000.0, "JPY"), "5,000 yen");

    let de = speak("de-DE");
    assert_eq!(de.money(1_234_500.0, "EUR"), "1,2 Millionen Euro");
    assert_eq!(de.money(1_000_000.0, "EUR"), "1 Million Euro");
    assert_eq!(de.money(48_500.0, "USD"), "48.500 Dollar");
    assert_eq!(de.money(1.0, "INR"), "1 Rupie");

    let fr = speak("fr-FR");
    assert_eq!(fr.money(1_234_500.0, "EUR"), "1,2 million d’euros");
    assert_eq!(fr.money(3_000_000.0, "USD"), "3 millions de dollars");

    let ja = speak("ja-JP");
    assert_eq!(ja.money(1_200_000.0, "JPY"), "120万円");
    assert_eq!(ja.money(250_000_000.0, "JPY"), "2.5億円");
    assert_eq!(ja.money(5_000.0, "JPY"), "5,000円");
    assert_eq!(ja.money(48_500.0, "USD"), "4.9万ドル");

    assert_eq!(
        speak("pt-BR").money(2_000_000.0, "BRL"),
        "2 milhões de reais"
    );
    assert_eq!(
        speak("es-MX").money(1_000_000.0, "MXN"),
        "1 millón de pesos"
    );
    assert_eq!(speak("it-IT").money(5_000.0, "EUR"), "5000 euro");
    assert_eq!(speak("it-IT").money(48_500.0, "EUR"), "48.500 euro");
}

#[test]
fn dates_follow_the_locale() {
    let day = time::macros::date!(2026 - 03 - 14);
    let speak = |locale: &str| Speaker::for_locale(Some(locale)).day(day);
    assert_eq!(speak("en-US"), "March 14, 2026");
    assert_eq!(speak("en-GB"), "14 March 2026");
    assert_eq!(speak("de-DE"), "14. März 2026");
    assert_eq!(speak("fr-FR"), "14 mars 2026");
    assert_eq!(speak("es-ES"), "14 de marzo de 2026");
    assert_eq!(speak("it-IT"), "14 marzo 2026");
    assert_eq!(speak("pt-BR"), "14 de março de 2026");
    assert_eq!(speak("ja-JP"), "2026年3月14日");
    assert_eq!(Speaker::default().date("2026-W14"), "2026-W14");
}

#[test]
fn lists_are_joined_as_each_language_does() {
    let items = ["A", "B", "C"];
    assert_eq!(Speaker::default().join(&items), "A, B and C");
    assert_eq!(Speaker::default().join_or(&items), "A, B, or C");
    assert_eq!(
        Speaker::for_locale(Some("de-DE")).join(&items),
        "A, B und C"
    );
    assert_eq!(Speaker::for_locale(Some("ja-JP")).join(&items), "A、B、C");
    assert_eq!(Speaker::default().join(&["A"]), "A");
    assert_eq!(Speaker::default().join::<&str>(&[]), "");
}
