//! sObject create: the record is posted as JSON and the reply's id read back.

use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{bearer, client, session};

#[tokio::test]
async fn create_posts_the_record_as_json() {
    let server = MockServer::start().await;
    let task = json!({"Subject": "Call \"Bob\" back", "OwnerId": "005x", "ActivityDate": "2026-05-04",
                      "Status": "Not Started", "Priority": "Normal"});
    Mock::given(method("POST"))
        .and(path("/services/data/v66.0/sobjects/Task"))
        .and(header("authorization", bearer().as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(&task))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "00T000000000001AAA", "success": true, "errors": []})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let created = client()
        .create(&session(&server), "Task", &task)
        .await
        .unwrap();
    assert_eq!(created.id, "00T000000000001AAA");
    assert!(created.success);
}
