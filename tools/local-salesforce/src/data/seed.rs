//! The seeded org: a believable sales team laid out around "today" (UTC), with no randomness,
//! so tests can assert exact figures whatever the date. Close dates that matter to
//! `THIS_QUARTER` are pinned to the quarter's first day, today or its last day, never to
//! "today plus N", so quarter figures do not drift with the calendar.

use time::{Date, Duration};

use super::calendar::{at, quarter_end, quarter_start};
use super::schema::{CASE, LEAD, OPPORTUNITY, TASK, USER};
use super::{make_id, Dataset, Record, Value};
use crate::demo;

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
    },
    User {
        id: JORDAN_LEE_ID,
        username: "jordan.lee@localdemo.example",
        first_name: "Jordan",
        last_name: "Lee",
        title: "Sales Manager",
    },
    User {
        id: SAM_PATEL_ID,
        username: "sam.patel@localdemo.example",
        first_name: "Sam",
        last_name: "Patel",
        title: "Account Executive",
    },
];

/// The seeded user with this 15- or 18-character id.
pub fn user_by_id(id: &str) -> Option<&'static User> {
    let wanted = super::schema::id15(id);
    USERS
        .iter()
        .find(|u| super::schema::id15(u.id) == wanted && (id.len() == 15 || id.len() == 18))
}

/// The seeded user with this username (case-insensitive).
pub fn user_by_username(username: &str) -> Option<&'static User> {
    USERS
        .iter()
        .find(|u| u.username.eq_ignore_ascii_case(username.trim()))
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

/// The probability Salesforce's default sales process gives each stage.
fn stage_probability(stage: &str) -> f64 {
    match stage {
        "Qualification" | "Prospecting" => 10.0,
        "Needs Analysis" => 20.0,
        "Value Proposition" => 50.0,
        "Id. Decision Makers" => 60.0,
        "Perception Analysis" => 70.0,
        "Proposal/Price Quote" => 75.0,
        "Negotiation/Review" => 90.0,
        "Closed Won" => 100.0,
        _ => 0.0,
    }
}

/// (owner, name, amount, stage, close)
type OpportunitySeed = (&'static str, &'static str, Option<f64>, &'static str, Close);

const OPPORTUNITIES: &[OpportunitySeed] = &[
    // The demo user: nine open (one without an amount), three won, three lost.
    (
        demo::USER_ID,
        "Acme Corp - 500 Widgets",
        Some(250_000.0),
        "Negotiation/Review",
        Close::QuarterEnd,
    ),
    (
        demo::USER_ID,
        "Globex - Platform Renewal",
        Some(480_000.0),
        "Proposal/Price Quote",
        Close::AfterQuarter(30),
    ),
    (
        demo::USER_ID,
        "Initech - Support Upgrade",
        Some(36_000.0),
        "Qualification",
        Close::AfterQuarter(60),
    ),
    (
        demo::USER_ID,
        "Umbrella Health - Analytics Suite",
        Some(175_000.0),
        "Value Proposition",
        Close::Today,
    ),
    (
        demo::USER_ID,
        "Stark Logistics - Fleet Tracking",
        Some(92_500.0),
        "Id. Decision Makers",
        Close::AfterQuarter(20),
    ),
    (
        demo::USER_ID,
        "Wayne Foods - POS Rollout",
        Some(64_000.0),
        "Prospecting",
        Close::AfterQuarter(90),
    ),
    (
        demo::USER_ID,
        "Hooli - 200 Seats",
        Some(120_000.0),
        "Perception Analysis",
        Close::QuarterEnd,
    ),
    (
        demo::USER_ID,
        "Soylent Co - Pilot",
        Some(12_000.0),
        "Needs Analysis",
        Close::AfterQuarter(45),
    ),
    (
        demo::USER_ID,
        "Vandelay Imports - Expansion",
        None,
        "Prospecting",
        Close::AfterQuarter(120),
    ),
    (
        demo::USER_ID,
        "Cyberdyne - Robotics Licenses",
        Some(310_000.0),
        "Closed Won",
        Close::QuarterStart,
    ),
    (
        demo::USER_ID,
        "Tyrell Corp - Data Migration",
        Some(48_000.0),
        "Closed Won",
        Close::Today,
    ),
    (
        demo::USER_ID,
        "Massive Dynamic - Training",
        Some(27_500.0),
        "Closed Won",
        Close::BeforeQuarter(20),
    ),
    (
        demo::USER_ID,
        "Oscorp - Lab Equipment",
        Some(210_000.0),
        "Closed Lost",
        Close::BeforeQuarter(35),
    ),
    (
        demo::USER_ID,
        "Pied Piper - Compression API",
        Some(18_500.0),
        "Closed Lost",
        Close::Today,
    ),
    (
        demo::USER_ID,
        "Dunder Mifflin - Paper Supply",
        Some(15_000.0),
        "Closed Lost",
        Close::QuarterStart,
    ),
    // Colleagues.
    (
        JORDAN_LEE_ID,
        "Northwind Traders - CRM Seats",
        Some(84_000.0),
        "Proposal/Price Quote",
        Close::QuarterEnd,
    ),
    (
        JORDAN_LEE_ID,
        "Contoso - Cloud Migration",
        Some(265_000.0),
        "Negotiation/Review",
        Close::AfterQuarter(30),
    ),
    (
        JORDAN_LEE_ID,
        "Fabrikam - Service Contract",
        Some(41_000.0),
        "Closed Won",
        Close::QuarterStart,
    ),
    (
        SAM_PATEL_ID,
        "Blue Yonder Airlines - Loyalty App",
        Some(158_000.0),
        "Qualification",
        Close::AfterQuarter(60),
    ),
    (
        SAM_PATEL_ID,
        "Adventure Works - Bikes",
        Some(22_000.0),
        "Closed Lost",
        Close::QuarterStart,
    ),
    (
        SAM_PATEL_ID,
        "Litware - Security Audit",
        Some(67_500.0),
        "Id. Decision Makers",
        Close::Today,
    ),
];

/// (first, last, company, title, status, source, days ago (0 = today), hour, minute)
type LeadSeed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    u8,
    u8,
);

