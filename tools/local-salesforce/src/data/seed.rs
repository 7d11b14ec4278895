//! The seeded org: a believable sales team laid out around "today" (UTC), with no randomness,
//! so tests can assert exact figures whatever the date. Close dates that matter to
//! `THIS_QUARTER` are pinned to the quarter's first day, today or its last day, never to
//! "today plus N", so quarter figures do not drift with the calendar.

use time::{Date, Duration, OffsetDateTime};

use super::calendar::{at, quarter_end, quarter_start};
use super::schema::{
    ACCOUNT, CASE, CURRENCY_ISO_CODE, LEAD, OPPORTUNITY, OPPORTUNITY_STAGE, ORGANIZATION, TASK,
    USER,
};
use super::{make_id, Dataset, Record, Value};
use crate::demo;
use crate::org::Org;

/// Jordan Lee, the demo user's manager.
pub const JORDAN_LEE_ID: &str = "005000000000002AAA";
/// Sam Patel, a fellow account executive.
pub const SAM_PATEL_ID: &str = "005000000000003AAA";

/// A seeded user, as `userinfo` and the login page need it.
#[derive(Clone, Copy, Debug)]
pub struct User {
    /// 18-character id.
    pub id: &'static str,
    /// Login name.
    pub username: &'static str,
    /// Given name.
    pub first_name: &'static str,
    /// Family name.
    pub last_name: &'static str,
    /// Job title.
    pub title: &'static str,
    /// Locale (`en_US`, `de_DE`, ...), as `userinfo` reports it.
    pub locale: &'static str,
    /// Time zone (`TimeZoneSidKey`, `zoneinfo`).
    pub time_zone: &'static str,
}

impl User {
    /// "First Last".
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// The org's users: the demo user first.
pub const USERS: [User; 3] = [
    User {
        id: demo::USER_ID,
        username: demo::USERNAME,
        first_name: "Alex",
        last_name: "Rivera",
        title: "Account Executive",
        locale: "en_US",
        time_zone: "America/Los_Angeles",
    },
    User {
        id: JORDAN_LEE_ID,
        username: "jordan.lee@localdemo.example",
        first_name: "Jordan",
        last_name: "Lee",
        title: "Sales Manager",
        locale: "en_US",
        time_zone: "America/Los_Angeles",
    },
    User {
        id: SAM_PATEL_ID,
        username: "sam.patel@localdemo.example",
        first_name: "Sam",
        last_name: "Patel",
        title: "Account Executive",
        locale: "en_US",
        time_zone: "America/Los_Angeles",
    },
];

/// The sandbox's users: its demo user first.
pub const SANDBOX_USERS: [User; 2] = [
    User {
        id: demo::sandbox::USER_ID,
        username: demo::sandbox::USERNAME,
        first_name: "Morgan",
        last_name: "Blake",
        title: "Account Executive",
        locale: "en_US",
        time_zone: "America/Los_Angeles",
    },
    User {
        id: "005000000000102AAA",
        username: "casey.ortiz@localdemo.example.uat",
        first_name: "Casey",
        last_name: "Ortiz",
        title: "Sales Manager",
        locale: "en_US",
        time_zone: "America/Los_Angeles",
    },
];

/// The My Domain org's users: its demo user first.
pub const MY_DOMAIN_USERS: [User; 2] = [
    User {
        id: demo::my_domain::USER_ID,
        username: demo::my_domain::USERNAME,
        first_name: "Riley",
        last_name: "Chen",
        title: "Regional Sales Director",
        locale: "en_US",
        time_zone: "America/Los_Angeles",
    },
    User {
        id: "005000000000202AAA",
        username: "dana.brooks@acme.example",
        first_name: "Dana",
        last_name: "Brooks",
        title: "Account Executive",
        locale: "en_US",
        time_zone: "America/Los_Angeles",
    },
];

/// The EUR org's users: its demo user first (German-speaking).
pub const EUR_USERS: [User; 2] = [
    User {
        id: demo::eur::USER_ID,
        username: demo::eur::USERNAME,
        first_name: "Lena",
        last_name: "Fischer",
        title: "Key Account Managerin",
        locale: demo::eur::LOCALE,
        time_zone: "Europe/Berlin",
    },
    User {
        id: "005000000000302AAA",
        username: "jonas.weber@localdemo.example.de",
        first_name: "Jonas",
        last_name: "Weber",
        title: "Vertriebsleiter",
        locale: "de_DE",
        time_zone: "Europe/Berlin",
    },
];

/// The JPY org's users: its demo user first (Japanese-speaking).
pub const JPY_USERS: [User; 2] = [
    User {
        id: demo::jpy::USER_ID,
        username: demo::jpy::USERNAME,
        first_name: "Yui",
        last_name: "Tanaka",
        title: "Account Executive",
        locale: demo::jpy::LOCALE,
        time_zone: "Asia/Tokyo",
    },
    User {
        id: "005000000000402AAA",
        username: "kenta.suzuki@localdemo.example.jp",
        first_name: "Kenta",
        last_name: "Suzuki",
        title: "Sales Manager",
        locale: "ja_JP",
        time_zone: "Asia/Tokyo",
    },
];

/// The multi-currency org's users: its demo user first.
pub const MULTI_CURRENCY_USERS: [User; 2] = [
    User {
        id: demo::multi_currency::USER_ID,
        username: demo::multi_currency::USERNAME,
        first_name: "Priya",
        last_name: "Nair",
        title: "Global Account Director",
        locale: "en_US",
        time_zone: "America/New_York",
    },
    User {
        id: "005000000000502AAA",
        username: "oliver.hughes@globalcorp.example",
        first_name: "Oliver",
        last_name: "Hughes",
        title: "Account Executive, UK",
        locale: "en_GB",
        time_zone: "Europe/London",
    },
];

/// The users of `org`, its demo user first.
pub fn users(org: Org) -> &'static [User] {
    match org {
        Org::Production => &USERS,
        Org::Sandbox => &SANDBOX_USERS,
        Org::MyDomain => &MY_DOMAIN_USERS,
        Org::Eur => &EUR_USERS,
        Org::Jpy => &JPY_USERS,
        Org::MultiCurrency => &MULTI_CURRENCY_USERS,
    }
}

