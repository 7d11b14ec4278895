//! The orgs a stand-in can be: the demo (production) org, a sandbox, a My Domain org, and three
//! orgs that differ in currency (a EUR org, a JPY org, a multi-currency org). Each has its own
//! org id, users, currency and seeded records; each runs on a listener of its own, so a code
//! or token of one is unknown at another, as at Salesforce (a code must be redeemed at the host
//! family that issued it).

use crate::data::seed::{self, User};
use crate::demo;

/// Which org a stand-in serves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Org {
    /// The demo org, logged into at `login.salesforce.com` (ids in [`demo`]).
    #[default]
    Production,
    /// A sandbox, logged into at `test.salesforce.com` (ids in [`demo::sandbox`]).
    Sandbox,
    /// A My Domain org, logged into at `acme.my.salesforce.com` only (ids in
    /// [`demo::my_domain`]).
    MyDomain,
    /// A single-currency org in euros with a German-speaking user (ids in [`demo::eur`]).
    Eur,
    /// A single-currency org in yen with a Japanese-speaking user (ids in [`demo::jpy`]).
    Jpy,
    /// A multi-currency org: corporate currency USD, records in USD, EUR and GBP (ids in
    /// [`demo::multi_currency`]).
    MultiCurrency,
}

impl Org {
    /// Every org, production first.
    pub const ALL: [Org; 6] = [
        Org::Production,
        Org::Sandbox,
        Org::MyDomain,
        Org::Eur,
        Org::Jpy,
        Org::MultiCurrency,
    ];

    /// `production`, `sandbox`, `my-domain`, `eur`, `jpy` or `multi-currency`.
    pub fn name(self) -> &'static str {
        match self {
            Org::Production => "production",
            Org::Sandbox => "sandbox",
            Org::MyDomain => "my-domain",
            Org::Eur => "eur",
            Org::Jpy => "jpy",
            Org::MultiCurrency => "multi-currency",
        }
    }

    /// The org id (18 characters).
    pub fn org_id(self) -> &'static str {
        match self {
            Org::Production => demo::ORG_ID,
            Org::Sandbox => demo::sandbox::ORG_ID,
            Org::MyDomain => demo::my_domain::ORG_ID,
            Org::Eur => demo::eur::ORG_ID,
            Org::Jpy => demo::jpy::ORG_ID,
            Org::MultiCurrency => demo::multi_currency::ORG_ID,
        }
    }

    /// The port the demo serves it on (8787 to 8792, in [`Org::ALL`]'s order).
    pub fn demo_port(self) -> u16 {
        match self {
            Org::Production => demo::DEMO_PORT,
            Org::Sandbox => demo::sandbox::PORT,
            Org::MyDomain => demo::my_domain::PORT,
            Org::Eur => demo::eur::PORT,
            Org::Jpy => demo::jpy::PORT,
            Org::MultiCurrency => demo::multi_currency::PORT,
        }
    }

    /// The host Salesforce names in this org's identity URLs (`id`, `sub`).
    pub fn identity_host(self) -> &'static str {
        match self {
            Org::Production | Org::Eur | Org::Jpy | Org::MultiCurrency => {
                "https://login.salesforce.com"
            }
            Org::Sandbox => "https://test.salesforce.com",
            Org::MyDomain => "https://acme.my.salesforce.com",
        }
    }

    /// What the login page calls it.
    pub fn label(self) -> &'static str {
        match self {
            Org::Production => "the local Salesforce stand-in",
            Org::Sandbox => "the local Salesforce sandbox (UAT)",
            Org::MyDomain => "Acme (local My Domain org)",
            Org::Eur => "Rheinland Vertrieb GmbH (local EUR org)",
            Org::Jpy => "Sakura Trading KK (local JPY org)",
            Org::MultiCurrency => "GlobalCorp (local multi-currency org)",
        }
    }

    /// The org's users, its demo user first.
    pub fn users(self) -> &'static [User] {
        seed::users(self)
    }

    /// Its demo user: the one the login page prefills and `local_auto_approve` approves.
    pub fn demo_user(self) -> &'static User {
        &self.users()[0]
    }

    /// The pre-issued access token of its demo user (when `seed_demo_tokens` is on).
    pub fn demo_access_token(self) -> &'static str {
        match self {
            Org::Production => demo::ACCESS_TOKEN,
            Org::Sandbox => demo::sandbox::ACCESS_TOKEN,
            Org::MyDomain => demo::my_domain::ACCESS_TOKEN,
            Org::Eur => demo::eur::ACCESS_TOKEN,
            Org::Jpy => demo::jpy::ACCESS_TOKEN,
            Org::MultiCurrency => demo::multi_currency::ACCESS_TOKEN,
        }
    }

    /// `Organization.DefaultCurrencyIsoCode`: the org's only currency in a single-currency
    /// org, the corporate currency (that of aggregates) in a multi-currency one.
    pub fn currency(self) -> &'static str {
        match self {
            Org::Production | Org::Sandbox | Org::MyDomain => "USD",
            Org::Eur => demo::eur::CURRENCY,
            Org::Jpy => demo::jpy::CURRENCY,
            Org::MultiCurrency => demo::multi_currency::CURRENCY,
        }
    }

    /// The org's active currencies and their conversion rates (units per one unit of the
    /// corporate currency) when it is a multi-currency org; `None` for a single-currency org,
    /// where records have no `CurrencyIsoCode` field at all.
    pub fn currency_rates(self) -> Option<&'static [(&'static str, f64)]> {
        match self {
            Org::MultiCurrency => Some(&demo::multi_currency::RATES),
            _ => None,
        }
    }

    /// The stages of the org's sales process that are switched off (`IsActive = false`): the
    /// sandbox has retired "Perception Analysis".
    pub fn inactive_stages(self) -> &'static [&'static str] {
        match self {
            Org::Sandbox => &["Perception Analysis"],
            _ => &[],
        }
    }

    /// The user of the org with this 15- or 18-character id.
    pub fn user_by_id(self, id: &str) -> Option<&'static User> {
        let wanted = crate::data::schema::id15(id);
        self.users().iter().find(|u| {
            crate::data::schema::id15(u.id) == wanted && (id.len() == 15 || id.len() == 18)
        })
    }

    /// The user of the org with this username (case-insensitive).
    pub fn user_by_username(self, username: &str) -> Option<&'static User> {
        self.users()
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(username.trim()))
    }
}

