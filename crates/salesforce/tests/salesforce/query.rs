//! SOQL queries: the request, pagination through `nextRecordsUrl` and its bounds, aggregates.

use salesforce::rest::{RestError, DEFAULT_MAX_PAGES};
use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    bearer, client, opportunity, query_names, session, silent_server, Opportunity, QUERY_PATH,
};

#[tokio::test]
async fn query_sends_soql_with_the_bearer_token_and_reads_records() {
    let server = MockServer::start().await;
    let soql =
        "SELECT Name, Amount FROM Opportunity WHERE OwnerId = '005x' ORDER BY Amount DESC LIMIT 3";
    Mock::given(method("GET"))
        .and(path(QUERY_PATH))
        .and(query_param("q", soql))
        .and(header("authorization", bearer().as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 2, "done": true,
            "records": [opportunity("Acme", 250000.0), opportunity("Globex", 1200.5)]
        })))
        .expect(1)
        .mount(&server)
        .await;

    let result = client()
        .query::<Opportunity>(&session(&server), soql)
        .await
        .unwrap();
    assert_eq!(result.total_size, 2);
    assert!(result.done);
    assert_eq!(
        result.records,
        vec![
            Opportunity {
                name: "Acme".into(),
                amount: Some(250000.0)
            },
            Opportunity {
                name: "Globex".into(),
                amount: Some(1200.5)
            },
        ]
    );
}

const NAMES: [&str; 3] = ["A", "B", "C"];

/// Where page `page` of a query result is: the query itself, then its `nextRecordsUrl`s.
fn page_url(page: usize) -> String {
    if page == 0 {
        QUERY_PATH.to_owned()
    } else {
        format!("{QUERY_PATH}/01gA-{page}")
    }
}

/// Serves a query result as `pages` pages of one record each (named from [`NAMES`]), chained
/// by `nextRecordsUrl`; each page must be asked for once, with the bearer token. With `more`,
/// the last page served names one more page, which must never be asked for.
async fn serve_pages(server: &MockServer, pages: usize, more: bool) {
    for (page, name) in NAMES.iter().enumerate().take(pages) {
        let last = page + 1 == pages && !more;
        let mut body = json!({
            "totalSize": 9, "done": last, "records": [opportunity(name, 1.0)]
        });
        if !last {
            body["nextRecordsUrl"] = json!(page_url(page + 1));
        }
        Mock::given(path(page_url(page)))
            .and(header("authorization", bearer().as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(server)
            .await;
    }
    if more {
        Mock::given(path(page_url(pages)))
            .respond_with(ResponseTemplate::new(500))
            .expect(0)
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn query_follows_next_records_url_until_done_or_the_page_bound() {
    // (pages served, whether a further page remains, the client's page bound)
    for (pages, more, max_pages) in [(3, false, DEFAULT_MAX_PAGES), (2, true, 2)] {
        let server = MockServer::start().await;
        serve_pages(&server, pages, more).await;

        let result = query_names(&client().with_max_pages(max_pages), &server)
            .await
            .unwrap();
        let names: Vec<_> = result.records.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, NAMES[..pages], "{pages} pages");
        // Stopped at the bound: not done, and the next page is named.
        assert_eq!(result.done, !more, "{pages} pages");
        assert_eq!(result.next_records_url, more.then(|| page_url(pages)));
    }
}

#[tokio::test]
async fn a_next_page_on_another_origin_is_refused_without_sending_the_token() {
    let server = MockServer::start().await;
    let elsewhere = silent_server().await;
    Mock::given(path(QUERY_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 2, "done": false,
            "nextRecordsUrl": format!("{}{QUERY_PATH}/01gC-1", elsewhere.uri()),
            "records": [opportunity("A", 1.0)]
        })))
        .mount(&server)
        .await;

    let error = query_names(&client(), &server).await.unwrap_err();
    assert!(matches!(error, RestError::Malformed(_)), "{error:?}");
}

#[tokio::test]
async fn aggregate_results_read_by_alias_and_null_sums() {
    #[derive(Debug, Deserialize)]
    struct Pipeline {
        deals: u64,
        total: Option<f64>,
    }
    let server = MockServer::start().await;
    Mock::given(path(QUERY_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "totalSize": 1, "done": true,
            "records": [{"attributes": {"type": "AggregateResult"}, "deals": 0, "total": null}]
        })))
        .mount(&server)
        .await;
    let result = client()
        .query::<Pipeline>(&session(&server), "SELECT COUNT(Id) deals")
        .await
        .unwrap();
    assert_eq!(result.records[0].deals, 0);
    assert_eq!(result.records[0].total, None);
}