/// When an opportunity closes, relative to the quarter.
#[derive(Clone, Copy)]
enum Close {
    QuarterStart,
    Today,
    QuarterEnd,
    /// Days after the quarter's last day (next quarter or later).
    AfterQuarter(i64),
    /// Days before the quarter's first day (last quarter).
    BeforeQuarter(i64),
}

impl Close {
    fn date(self, today: Date) -> Date {
        match self {
            Close::QuarterStart => quarter_start(today),
            Close::Today => today,
            Close::QuarterEnd => quarter_end(today),
            Close::AfterQuarter(days) => quarter_end(today) + Duration::days(days),
            Close::BeforeQuarter(days) => quarter_start(today) - Duration::days(days),
        }
    }
}

/// One stage of Salesforce's standard sales process (`OpportunityStage`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stage {
    /// `ApiName` (the `StageName` value) and `MasterLabel`.
    pub name: &'static str,
    /// `IsClosed`.
    pub closed: bool,
    /// `IsWon`.
    pub won: bool,
    /// `DefaultProbability` (percent).
    pub probability: f64,
    /// `ForecastCategoryName`.
    pub forecast: &'static str,
}

const fn stage(name: &'static str, probability: f64, forecast: &'static str) -> Stage {
    Stage {
        name,
        closed: false,
        won: false,
        probability,
        forecast,
    }
}

/// The standard stages in their sales-process order (`SortOrder` 1 to 10).
pub const STAGES: [Stage; 10] = [
    stage("Prospecting", 10.0, "Pipeline"),
    stage("Qualification", 10.0, "Pipeline"),
    stage("Needs Analysis", 20.0, "Pipeline"),
    stage("Value Proposition", 50.0, "Pipeline"),
    stage("Id. Decision Makers", 60.0, "Pipeline"),
    stage("Perception Analysis", 70.0, "Pipeline"),
    stage("Proposal/Price Quote", 75.0, "Pipeline"),
    stage("Negotiation/Review", 90.0, "Pipeline"),
    Stage {
        name: "Closed Won",
        closed: true,
        won: true,
        probability: 100.0,
        forecast: "Closed",
    },
    Stage {
        name: "Closed Lost",
        closed: true,
        won: false,
        probability: 0.0,
        forecast: "Omitted",
    },
];

/// The first stage at which the seeded orgs' validation rule wants an `Amount`.
pub const AMOUNT_REQUIRED_FROM: &str = "Proposal/Price Quote";

/// The stage named `name` (its API name, case-insensitively) and its place in the process.
pub fn stage_named(name: &str) -> Option<(usize, &'static Stage)> {
    STAGES
        .iter()
        .enumerate()
        .find(|(_, s)| s.name.eq_ignore_ascii_case(name))
}

/// The probability Salesforce's default sales process gives each stage.
fn stage_probability(stage: &str) -> f64 {
    stage_named(stage).map_or(0.0, |(_, s)| s.probability)
}

/// One seeded opportunity. Its account is the part of its name before " - ".
struct OpportunityRow {
    owner: &'static str,
    name: &'static str,
    /// `None`: the amount field is empty (Salesforce allows it; `SUM` skips it).
    amount: Option<f64>,
    stage: &'static str,
    close: Close,
}

const ALEX: &str = demo::USER_ID;
const JORDAN: &str = JORDAN_LEE_ID;
const SAM: &str = SAM_PATEL_ID;

#[rustfmt::skip]
const OPPORTUNITIES: &[OpportunityRow] = &[
    // The demo user: nine open (one without an amount), three won, three lost.
    OpportunityRow { owner: ALEX,   name: "Acme Corp - 500 Widgets",            amount: Some(250_000.0), stage: "Negotiation/Review",   close: Close::QuarterEnd },
    OpportunityRow { owner: ALEX,   name: "Globex - Platform Renewal",          amount: Some(480_000.0), stage: "Proposal/Price Quote", close: Close::AfterQuarter(30) },
    OpportunityRow { owner: ALEX,   name: "Initech - Support Upgrade",          amount: Some(36_000.0),  stage: "Qualification",        close: Close::AfterQuarter(60) },
    OpportunityRow { owner: ALEX,   name: "Umbrella Health - Analytics Suite",  amount: Some(175_000.0), stage: "Value Proposition",    close: Close::Today },
    OpportunityRow { owner: ALEX,   name: "Stark Logistics - Fleet Tracking",   amount: Some(92_500.0),  stage: "Id. Decision Makers",  close: Close::AfterQuarter(20) },
    OpportunityRow { owner: ALEX,   name: "Wayne Foods - POS Rollout",          amount: Some(64_000.0),  stage: "Prospecting",          close: Close::AfterQuarter(90) },
    OpportunityRow { owner: ALEX,   name: "Hooli - 200 Seats",                  amount: Some(120_000.0), stage: "Perception Analysis",  close: Close::QuarterEnd },
    OpportunityRow { owner: ALEX,   name: "Soylent Co - Pilot",                 amount: Some(12_000.0),  stage: "Needs Analysis",       close: Close::AfterQuarter(45) },
    OpportunityRow { owner: ALEX,   name: "Vandelay Imports - Expansion",       amount: None,            stage: "Prospecting",          close: Close::AfterQuarter(120) },
    OpportunityRow { owner: ALEX,   name: "Cyberdyne - Robotics Licenses",      amount: Some(310_000.0), stage: "Closed Won",           close: Close::QuarterStart },
    OpportunityRow { owner: ALEX,   name: "Tyrell Corp - Data Migration",       amount: Some(48_000.0),  stage: "Closed Won",           close: Close::Today },
    OpportunityRow { owner: ALEX,   name: "Massive Dynamic - Training",         amount: Some(27_500.0),  stage: "Closed Won",           close: Close::BeforeQuarter(20) },
    OpportunityRow { owner: ALEX,   name: "Oscorp - Lab Equipment",             amount: Some(210_000.0), stage: "Closed Lost",          close: Close::BeforeQuarter(35) },
    OpportunityRow { owner: ALEX,   name: "Pied Piper - Compression API",       amount: Some(18_500.0),  stage: "Closed Lost",          close: Close::Today },
    OpportunityRow { owner: ALEX,   name: "Dunder Mifflin - Paper Supply",      amount: Some(15_000.0),  stage: "Closed Lost",          close: Close::QuarterStart },
    // Colleagues.
    OpportunityRow { owner: JORDAN, name: "Northwind Traders - CRM Seats",      amount: Some(84_000.0),  stage: "Proposal/Price Quote", close: Close::QuarterEnd },
    OpportunityRow { owner: JORDAN, name: "Contoso - Cloud Migration",          amount: Some(265_000.0), stage: "Negotiation/Review",   close: Close::AfterQuarter(30) },
    OpportunityRow { owner: JORDAN, name: "Fabrikam - Service Contract",        amount: Some(41_000.0),  stage: "Closed Won",           close: Close::QuarterStart },
    OpportunityRow { owner: SAM,    name: "Blue Yonder Airlines - Loyalty App", amount: Some(158_000.0), stage: "Qualification",        close: Close::AfterQuarter(60) },
    OpportunityRow { owner: SAM,    name: "Adventure Works - Bikes",            amount: Some(22_000.0),  stage: "Closed Lost",          close: Close::QuarterStart },
    OpportunityRow { owner: SAM,    name: "Litware - Security Audit",           amount: Some(67_500.0),  stage: "Id. Decision Makers",  close: Close::Today },
];