impl std::fmt::Display for Org {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Org {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Org::ALL
            .into_iter()
            .find(|org| org.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown org {s:?} (production, sandbox, my-domain, eur, jpy or multi-currency)"
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orgs_have_distinct_ids_users_and_ports() {
        for (i, a) in Org::ALL.iter().enumerate() {
            assert_eq!(a.name().parse::<Org>(), Ok(*a));
            assert!(a.demo_access_token().starts_with(&a.org_id()[..15]));
            for b in &Org::ALL[i + 1..] {
                assert_ne!(a.org_id(), b.org_id());
                assert_ne!(a.demo_port(), b.demo_port());
                for user in a.users() {
                    assert!(b.user_by_id(user.id).is_none(), "{}", user.id);
                    assert!(b.user_by_username(user.username).is_none());
                }
            }
        }
        assert_eq!(Org::Production.demo_user().id, demo::USER_ID);
        assert_eq!(Org::Sandbox.demo_user().id, demo::sandbox::USER_ID);
        assert_eq!(Org::Sandbox.demo_user().name(), demo::sandbox::USER_NAME);
        assert_eq!(Org::Sandbox.demo_user().username, demo::sandbox::USERNAME);
        assert_eq!(Org::MyDomain.demo_user().id, demo::my_domain::USER_ID);
        assert_eq!(Org::MyDomain.demo_user().name(), demo::my_domain::USER_NAME);
        assert_eq!(
            Org::MyDomain.demo_user().username,
            demo::my_domain::USERNAME
        );
        assert_eq!(Org::Eur.demo_user().name(), demo::eur::USER_NAME);
        assert_eq!(Org::Eur.demo_user().username, demo::eur::USERNAME);
        assert_eq!(Org::Eur.demo_user().locale, demo::eur::LOCALE);
        assert_eq!(Org::Jpy.demo_user().name(), demo::jpy::USER_NAME);
        assert_eq!(Org::Jpy.demo_user().locale, demo::jpy::LOCALE);
        assert_eq!(
            Org::MultiCurrency.demo_user().id,
            demo::multi_currency::USER_ID
        );
        assert_eq!(
            Org::MultiCurrency.demo_user().name(),
            demo::multi_currency::USER_NAME
        );
        let ports: Vec<u16> = Org::ALL.iter().map(|o| o.demo_port()).collect();
        assert_eq!(ports, [8787, 8788, 8789, 8790, 8791, 8792]);
        assert_eq!(Org::Eur.currency(), "EUR");
        assert!(Org::Eur.currency_rates().is_none());
        assert_eq!("multi-currency".parse::<Org>(), Ok(Org::MultiCurrency));
        assert!("elsewhere".parse::<Org>().is_err());
    }
}
