//! The demo's fixed values: the credentials and records the local Salesforce stand-in is seeded
//! with, the demo skill's id, and the URLs the sample events in `events/` use. Each is written
//! here once; the stand-in, the local stack, the benchmarks, the fuzz targets and every test read
//! it from here. None of these is a real secret: they only open the loopback stand-in.

/// The port the demo and the sample events use (`http://127.0.0.1:8787`).
pub const DEMO_PORT: u16 = 8787;
/// The stand-in's base URL in the demo; tests that start it on port 0 substitute their own.
pub const DEMO_URL: &str = "http://127.0.0.1:8787";
/// The demo skill's id, as Alexa sends it in `context.System.application.applicationId` and as
/// the sample events in `events/skill/` carry it.
pub const SKILL_ID: &str = "amzn1.ask.skill.00000000-0000-4000-8000-00000000demo";
/// The External Client App's consumer key.
pub const CLIENT_ID: &str = "3MVG9LocalDemo.ClientId";
/// The External Client App's consumer secret.
pub const CLIENT_SECRET: &str = "LocalDemoClientSecret";
/// The org id (18 characters, as Salesforce writes it in the identity URL).
pub const ORG_ID: &str = "00D000000000001EAA";
/// The demo user, owner of the seeded pipeline, tasks and cases.
pub const USER_ID: &str = "005000000000001AAA";
/// The demo user's name, as `userinfo` reports it.
pub const USER_NAME: &str = "Alex Rivera";
/// Alexa's US redirect URI for a made-up vendor id, registered as a callback URL.
pub const REDIRECT_URI: &str = "https://pitangui.amazon.com/api/skill/link/M2LOCALDEMO";
/// A pre-issued access token for the demo user that never expires, so the sample events in
/// `events/skill/` work against a freshly started stand-in.
pub const ACCESS_TOKEN: &str = "00D000000000001!AQ.LocalDemoAccessToken";
/// A pre-issued refresh token for the demo user (valid until rotated away).
pub const REFRESH_TOKEN: &str = "5Aep861LocalDemoRefreshToken";
/// A pre-issued authorization code for [`REDIRECT_URI`], single use like every code, so the
/// sample token-exchange event works once against each freshly started stand-in.
pub const AUTH_CODE: &str = "aPrxLocalDemoAuthCode";
/// The demo user's login name (prefilled on the login page) and email address.
pub const USERNAME: &str = "alex.rivera@localdemo.example";

/// What the seeded org answers to the skill's queries for the demo user, whatever today's date
/// is, so tests and the demo can assert exact figures. The unit tests check these against the
/// evaluator.
pub mod figures {
    /// Open opportunities the demo user owns (`PipelineIntent`'s `deals`).
    pub const OPEN_DEALS: i64 = 9;
    /// Their summed amount (`PipelineIntent`'s `total`); one open deal has no amount.
    pub const OPEN_PIPELINE: f64 = 1_229_500.0;
    /// The three largest open deals, largest first (`TopDealsIntent`).
    pub const TOP_DEALS: [(&str, f64); 3] = [
        ("Globex - Platform Renewal", 480_000.0),
        ("Acme Corp - 500 Widgets", 250_000.0),
        ("Umbrella Health - Analytics Suite", 175_000.0),
    ];
    /// Leads created today, org-wide (`NewLeadsIntent`).
    pub const LEADS_TODAY: i64 = 4;
    /// Open tasks of the demo user due today or earlier (`MyTasksIntent`), oldest first.
    pub const TASKS_DUE: [&str; 4] = [
        "Call Acme Corp about the widget order",
        "Send the revised quote to Globex",
        "Prepare the QBR deck for Hooli",
        "Follow up with Umbrella Health",
    ];
    /// A case number that exists, with its status and subject (`CaseStatusIntent`).
    pub const CASE: (&str, &str, &str) = (
        "00001001",
        "Working",
        "Cannot log in to the customer portal",
    );
    /// The first and last seeded case numbers.
    pub const CASE_NUMBERS: (&str, &str) = ("00001001", "00001030");
}