/// When a lead was created (UTC).
#[derive(Clone, Copy)]
enum Created {
    /// Today at `hour:minute`: counted by `NewLeadsIntent` (`figures::LEADS_TODAY`).
    Today { hour: u8, minute: u8 },
    /// `days` days before today at `hour:minute`.
    DaysAgo { days: i64, hour: u8, minute: u8 },
}

impl Created {
    fn at(self, today: Date) -> OffsetDateTime {
        match self {
            Created::Today { hour, minute } => at(today, hour, minute),
            Created::DaysAgo { days, hour, minute } => {
                at(today - Duration::days(days), hour, minute)
            }
        }
    }
}

/// One seeded lead.
struct LeadRow {
    first: &'static str,
    last: &'static str,
    company: &'static str,
    title: &'static str,
    status: &'static str,
    source: &'static str,
    created: Created,
}

#[rustfmt::skip]
const LEADS: &[LeadRow] = &[
    LeadRow { first: "Maria",  last: "Gonzalez", company: "Brightline Dental",       title: "Office Manager",   status: "Open - Not Contacted",   source: "Web",              created: Created::Today { hour: 8, minute: 12 } },
    LeadRow { first: "Kenji",  last: "Tanaka",   company: "Harbor Freight Partners", title: "COO",              status: "Open - Not Contacted",   source: "Partner Referral", created: Created::Today { hour: 9, minute: 47 } },
    LeadRow { first: "Priya",  last: "Shah",     company: "Northstar Robotics",      title: "VP Operations",    status: "Working - Contacted",    source: "Trade Show",       created: Created::Today { hour: 11, minute: 5 } },
    LeadRow { first: "Tom",    last: "Becker",   company: "Evergreen Farms",         title: "Owner",            status: "Open - Not Contacted",   source: "Phone Inquiry",    created: Created::Today { hour: 13, minute: 30 } },
    LeadRow { first: "Aisha",  last: "Okafor",   company: "Lumen Analytics",         title: "CTO",              status: "Working - Contacted",    source: "Web",              created: Created::DaysAgo { days: 1, hour: 15, minute: 20 } },
    LeadRow { first: "Luca",   last: "Romano",   company: "Romano Imports",          title: "Buyer",            status: "Working - Contacted",    source: "Purchased List",   created: Created::DaysAgo { days: 2, hour: 10, minute: 0 } },
    LeadRow { first: "Hannah", last: "Schmidt",  company: "Alpine Outfitters",       title: "Procurement Lead", status: "Closed - Not Converted", source: "Web",              created: Created::DaysAgo { days: 5, hour: 14, minute: 45 } },
    LeadRow { first: "Diego",  last: "Alvarez",  company: "Solara Energy",           title: "Director of IT",   status: "Open - Not Contacted",   source: "Web",              created: Created::DaysAgo { days: 8, hour: 9, minute: 15 } },
    LeadRow { first: "Grace",  last: "Kim",      company: "Blue Harbor Bank",        title: "Head of Digital",  status: "Working - Contacted",    source: "Partner Referral", created: Created::DaysAgo { days: 12, hour: 16, minute: 10 } },
    LeadRow { first: "Omar",   last: "Haddad",   company: "Cedar Health",            title: "Practice Manager", status: "Closed - Converted",     source: "Trade Show",       created: Created::DaysAgo { days: 20, hour: 11, minute: 30 } },
    LeadRow { first: "Sofia",  last: "Novak",    company: "Pixel Forge",             title: "Founder",          status: "Open - Not Contacted",   source: "Other",            created: Created::DaysAgo { days: 33, hour: 8, minute: 55 } },
    LeadRow { first: "Ben",    last: "Carter",   company: "Carter & Sons",           title: "Owner",            status: "Closed - Not Converted", source: "Phone Inquiry",    created: Created::DaysAgo { days: 41, hour: 12, minute: 0 } },
];

/// One seeded case; its number, owner and creation time follow from its place in [`CASES`].
struct CaseRow {
    subject: &'static str,
    status: &'static str,
    priority: &'static str,
    origin: &'static str,
}