const LEADS: &[LeadSeed] = &[
    (
        "Maria",
        "Gonzalez",
        "Brightline Dental",
        "Office Manager",
        "Open - Not Contacted",
        "Web",
        0,
        8,
        12,
    ),
    (
        "Kenji",
        "Tanaka",
        "Harbor Freight Partners",
        "COO",
        "Open - Not Contacted",
        "Partner Referral",
        0,
        9,
        47,
    ),
    (
        "Priya",
        "Shah",
        "Northstar Robotics",
        "VP Operations",
        "Working - Contacted",
        "Trade Show",
        0,
        11,
        5,
    ),
    (
        "Tom",
        "Becker",
        "Evergreen Farms",
        "Owner",
        "Open - Not Contacted",
        "Phone Inquiry",
        0,
        13,
        30,
    ),
    (
        "Aisha",
        "Okafor",
        "Lumen Analytics",
        "CTO",
        "Working - Contacted",
        "Web",
        1,
        15,
        20,
    ),
    (
        "Luca",
        "Romano",
        "Romano Imports",
        "Buyer",
        "Working - Contacted",
        "Purchased List",
        2,
        10,
        0,
    ),
    (
        "Hannah",
        "Schmidt",
        "Alpine Outfitters",
        "Procurement Lead",
        "Closed - Not Converted",
        "Web",
        5,
        14,
        45,
    ),
    (
        "Diego",
        "Alvarez",
        "Solara Energy",
        "Director of IT",
        "Open - Not Contacted",
        "Web",
        8,
        9,
        15,
    ),
    (
        "Grace",
        "Kim",
        "Blue Harbor Bank",
        "Head of Digital",
        "Working - Contacted",
        "Partner Referral",
        12,
        16,
        10,
    ),
    (
        "Omar",
        "Haddad",
        "Cedar Health",
        "Practice Manager",
        "Closed - Converted",
        "Trade Show",
        20,
        11,
        30,
    ),
    (
        "Sofia",
        "Novak",
        "Pixel Forge",
        "Founder",
        "Open - Not Contacted",
        "Other",
        33,
        8,
        55,
    ),
    (
        "Ben",
        "Carter",
        "Carter & Sons",
        "Owner",
        "Closed - Not Converted",
        "Phone Inquiry",
        41,
        12,
        0,
    ),
];

