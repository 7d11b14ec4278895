//! A loopback stand-in of the parts of Salesforce this project touches.

pub mod demo;