#[rustfmt::skip]
const CASES: [CaseRow; 30] = [
    CaseRow { subject: "Cannot log in to the customer portal",       status: "Working",   priority: "High",   origin: "Web" },
    CaseRow { subject: "Invoice shows the wrong billing address",    status: "New",       priority: "Medium", origin: "Email" },
    CaseRow { subject: "Widget shipment arrived damaged",            status: "Escalated", priority: "High",   origin: "Phone" },
    CaseRow { subject: "Request for a copy of the signed contract",  status: "Closed",    priority: "Low",    origin: "Email" },
    CaseRow { subject: "API returns 500 on bulk upload",             status: "Working",   priority: "High",   origin: "Web" },
    CaseRow { subject: "Password reset email never arrives",         status: "Closed",    priority: "Medium", origin: "Web" },
    CaseRow { subject: "Need to add five more seats",                status: "New",       priority: "Low",    origin: "Email" },
    CaseRow { subject: "Dashboard export to PDF is blank",           status: "Working",   priority: "Medium", origin: "Web" },
    CaseRow { subject: "Wrong tax rate applied on renewal",          status: "Escalated", priority: "High",   origin: "Phone" },
    CaseRow { subject: "Training session reschedule",                status: "Closed",    priority: "Low",    origin: "Email" },
    CaseRow { subject: "Mobile app crashes on start-up",             status: "Working",   priority: "High",   origin: "Web" },
    CaseRow { subject: "Duplicate charges on credit card",           status: "Escalated", priority: "High",   origin: "Phone" },
    CaseRow { subject: "How do I change the account owner?",         status: "Closed",    priority: "Low",    origin: "Web" },
    CaseRow { subject: "Sync with the ERP stopped overnight",        status: "Working",   priority: "High",   origin: "Email" },
    CaseRow { subject: "Replacement part for unit 7",                status: "New",       priority: "Medium", origin: "Phone" },
    CaseRow { subject: "SSO setup for a new subsidiary",             status: "Working",   priority: "Medium", origin: "Email" },
    CaseRow { subject: "Report filters ignore the date range",       status: "New",       priority: "Medium", origin: "Web" },
    CaseRow { subject: "Cancel the extra support plan",              status: "Closed",    priority: "Low",    origin: "Email" },
    CaseRow { subject: "Delivery address change for the next order", status: "Closed",    priority: "Low",    origin: "Phone" },
    CaseRow { subject: "Data import skipped 40 rows",                status: "Working",   priority: "Medium", origin: "Web" },
    CaseRow { subject: "Warranty claim for the scanner",             status: "New",       priority: "Medium", origin: "Email" },
    CaseRow { subject: "Users locked out after the update",          status: "Escalated", priority: "High",   origin: "Phone" },
    CaseRow { subject: "Request for a security questionnaire",       status: "Working",   priority: "Low",    origin: "Email" },
    CaseRow { subject: "Email-to-case creates duplicates",           status: "New",       priority: "Medium", origin: "Web" },
    CaseRow { subject: "Upgrade quote for the enterprise plan",      status: "Closed",    priority: "Low",    origin: "Email" },
    CaseRow { subject: "Printer integration times out",              status: "Working",   priority: "Medium", origin: "Web" },
    CaseRow { subject: "Missing items in the last shipment",         status: "New",       priority: "High",   origin: "Phone" },
    CaseRow { subject: "Language setting resets to English",         status: "Closed",    priority: "Low",    origin: "Web" },
    CaseRow { subject: "Need an audit log export",                   status: "Working",   priority: "Medium", origin: "Email" },
    CaseRow { subject: "Outage notification was not sent",           status: "Escalated", priority: "High",   origin: "Email" },
];

/// One seeded task, due `due_in_days` days from today (negative: overdue; `None`: no due date).
struct TaskRow {
    owner: &'static str,
    subject: &'static str,
    due_in_days: Option<i64>,
    status: &'static str,
    priority: &'static str,
}

#[rustfmt::skip]
const TASKS: &[TaskRow] = &[
    TaskRow { owner: ALEX,   subject: "Call Acme Corp about the widget order", due_in_days: Some(-3), status: "Not Started",             priority: "High" },
    TaskRow { owner: ALEX,   subject: "Send the revised quote to Globex",      due_in_days: Some(-1), status: "In Progress",             priority: "High" },
    TaskRow { owner: ALEX,   subject: "Prepare the QBR deck for Hooli",        due_in_days: Some(0),  status: "Not Started",             priority: "Normal" },
    TaskRow { owner: ALEX,   subject: "Follow up with Umbrella Health",        due_in_days: Some(0),  status: "Waiting on someone else", priority: "Normal" },
    TaskRow { owner: ALEX,   subject: "Book a demo with Stark Logistics",      due_in_days: Some(2),  status: "Not Started",             priority: "Normal" },
    TaskRow { owner: ALEX,   subject: "Renewal check-in with Initech",         due_in_days: Some(7),  status: "Not Started",             priority: "Low" },
    TaskRow { owner: ALEX,   subject: "Log notes from the Cyberdyne kickoff",  due_in_days: Some(-2), status: "Completed",               priority: "Normal" },
    TaskRow { owner: ALEX,   subject: "Email the contract to Tyrell Corp",     due_in_days: Some(0),  status: "Completed",               priority: "High" },
    TaskRow { owner: ALEX,   subject: "Update the pipeline forecast",          due_in_days: None,     status: "Not Started",             priority: "Low" },
    TaskRow { owner: JORDAN, subject: "Coach Alex on the Globex negotiation",  due_in_days: Some(-1), status: "Not Started",             priority: "Normal" },
    TaskRow { owner: SAM,    subject: "Call the Litware security lead",        due_in_days: Some(0),  status: "Not Started",             priority: "High" },
];

const MORGAN: &str = demo::sandbox::USER_ID;
const CASEY: &str = SANDBOX_USERS[1].id;
const RILEY: &str = demo::my_domain::USER_ID;
const DANA: &str = MY_DOMAIN_USERS[1].id;