/// (subject, status, priority, origin)
const CASES: [(&str, &str, &str, &str); 30] = [
    (
        "Cannot log in to the customer portal",
        "Working",
        "High",
        "Web",
    ),
    (
        "Invoice shows the wrong billing address",
        "New",
        "Medium",
        "Email",
    ),
    (
        "Widget shipment arrived damaged",
        "Escalated",
        "High",
        "Phone",
    ),
    (
        "Request for a copy of the signed contract",
        "Closed",
        "Low",
        "Email",
    ),
    ("API returns 500 on bulk upload", "Working", "High", "Web"),
    (
        "Password reset email never arrives",
        "Closed",
        "Medium",
        "Web",
    ),
    ("Need to add five more seats", "New", "Low", "Email"),
    (
        "Dashboard export to PDF is blank",
        "Working",
        "Medium",
        "Web",
    ),
    (
        "Wrong tax rate applied on renewal",
        "Escalated",
        "High",
        "Phone",
    ),
    ("Training session reschedule", "Closed", "Low", "Email"),
    ("Mobile app crashes on start-up", "Working", "High", "Web"),
    (
        "Duplicate charges on credit card",
        "Escalated",
        "High",
        "Phone",
    ),
    ("How do I change the account owner?", "Closed", "Low", "Web"),
    (
        "Sync with the ERP stopped overnight",
        "Working",
        "High",
        "Email",
    ),
    ("Replacement part for unit 7", "New", "Medium", "Phone"),
    (
        "SSO setup for a new subsidiary",
        "Working",
        "Medium",
        "Email",
    ),
    (
        "Report filters ignore the date range",
        "New",
        "Medium",
        "Web",
    ),
    ("Cancel the extra support plan", "Closed", "Low", "Email"),
    (
        "Delivery address change for the next order",
        "Closed",
        "Low",
        "Phone",
    ),
    ("Data import skipped 40 rows", "Working", "Medium", "Web"),
    ("Warranty claim for the scanner", "New", "Medium", "Email"),
    (
        "Users locked out after the update",
        "Escalated",
        "High",
        "Phone",
    ),
    (
        "Request for a security questionnaire",
        "Working",
        "Low",
        "Email",
    ),
    ("Email-to-case creates duplicates", "New", "Medium", "Web"),
    (
        "Upgrade quote for the enterprise plan",
        "Closed",
        "Low",
        "Email",
    ),
    ("Printer integration times out", "Working", "Medium", "Web"),
    ("Missing items in the last shipment", "New", "High", "Phone"),
    ("Language setting resets to English", "Closed", "Low", "Web"),
    ("Need an audit log export", "Working", "Medium", "Email"),
    (
        "Outage notification was not sent",
        "Escalated",
        "High",
        "Email",
    ),
];

/// (owner, subject, due in days (None = no due date), status, priority)
type TaskSeed = (
    &'static str,
    &'static str,
    Option<i64>,
    &'static str,
    &'static str,
);

const TASKS: &[TaskSeed] = &[
    (
        demo::USER_ID,
        "Call Acme Corp about the widget order",
        Some(-3),
        "Not Started",
        "High",
    ),
    (
        demo::USER_ID,
        "Send the revised quote to Globex",
        Some(-1),
        "In Progress",
        "High",
    ),
    (
        demo::USER_ID,
        "Prepare the QBR deck for Hooli",
        Some(0),
        "Not Started",
        "Normal",
    ),
    (
        demo::USER_ID,
        "Follow up with Umbrella Health",
        Some(0),
        "Waiting on someone else",
        "Normal",
    ),
    (
        demo::USER_ID,
        "Book a demo with Stark Logistics",
        Some(2),
        "Not Started",
        "Normal",
    ),
    (
        demo::USER_ID,
        "Renewal check-in with Initech",
        Some(7),
        "Not Started",
        "Low",
    ),
    (
        demo::USER_ID,
        "Log notes from the Cyberdyne kickoff",
        Some(-2),
        "Completed",
        "Normal",
    ),
    (
        demo::USER_ID,
        "Email the contract to Tyrell Corp",
        Some(0),
        "Completed",
        "High",
    ),
    (
        demo::USER_ID,
        "Update the pipeline forecast",
        None,
        "Not Started",
        "Low",
    ),
    (
        JORDAN_LEE_ID,
        "Coach Alex on the Globex negotiation",
        Some(-1),
        "Not Started",
        "Normal",
    ),
    (
        SAM_PATEL_ID,
        "Call the Litware security lead",
        Some(0),
        "Not Started",
        "High",
    ),
];

