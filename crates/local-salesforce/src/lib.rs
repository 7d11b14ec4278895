//! A loopback stand-in of the parts of Salesforce this project touches.

pub mod data;
pub mod demo;
pub mod soql;