#[rustfmt::skip]
const SANDBOX_OPPORTUNITIES: &[OpportunityRow] = &[
    // The sandbox user: three open, one won.
    OpportunityRow { owner: MORGAN, name: "Test Co - Sandbox Rollout",          amount: Some(150_000.0), stage: "Proposal/Price Quote", close: Close::QuarterEnd },
    OpportunityRow { owner: MORGAN, name: "Staging Labs - QA Seats",            amount: Some(90_000.0),  stage: "Needs Analysis",       close: Close::AfterQuarter(30) },
    OpportunityRow { owner: MORGAN, name: "Preview Media - Pilot",              amount: Some(45_500.0),  stage: "Qualification",        close: Close::Today },
    OpportunityRow { owner: MORGAN, name: "Beta Partners - Renewal",            amount: Some(60_000.0),  stage: "Closed Won",           close: Close::QuarterStart },
    OpportunityRow { owner: CASEY,  name: "Mirror Inc - Data Migration",        amount: Some(75_000.0),  stage: "Negotiation/Review",   close: Close::AfterQuarter(15) },
];

#[rustfmt::skip]
const MY_DOMAIN_OPPORTUNITIES: &[OpportunityRow] = &[
    // The My Domain user: five open, one won, one lost.
    OpportunityRow { owner: RILEY,  name: "Acme Rockets - Launch Telemetry",    amount: Some(400_000.0), stage: "Negotiation/Review",   close: Close::QuarterEnd },
    OpportunityRow { owner: RILEY,  name: "Acme Anvils - Supply Contract",      amount: Some(220_000.0), stage: "Proposal/Price Quote", close: Close::AfterQuarter(30) },
    OpportunityRow { owner: RILEY,  name: "Road Runner Foods - Logistics",      amount: Some(130_000.0), stage: "Value Proposition",    close: Close::Today },
    OpportunityRow { owner: RILEY,  name: "Coyote Labs - Safety Audit",         amount: Some(75_000.0),  stage: "Id. Decision Makers",  close: Close::AfterQuarter(45) },
    OpportunityRow { owner: RILEY,  name: "Mesa Outfitters - Starter Pack",     amount: Some(18_000.0),  stage: "Prospecting",          close: Close::AfterQuarter(60) },
    OpportunityRow { owner: RILEY,  name: "Desert Power - Solar Array",         amount: Some(250_000.0), stage: "Closed Won",           close: Close::QuarterStart },
    OpportunityRow { owner: RILEY,  name: "Canyon Tours - Booking App",         amount: Some(35_000.0),  stage: "Closed Lost",          close: Close::Today },
    OpportunityRow { owner: DANA,   name: "Tumbleweed Co - 40 Seats",           amount: Some(50_000.0),  stage: "Qualification",        close: Close::AfterQuarter(20) },
];

#[rustfmt::skip]
const SANDBOX_LEADS: &[LeadRow] = &[
    LeadRow { first: "Test",   last: "Lead",     company: "Sandbox Testing Ltd",     title: "QA Lead",          status: "Open - Not Contacted",   source: "Web",              created: Created::Today { hour: 10, minute: 0 } },
    LeadRow { first: "Uma",    last: "Patel",    company: "Staging Labs",            title: "Engineer",         status: "Working - Contacted",    source: "Other",            created: Created::DaysAgo { days: 3, hour: 9, minute: 30 } },
];

#[rustfmt::skip]
const MY_DOMAIN_LEADS: &[LeadRow] = &[
    LeadRow { first: "Wile",   last: "Coyote",   company: "Coyote Labs",             title: "Chief Inventor",   status: "Open - Not Contacted",   source: "Web",              created: Created::Today { hour: 8, minute: 45 } },
    LeadRow { first: "Ruth",   last: "Runner",   company: "Road Runner Foods",       title: "Buyer",            status: "Open - Not Contacted",   source: "Partner Referral", created: Created::Today { hour: 12, minute: 15 } },
    LeadRow { first: "Marco",  last: "Mesa",     company: "Mesa Outfitters",         title: "Owner",            status: "Working - Contacted",    source: "Trade Show",       created: Created::DaysAgo { days: 6, hour: 14, minute: 0 } },
];

#[rustfmt::skip]
const SANDBOX_CASES: &[CaseRow] = &[
    CaseRow { subject: "Sandbox refresh wiped test data",             status: "Working",   priority: "Medium", origin: "Web" },
    CaseRow { subject: "Test user cannot reset a password",           status: "New",       priority: "Low",    origin: "Email" },
];

#[rustfmt::skip]
const MY_DOMAIN_CASES: &[CaseRow] = &[
    CaseRow { subject: "Rocket telemetry dashboard is empty",         status: "Escalated", priority: "High",   origin: "Phone" },
    CaseRow { subject: "Anvil delivery arrived early",                status: "Closed",    priority: "Low",    origin: "Email" },
    CaseRow { subject: "My Domain login page shows the old logo",     status: "New",       priority: "Medium", origin: "Web" },
];

#[rustfmt::skip]
const SANDBOX_TASKS: &[TaskRow] = &[
    TaskRow { owner: MORGAN, subject: "Run the UAT script with Test Co",       due_in_days: Some(0),  status: "Not Started",             priority: "Normal" },
    TaskRow { owner: MORGAN, subject: "File the sandbox refresh request",      due_in_days: Some(3),  status: "Not Started",             priority: "Low" },
];

#[rustfmt::skip]
const MY_DOMAIN_TASKS: &[TaskRow] = &[
    TaskRow { owner: RILEY,  subject: "Call Acme Rockets about telemetry",     due_in_days: Some(-1), status: "Not Started",             priority: "High" },
    TaskRow { owner: RILEY,  subject: "Review the anvil supply terms",         due_in_days: Some(0),  status: "In Progress",             priority: "Normal" },
    TaskRow { owner: DANA,   subject: "Send Tumbleweed the seat quote",        due_in_days: Some(1),  status: "Not Started",             priority: "Normal" },
];

const LENA: &str = demo::eur::USER_ID;
const JONAS: &str = EUR_USERS[1].id;
const YUI: &str = demo::jpy::USER_ID;
const KENTA: &str = JPY_USERS[1].id;
const PRIYA: &str = demo::multi_currency::USER_ID;
const OLIVER: &str = MULTI_CURRENCY_USERS[1].id;