/// The seeded org around `today`.
pub fn seed(today: Date) -> Dataset {
    let mut data = Dataset::empty(today);
    for user in &USERS {
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
                .with("TimeZoneSidKey", Value::text("America/Los_Angeles")),
        );
    }
    for (n, (owner, name, amount, stage, close)) in (1..).zip(OPPORTUNITIES) {
        let closed = stage.starts_with("Closed");
        data.push(
            &OPPORTUNITY,
            Record::new()
                .with("Id", Value::Text(make_id(OPPORTUNITY.key_prefix, n)))
                .with("Name", Value::text(*name))
                .with("Amount", amount.map_or(Value::Null, Value::Number))
                .with("StageName", Value::text(*stage))
                .with("Probability", Value::Number(stage_probability(stage)))
                .with("CloseDate", Value::Date(close.date(today)))
                .with("IsClosed", Value::Bool(closed))
                .with("IsWon", Value::Bool(*stage == "Closed Won"))
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
                .with("OwnerId", Value::text(*owner))
                .with(
                    "CreatedDate",
                    Value::DateTime(at(today - Duration::days(20 + 3 * n as i64), 10, 0)),
                ),
        );
    }
    for (n, (first, last, company, title, status, source, days_ago, hour, minute)) in
        (1..).zip(LEADS)
    {
        let owner = USERS[(n as usize) % USERS.len()].id;
        data.push(
            &LEAD,
            Record::new()
                .with("Id", Value::Text(make_id(LEAD.key_prefix, n)))
                .with("Name", Value::Text(format!("{first} {last}")))
                .with("FirstName", Value::text(*first))
                .with("LastName", Value::text(*last))
                .with("Company", Value::text(*company))
                .with("Title", Value::text(*title))
                .with(
                    "Email",
                    Value::Text(format!(
                        "{}.{}@example.com",
                        first.to_lowercase(),
                        last.to_lowercase()
                    )),
                )
                .with("Status", Value::text(*status))
                .with("LeadSource", Value::text(*source))
                .with("IsConverted", Value::Bool(*status == "Closed - Converted"))
                .with("OwnerId", Value::text(owner))
                .with(
                    "CreatedDate",
                    Value::DateTime(at(today - Duration::days(*days_ago), *hour, *minute)),
                ),
        );
    }
    for (n, (subject, status, priority, origin)) in (1u64..).zip(CASES) {
        let owner = USERS[(n as usize - 1) % USERS.len()].id;
        let opened = today - Duration::days(31 - n as i64);
        data.push(
            &CASE,
            Record::new()
                .with("Id", Value::Text(make_id(CASE.key_prefix, n)))
                .with("CaseNumber", Value::Text(format!("{:08}", 1000 + n)))
                .with("Subject", Value::text(subject))
                .with("Status", Value::text(status))
                .with("Priority", Value::text(priority))
                .with("Origin", Value::text(origin))
                .with("IsClosed", Value::Bool(status == "Closed"))
                .with("OwnerId", Value::text(owner))
                .with(
                    "CreatedDate",
                    Value::DateTime(at(opened, 9 + (n % 8) as u8, (n * 7 % 60) as u8)),
                ),
        );
    }
    for (n, (owner, subject, due_in, status, priority)) in (1..).zip(TASKS) {
        data.push(
            &TASK,
            Record::new()
                .with("Id", Value::Text(make_id(TASK.key_prefix, n)))
                .with("Subject", Value::text(*subject))
                .with(
                    "ActivityDate",
                    due_in.map_or(Value::Null, |d| Value::Date(today + Duration::days(d))),
                )
                .with("Status", Value::text(*status))
                .with("Priority", Value::text(*priority))
                .with("IsClosed", Value::Bool(*status == "Completed"))
                .with("OwnerId", Value::text(*owner))
                .with(
                    "CreatedDate",
                    Value::DateTime(at(today - Duration::days(10), 8, 30)),
                ),
        );
    }
    // Records created later get serials above every seeded one.
    data.next_serial = 1_000;
    data
}