/// The sandbox org of the multi-org stand-in (`local-salesforce --orgs all`): a login host of its
/// own (as `test.salesforce.com` is), its own users and pipeline. The production org above is the
/// demo org on [`DEMO_PORT`](super::DEMO_PORT).
pub mod sandbox {
    /// Its port in the demo.
    pub const PORT: u16 = 8788;
    /// Its login host and instance URL in the demo.
    pub const URL: &str = "http://127.0.0.1:8788";
    /// Its org id.
    pub const ORG_ID: &str = "00D000000000002EAA";
    /// Its demo user, owner of its seeded pipeline.
    pub const USER_ID: &str = "005000000000101AAA";
    /// The user's name, as `userinfo` reports it.
    pub const USER_NAME: &str = "Morgan Blake";
    /// The user's login name (a sandbox appends the sandbox's name, here `.uat`), prefilled on
    /// the sandbox's login page.
    pub const USERNAME: &str = "morgan.blake@localdemo.example.uat";
    /// A pre-issued access token of the sandbox user that never expires (like
    /// [`ACCESS_TOKEN`](super::ACCESS_TOKEN), but valid at the sandbox only).
    pub const ACCESS_TOKEN: &str = "00D000000000002!AQ.LocalSandboxAccessToken";

    /// What the sandbox answers for its user, whatever today's date is.
    pub mod figures {
        /// Open opportunities the sandbox user owns.
        pub const OPEN_DEALS: i64 = 3;
        /// Their summed amount.
        pub const OPEN_PIPELINE: f64 = 285_500.0;
        /// The largest open deal.
        pub const TOP_DEAL: (&str, f64) = ("Test Co - Sandbox Rollout", 150_000.0);
    }
}

/// The My Domain org of the multi-org stand-in (`local-salesforce --orgs all`): an org reached
/// only through its own login host (as `https://acme.my.salesforce.com` is), with its own users
/// and pipeline.
pub mod my_domain {
    /// Its port in the demo.
    pub const PORT: u16 = 8789;
    /// Its login host and instance URL in the demo.
    pub const URL: &str = "http://127.0.0.1:8789";
    /// The My Domain name the org stands for (`https://acme.my.salesforce.com`).
    pub const NAME: &str = "acme";
    /// Its org id.
    pub const ORG_ID: &str = "00D000000000003EAA";
    /// Its demo user, owner of its seeded pipeline.
    pub const USER_ID: &str = "005000000000201AAA";
    /// The user's name, as `userinfo` reports it.
    pub const USER_NAME: &str = "Riley Chen";
    /// The user's login name, prefilled on the org's login page.
    pub const USERNAME: &str = "riley.chen@acme.example";
    /// A pre-issued access token of the My Domain user that never expires (valid at this org
    /// only).
    pub const ACCESS_TOKEN: &str = "00D000000000003!AQ.LocalMyDomainAccessToken";

    /// What the My Domain org answers for its user, whatever today's date is.
    pub mod figures {
        /// Open opportunities the user owns.
        pub const OPEN_DEALS: i64 = 5;
        /// Their summed amount.
        pub const OPEN_PIPELINE: f64 = 843_000.0;
        /// The largest open deal.
        pub const TOP_DEAL: (&str, f64) = ("Acme Rockets - Launch Telemetry", 400_000.0);
    }
}

/// The EUR org of the multi-org stand-in (`local-salesforce --orgs all`): a single-currency org
/// that keeps its books in euros, with a German-speaking user (`de_DE`, Europe/Berlin).
pub mod eur {
    /// Its port in the demo.
    pub const PORT: u16 = 8790;
    /// Its login host and instance URL in the demo.
    pub const URL: &str = "http://127.0.0.1:8790";
    /// Its org id.
    pub const ORG_ID: &str = "00D000000000004EAA";
    /// Its demo user, owner of its seeded pipeline.
    pub const USER_ID: &str = "005000000000301AAA";
    /// The user's name, as `userinfo` reports it.
    pub const USER_NAME: &str = "Lena Fischer";
    /// The user's login name, prefilled on the org's login page.
    pub const USERNAME: &str = "lena.fischer@localdemo.example.de";
    /// The user's locale, as `userinfo` reports it.
    pub const LOCALE: &str = "de_DE";
    /// A pre-issued access token of the user that never expires (valid at this org only).
    pub const ACCESS_TOKEN: &str = "00D000000000004!AQ.LocalEurAccessToken";
    /// The org's (only) currency: `Organization.DefaultCurrencyIsoCode`.
    pub const CURRENCY: &str = "EUR";

    /// What the EUR org answers for its user, whatever today's date is (amounts in euros).
    pub mod figures {
        /// Open opportunities the user owns.
        pub const OPEN_DEALS: i64 = 4;
        /// Their summed amount, in EUR.
        pub const OPEN_PIPELINE: f64 = 464_500.0;
        /// The largest open deal, in EUR.
        pub const TOP_DEAL: (&str, f64) = ("Alpen Energie - Solarpark", 240_000.0);
    }
}