#[rustfmt::skip]
const EUR_OPPORTUNITIES: &[OpportunityRow] = &[
    // The EUR user: four open, one won, one lost (amounts in euros).
    OpportunityRow { owner: LENA,   name: "Müller Maschinenbau - Wartungsvertrag", amount: Some(120_000.0), stage: "Negotiation/Review",   close: Close::QuarterEnd },
    OpportunityRow { owner: LENA,   name: "Bäckerei Schmidt - Kassensystem",       amount: Some(18_500.0),  stage: "Proposal/Price Quote", close: Close::AfterQuarter(30) },
    OpportunityRow { owner: LENA,   name: "Rhein Logistik - Flottenmanagement",    amount: Some(86_000.0),  stage: "Value Proposition",    close: Close::Today },
    OpportunityRow { owner: LENA,   name: "Alpen Energie - Solarpark",             amount: Some(240_000.0), stage: "Qualification",        close: Close::AfterQuarter(60) },
    OpportunityRow { owner: LENA,   name: "Berliner Verlag - Abo-Plattform",       amount: Some(45_000.0),  stage: "Closed Won",           close: Close::QuarterStart },
    OpportunityRow { owner: LENA,   name: "Hanse Reederei - Sendungsverfolgung",   amount: Some(30_000.0),  stage: "Closed Lost",          close: Close::Today },
    OpportunityRow { owner: JONAS,  name: "Schwarzwald Uhren - Webshop",           amount: Some(27_000.0),  stage: "Prospecting",          close: Close::AfterQuarter(45) },
];

#[rustfmt::skip]
const JPY_OPPORTUNITIES: &[OpportunityRow] = &[
    // The JPY user: three open, one won (amounts in yen).
    OpportunityRow { owner: YUI,    name: "Sakura Foods - POS Rollout",            amount: Some(12_000_000.0), stage: "Negotiation/Review",   close: Close::QuarterEnd },
    OpportunityRow { owner: YUI,    name: "Fuji Precision - Sensor Line",          amount: Some(45_000_000.0), stage: "Proposal/Price Quote", close: Close::AfterQuarter(30) },
    OpportunityRow { owner: YUI,    name: "Kyoto Textiles - E-commerce",           amount: Some(8_500_000.0),  stage: "Needs Analysis",       close: Close::Today },
    OpportunityRow { owner: YUI,    name: "Osaka Rail - Ticketing App",            amount: Some(30_000_000.0), stage: "Closed Won",           close: Close::QuarterStart },
    OpportunityRow { owner: KENTA,  name: "Nagoya Motors - Dealer Portal",         amount: Some(20_000_000.0), stage: "Qualification",        close: Close::AfterQuarter(60) },
];

#[rustfmt::skip]
const MULTI_CURRENCY_OPPORTUNITIES: &[OpportunityRow] = &[
    // The multi-currency user: four open (USD, EUR, GBP, EUR), one won.
    OpportunityRow { owner: PRIYA,  name: "Northwind Global - Expansion",          amount: Some(200_000.0), stage: "Negotiation/Review",   close: Close::QuarterEnd },
    OpportunityRow { owner: PRIYA,  name: "Lyon Optique - Retail Rollout",         amount: Some(80_000.0),  stage: "Proposal/Price Quote", close: Close::AfterQuarter(30) },
    OpportunityRow { owner: PRIYA,  name: "Thames Water Tech - Sensors",           amount: Some(60_000.0),  stage: "Value Proposition",    close: Close::Today },
    OpportunityRow { owner: PRIYA,  name: "Berlin Mobility - Fleet",               amount: Some(40_000.0),  stage: "Qualification",        close: Close::AfterQuarter(45) },
    OpportunityRow { owner: PRIYA,  name: "Seattle Coffee - Loyalty",              amount: Some(25_000.0),  stage: "Closed Won",           close: Close::QuarterStart },
    OpportunityRow { owner: OLIVER, name: "Manchester Media - CRM",                amount: Some(30_000.0),  stage: "Id. Decision Makers",  close: Close::AfterQuarter(20) },
];

/// The `CurrencyIsoCode` of each of [`MULTI_CURRENCY_OPPORTUNITIES`], in order.
const MULTI_CURRENCY_CODES: &[&str] = &["USD", "EUR", "GBP", "EUR", "USD", "GBP"];

#[rustfmt::skip]
const EUR_LEADS: &[LeadRow] = &[
    LeadRow { first: "Anna",   last: "Becker",   company: "Becker Bau GmbH",         title: "Geschäftsführerin", status: "Open - Not Contacted", source: "Web",              created: Created::Today { hour: 9, minute: 10 } },
    LeadRow { first: "Felix",  last: "Wagner",   company: "Wagner Elektro",          title: "Einkauf",           status: "Working - Contacted",  source: "Trade Show",       created: Created::DaysAgo { days: 2, hour: 11, minute: 0 } },
];

#[rustfmt::skip]
const JPY_LEADS: &[LeadRow] = &[
    LeadRow { first: "Haruto", last: "Sato",     company: "Sato Logistics",          title: "Director",          status: "Open - Not Contacted", source: "Web",              created: Created::Today { hour: 1, minute: 30 } },
];

#[rustfmt::skip]
const MULTI_CURRENCY_LEADS: &[LeadRow] = &[
    LeadRow { first: "Claire", last: "Dubois",   company: "Dubois Design",           title: "Founder",           status: "Open - Not Contacted", source: "Partner Referral", created: Created::Today { hour: 14, minute: 0 } },
];

#[rustfmt::skip]
const EUR_CASES: &[CaseRow] = &[
    CaseRow { subject: "Rechnung mit falscher Umsatzsteuer",          status: "New",       priority: "Medium", origin: "Email" },
];

#[rustfmt::skip]
const JPY_CASES: &[CaseRow] = &[
    CaseRow { subject: "Invoice in the wrong currency",               status: "Working",   priority: "High",   origin: "Phone" },
];

#[rustfmt::skip]
const MULTI_CURRENCY_CASES: &[CaseRow] = &[
    CaseRow { subject: "Exchange rate on the EUR quote looks stale",  status: "New",       priority: "Medium", origin: "Web" },
];

#[rustfmt::skip]
const EUR_TASKS: &[TaskRow] = &[
    TaskRow { owner: LENA,   subject: "Müller Maschinenbau anrufen",           due_in_days: Some(0),  status: "Not Started",             priority: "High" },
    TaskRow { owner: LENA,   subject: "Angebot an Bäckerei Schmidt senden",    due_in_days: Some(-1), status: "In Progress",             priority: "Normal" },
];

#[rustfmt::skip]
const JPY_TASKS: &[TaskRow] = &[
    TaskRow { owner: YUI,    subject: "Call Sakura Foods about the rollout",   due_in_days: Some(0),  status: "Not Started",             priority: "High" },
];

#[rustfmt::skip]
const MULTI_CURRENCY_TASKS: &[TaskRow] = &[
    TaskRow { owner: PRIYA,  subject: "Send Lyon Optique the EUR quote",       due_in_days: Some(0),  status: "Not Started",             priority: "High" },
];

/// Everything one org is seeded with.
struct OrgRows {
    users: &'static [User],
    opportunities: &'static [OpportunityRow],
    leads: &'static [LeadRow],
    cases: &'static [CaseRow],
    tasks: &'static [TaskRow],
    /// Each opportunity's `CurrencyIsoCode`, in a multi-currency org.
    currencies: Option<&'static [&'static str]>,
    /// Added to every record serial, so ids differ from org to org.
    serial_base: u64,
}

fn rows(org: Org) -> OrgRows {
    match org {
        Org::Production => OrgRows {
            users: &USERS,
            opportunities: OPPORTUNITIES,
            leads: LEADS,
            cases: &CASES,
            tasks: TASKS,
            currencies: None,
            serial_base: 0,
        },
        Org::Sandbox => OrgRows {
            users: &SANDBOX_USERS,
            opportunities: SANDBOX_OPPORTUNITIES,
            leads: SANDBOX_LEADS,
            cases: SANDBOX_CASES,
            tasks: SANDBOX_TASKS,
            currencies: None,
            serial_base: 100_000,
        },
        Org::MyDomain => OrgRows {
            users: &MY_DOMAIN_USERS,
            opportunities: MY_DOMAIN_OPPORTUNITIES,
            leads: MY_DOMAIN_LEADS,
            cases: MY_DOMAIN_CASES,
            tasks: MY_DOMAIN_TASKS,
            currencies: None,
            serial_base: 200_000,
        },
        Org::Eur => OrgRows {
            users: &EUR_USERS,
            opportunities: EUR_OPPORTUNITIES,
            leads: EUR_LEADS,
            cases: EUR_CASES,
            tasks: EUR_TASKS,
            currencies: None,
            serial_base: 300_000,
        },
        Org::Jpy => OrgRows {
            users: &JPY_USERS,
            opportunities: JPY_OPPORTUNITIES,
            leads: JPY_LEADS,
            cases: JPY_CASES,
            tasks: JPY_TASKS,
            currencies: None,
            serial_base: 400_000,
        },
        Org::MultiCurrency => OrgRows {
            users: &MULTI_CURRENCY_USERS,
            opportunities: MULTI_CURRENCY_OPPORTUNITIES,
            leads: MULTI_CURRENCY_LEADS,
            cases: MULTI_CURRENCY_CASES,
            tasks: MULTI_CURRENCY_TASKS,
            currencies: Some(MULTI_CURRENCY_CODES),
            serial_base: 500_000,
        },
    }
}

/// The account an opportunity belongs to: its name up to " - ".
fn account_name(opportunity: &str) -> &str {
    opportunity
        .split_once(" - ")
        .map_or(opportunity, |(company, _)| company)
}

/// The seeded demo (production) org around `today`.
pub fn seed(today: Date) -> Dataset {
    seed_org(Org::Production, today)
}