/// The JPY org of the multi-org stand-in (`local-salesforce --orgs all`): a single-currency org
/// that keeps its books in yen, with a Japanese-speaking user (`ja_JP`, Asia/Tokyo).
pub mod jpy {
    /// Its port in the demo.
    pub const PORT: u16 = 8791;
    /// Its login host and instance URL in the demo.
    pub const URL: &str = "http://127.0.0.1:8791";
    /// Its org id.
    pub const ORG_ID: &str = "00D000000000005EAA";
    /// Its demo user, owner of its seeded pipeline.
    pub const USER_ID: &str = "005000000000401AAA";
    /// The user's name, as `userinfo` reports it.
    pub const USER_NAME: &str = "Yui Tanaka";
    /// The user's login name, prefilled on the org's login page.
    pub const USERNAME: &str = "yui.tanaka@localdemo.example.jp";
    /// The user's locale, as `userinfo` reports it.
    pub const LOCALE: &str = "ja_JP";
    /// A pre-issued access token of the user that never expires (valid at this org only).
    pub const ACCESS_TOKEN: &str = "00D000000000005!AQ.LocalJpyAccessToken";
    /// The org's (only) currency: `Organization.DefaultCurrencyIsoCode`.
    pub const CURRENCY: &str = "JPY";

    /// What the JPY org answers for its user, whatever today's date is (amounts in yen).
    pub mod figures {
        /// Open opportunities the user owns.
        pub const OPEN_DEALS: i64 = 3;
        /// Their summed amount, in JPY.
        pub const OPEN_PIPELINE: f64 = 65_500_000.0;
        /// The largest open deal, in JPY.
        pub const TOP_DEAL: (&str, f64) = ("Fuji Precision - Sensor Line", 45_000_000.0);
    }
}

/// The multi-currency org of the multi-org stand-in (`local-salesforce --orgs all`): corporate
/// currency USD, each Opportunity and Account carrying its own `CurrencyIsoCode` (USD, EUR or
/// GBP); `SUM(Amount)` answers in USD, converted at [`RATES`].
pub mod multi_currency {
    /// Its port in the demo.
    pub const PORT: u16 = 8792;
    /// Its login host and instance URL in the demo.
    pub const URL: &str = "http://127.0.0.1:8792";
    /// Its org id.
    pub const ORG_ID: &str = "00D000000000006EAA";
    /// Its demo user, owner of its seeded pipeline.
    pub const USER_ID: &str = "005000000000501AAA";
    /// The user's name, as `userinfo` reports it.
    pub const USER_NAME: &str = "Priya Nair";
    /// The user's login name, prefilled on the org's login page.
    pub const USERNAME: &str = "priya.nair@globalcorp.example";
    /// A pre-issued access token of the user that never expires (valid at this org only).
    pub const ACCESS_TOKEN: &str = "00D000000000006!AQ.LocalMultiCurrencyAccessToken";
    /// The corporate currency: `Organization.DefaultCurrencyIsoCode`, the currency of aggregates.
    pub const CURRENCY: &str = "USD";
    /// The org's active currencies with their conversion rates (units of the currency per one
    /// unit of the corporate currency, as Salesforce's `CurrencyType.ConversionRate`).
    pub const RATES: [(&str, f64); 3] = [("USD", 1.0), ("EUR", 0.8), ("GBP", 0.75)];

    /// What the multi-currency org answers for its user, whatever today's date is.
    pub mod figures {
        /// Open opportunities the user owns (in USD, EUR and GBP).
        pub const OPEN_DEALS: i64 = 4;
        /// `SUM(Amount)` of their open deals, in the corporate currency (USD): 200,000 USD +
        /// 80,000 EUR + 60,000 GBP + 40,000 EUR converted.
        pub const OPEN_PIPELINE: f64 = 430_000.0;
        /// The largest open deal, with its amount and its own currency.
        pub const TOP_DEAL: (&str, f64, &str) = ("Northwind Global - Expansion", 200_000.0, "USD");
        /// An open deal in another currency: name, amount, `CurrencyIsoCode`.
        pub const FOREIGN_DEAL: (&str, f64, &str) =
            ("Lyon Optique - Retail Rollout", 80_000.0, "EUR");
    }
}