/// The seeded `org` around `today`.
pub fn seed_org(org: Org, today: Date) -> Dataset {
    let rows = rows(org);
    let base = rows.serial_base;
    let mut data = Dataset::empty(today).with_currency(org.currency(), org.currency_rates());
    data.push(
        &ORGANIZATION,
        Record::new()
            .with("Id", Value::text(org.org_id()))
            .with("Name", Value::text(org.label()))
            .with("DefaultCurrencyIsoCode", Value::text(org.currency()))
            .with("DefaultLocaleSidKey", Value::text(org.demo_user().locale))
            .with(
                "LanguageLocaleKey",
                Value::text(org.demo_user().locale.split('_').next().unwrap_or("en")),
            )
            .with("TimeZoneSidKey", Value::text(org.demo_user().time_zone))
            .with("IsSandbox", Value::Bool(org == Org::Sandbox)),
    );
    for (n, stage) in (1..).zip(STAGES.iter()) {
        data.push(
            &OPPORTUNITY_STAGE,
            Record::new()
                .with(
                    "Id",
                    Value::Text(make_id(OPPORTUNITY_STAGE.key_prefix, base + n)),
                )
                .with("ApiName", Value::text(stage.name))
                .with("MasterLabel", Value::text(stage.name))
                .with(
                    "IsActive",
                    Value::Bool(!org.inactive_stages().contains(&stage.name)),
                )
                .with("IsClosed", Value::Bool(stage.closed))
                .with("IsWon", Value::Bool(stage.won))
                .with("DefaultProbability", Value::Number(stage.probability))
                .with("ForecastCategoryName", Value::text(stage.forecast))
                .with("SortOrder", Value::Int(n as i64)),
        );
    }
    // Accounts: one per company an opportunity names (the part before " - "), owned by the
    // owner of its first opportunity, in the currency of that opportunity.
    let mut accounts: Vec<(&str, String)> = Vec::new();
    for (i, deal) in rows.opportunities.iter().enumerate() {
        let company = account_name(deal.name);
        if accounts.iter().any(|(name, _)| *name == company) {
            continue;
        }
        let id = make_id(ACCOUNT.key_prefix, base + accounts.len() as u64 + 1);
        let mut account = Record::new()
            .with("Id", Value::text(id.clone()))
            .with("Name", Value::text(company))
            .with("Type", Value::text("Customer"))
            .with("OwnerId", Value::text(deal.owner))
            .with(
                "CreatedDate",
                Value::DateTime(at(today - Duration::days(200 - i as i64), 9, 0)),
            );
        if let Some(codes) = rows.currencies {
            account.set(
                CURRENCY_ISO_CODE,
                Value::text(codes.get(i).copied().unwrap_or(org.currency())),
            );
        }
        data.push(&ACCOUNT, account);
        accounts.push((company, id));
    }
    for user in rows.users {
        data.push(
            &USER,
            Record::new()
                .with("Id", Value::text(user.id))
                .with("Name", Value::Text(user.name()))
                .with("FirstName", Value::text(user.first_name))
                .with("LastName", Value::text(user.last_name))
                .with("Username", Value::text(user.username))
                .with("Email", Value::text(user.username))
                .with("Title", Value::text(user.title))
                .with("IsActive", Value::Bool(true))
                .with("TimeZoneSidKey", Value::text(user.time_zone)),
        );
    }
    for (n, deal) in (1..).zip(rows.opportunities) {
        let closed = deal.stage.starts_with("Closed");
        let account = accounts
            .iter()
            .find(|(name, _)| *name == account_name(deal.name))
            .map_or(Value::Null, |(_, id)| Value::text(id.clone()));
        let currency = rows
            .currencies
            .map(|codes| Value::text(codes.get(n as usize - 1).copied().unwrap_or(org.currency())));
        let mut record = Record::new()
            .with("Id", Value::Text(make_id(OPPORTUNITY.key_prefix, base + n)))
            .with("Name", Value::text(deal.name))
            .with("Amount", deal.amount.map_or(Value::Null, Value::Number))
            .with("StageName", Value::text(deal.stage))
            .with("Probability", Value::Number(stage_probability(deal.stage)))
            .with("CloseDate", Value::Date(deal.close.date(today)))
            .with("IsClosed", Value::Bool(closed))
            .with("IsWon", Value::Bool(deal.stage == "Closed Won"))
            .with(
                "Type",
                Value::text(if n % 3 == 0 {
                    "Existing Customer - Upgrade"
                } else {
                    "New Customer"
                }),
            )
            .with(
                "LeadSource",
                Value::text(if n % 2 == 0 {
                    "Partner Referral"
                } else {
                    "Web"
                }),
            )
            .with("OwnerId", Value::text(deal.owner))
            .with("AccountId", account)
            .with(
                "CreatedDate",
                Value::DateTime(at(today - Duration::days(20 + 3 * n as i64), 10, 0)),
            );
        if let Some(currency) = currency {
            record.set(CURRENCY_ISO_CODE, currency);
        }
        data.push(&OPPORTUNITY, record);
    }
    for (n, lead) in (1..).zip(rows.leads) {
        let owner = rows.users[(n as usize) % rows.users.len()].id;
        data.push(
            &LEAD,
            Record::new()
                .with("Id", Value::Text(make_id(LEAD.key_prefix, base + n)))
                .with("Name", Value::Text(format!("{} {}", lead.first, lead.last)))
                .with("FirstName", Value::text(lead.first))
                .with("LastName", Value::text(lead.last))
                .with("Company", Value::text(lead.company))
                .with("Title", Value::text(lead.title))
                .with(
                    "Email",
                    Value::Text(format!(
                        "{}.{}@example.com",
                        lead.first.to_lowercase(),
                        lead.last.to_lowercase()
                    )),
                )
                .with("Status", Value::text(lead.status))
                .with("LeadSource", Value::text(lead.source))
                .with(
                    "IsConverted",
                    Value::Bool(lead.status == "Closed - Converted"),
                )
                .with("OwnerId", Value::text(owner))
                .with("CreatedDate", Value::DateTime(lead.created.at(today))),
        );
    }
    for (n, case) in (1u64..).zip(rows.cases) {
        let owner = rows.users[(n as usize - 1) % rows.users.len()].id;
        let opened = today - Duration::days(31 - n as i64);
        data.push(
            &CASE,
            Record::new()
                .with("Id", Value::Text(make_id(CASE.key_prefix, base + n)))
                .with("CaseNumber", Value::Text(format!("{:08}", 1000 + n)))
                .with("Subject", Value::text(case.subject))
                .with("Status", Value::text(case.status))
                .with("Priority", Value::text(case.priority))
                .with("Origin", Value::text(case.origin))
                .with("IsClosed", Value::Bool(case.status == "Closed"))
                .with("OwnerId", Value::text(owner))
                .with(
                    "CreatedDate",
                    Value::DateTime(at(opened, 9 + (n % 8) as u8, (n * 7 % 60) as u8)),
                ),
        );
    }
    for (n, task) in (1..).zip(rows.tasks) {
        data.push(
            &TASK,
            Record::new()
                .with("Id", Value::Text(make_id(TASK.key_prefix, base + n)))
                .with("Subject", Value::text(task.subject))
                .with(
                    "ActivityDate",
                    task.due_in_days
                        .map_or(Value::Null, |d| Value::Date(today + Duration::days(d))),
                )
                .with("Status", Value::text(task.status))
                .with("Priority", Value::text(task.priority))
                .with("IsClosed", Value::Bool(task.status == "Completed"))
                .with("OwnerId", Value::text(task.owner))
                .with(
                    "CreatedDate",
                    Value::DateTime(at(today - Duration::days(10), 8, 30)),
                ),
        );
    }
    // Records created later get serials above every seeded one.
    data.next_serial = base + 1_000;
    data
}
