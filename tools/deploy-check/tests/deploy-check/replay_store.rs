//! `template.yaml`'s replay table, the token proxy's least-privilege access to it, and the
//! `StaticEgressIp` VPC/NAT/EIP that exists only when asked for.

use crate::support;

use deploy_check::cfn;
use deploy_check::template::Template;
use serde_yaml_ng::Value;

/// The table `REPLAY_TABLE` names.
fn replay_table(template: &Template) -> (&str, &Value) {
    let proxy = template.function("TokenProxyFunction").unwrap();
    let name =
        cfn::ref_target(proxy.environment()["REPLAY_TABLE"]).expect("REPLAY_TABLE: !Ref <table>");
    assert_eq!(template.resource_type(name), Some("AWS::DynamoDB::Table"));
    (name, template.resource(name).unwrap())
}

#[test]
fn the_replay_table_is_on_demand_keyed_by_pk_with_ttl_and_encryption() {
    let template = support::template();
    let (_, table) = replay_table(&template);
    let properties = &table["Properties"];
    assert_eq!(properties["BillingMode"], "PAY_PER_REQUEST");
    let keys = properties["KeySchema"].as_sequence().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["AttributeName"], "pk");
    assert_eq!(keys[0]["KeyType"], "HASH");
    let attributes = properties["AttributeDefinitions"].as_sequence().unwrap();
    assert_eq!(attributes.len(), 1);
    assert_eq!(attributes[0]["AttributeName"], "pk");
    assert_eq!(attributes[0]["AttributeType"], "S");
    assert_eq!(
        properties["TimeToLiveSpecification"]["AttributeName"],
        "expires_at"
    );
    assert_eq!(
        properties["TimeToLiveSpecification"]["Enabled"],
        Value::Bool(true)
    );
    assert_eq!(
        properties["SSESpecification"]["SSEEnabled"],
        Value::Bool(true)
    );
    assert!(
        table.get("Condition").is_none(),
        "the table exists in every deployment"
    );
}

#[test]
fn the_proxy_may_only_get_put_update_and_delete_items_of_the_replay_table() {
    let template = support::template();
    let (table, _) = replay_table(&template);
    let proxy = template.function("TokenProxyFunction").unwrap();
    let policies = proxy.property("Policies").unwrap().as_sequence().unwrap();
    let mut statements = Vec::new();
    for policy in policies {
        match policy.get("Statement") {
            Some(list) => statements.extend(list.as_sequence().unwrap().iter()),
            None => panic!("only inline statements are expected, found {policy:?}"),
        }
    }
    assert_eq!(statements.len(), 1, "{statements:?}");
    let statement = statements[0];
    assert_eq!(statement["Effect"], "Allow");
    let mut actions: Vec<&str> = statement["Action"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    actions.sort_unstable();
    assert_eq!(
        actions,
        [
            "dynamodb:DeleteItem",
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem"
        ]
    );
    assert_eq!(
        cfn::get_att(&statement["Resource"]),
        Some((table, "Arn")),
        "the table's ARN only, no wildcard"
    );
}

/// The resource types a NAT'd egress needs.
const EGRESS_TYPES: &[&str] = &[
    "AWS::EC2::VPC",
    "AWS::EC2::InternetGateway",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::Subnet",
    "AWS::EC2::RouteTable",
    "AWS::EC2::Route",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::EIP",
    "AWS::EC2::NatGateway",
    "AWS::EC2::SecurityGroup",
];

#[test]
fn static_egress_is_a_parameter_defaulting_to_false() {
    let template = support::template();
    let parameter = &template.parameters()["StaticEgressIp"];
    assert_eq!(parameter.default, Some(Value::from("false")));
    assert_eq!(
        parameter.allowed_values,
        vec![Value::from("true"), Value::from("false")]
    );
}

#[test]
fn every_network_resource_exists_only_with_static_egress() {
    let template = support::template();
    let mut found: Vec<&str> = Vec::new();
    for (id, resource) in template.resources() {
        let kind = resource["Type"].as_str().unwrap();
        if kind.starts_with("AWS::EC2::") {
            assert_eq!(
                resource.get("Condition").and_then(Value::as_str),
                Some("UseStaticEgressIp"),
                "{id} ({kind}) must exist only when StaticEgressIp is true"
            );
            found.push(kind);
        }
    }
    for kind in EGRESS_TYPES {
        assert!(found.contains(kind), "no {kind}");
    }
    // Two subnets: the public one holds the NAT gateway, the private one the function.
    assert_eq!(
        found.iter().filter(|k| **k == "AWS::EC2::Subnet").count(),
        2
    );
    let nat = template
        .resources()
        .into_iter()
        .find(|(_, r)| r["Type"] == "AWS::EC2::NatGateway")
        .unwrap()
        .1;
    let (eip, _) = cfn::get_att(&nat["Properties"]["AllocationId"]).unwrap();
    assert_eq!(template.resource_type(eip), Some("AWS::EC2::EIP"));
    // The private route goes through the NAT gateway.
    assert!(template.resources().iter().any(|(_, r)| {
        r["Type"] == "AWS::EC2::Route" && r["Properties"].get("NatGatewayId").is_some()
    }));
    // The security group lets nothing in.
    let group = template
        .resources()
        .into_iter()
        .find(|(_, r)| r["Type"] == "AWS::EC2::SecurityGroup")
        .unwrap()
        .1;
    assert!(group["Properties"].get("SecurityGroupIngress").is_none());
    assert!(group["Properties"].get("SecurityGroupEgress").is_some());
}

#[test]
fn the_proxy_joins_the_vpc_only_with_static_egress() {
    let template = support::template();
    let proxy = template.function("TokenProxyFunction").unwrap();
    let vpc = proxy.property("VpcConfig").expect("VpcConfig");
    let (condition, yes, no) = cfn::if_branches(vpc).expect("VpcConfig: !If");
    assert_eq!(condition, "UseStaticEgressIp");
    assert_eq!(cfn::ref_target(no), Some("AWS::NoValue"));
    let subnet = cfn::ref_target(&yes["SubnetIds"][0]).unwrap();
    assert_eq!(template.resource_type(subnet), Some("AWS::EC2::Subnet"));
    let group = cfn::ref_target(&yes["SecurityGroupIds"][0]).unwrap();
    assert_eq!(
        template.resource_type(group),
        Some("AWS::EC2::SecurityGroup")
    );
}

#[test]
fn the_egress_ip_is_an_output_only_with_static_egress() {
    let template = support::template();
    assert_eq!(
        template.output_condition("EgressIp"),
        Some("UseStaticEgressIp")
    );
    let eip = cfn::ref_target(template.output("EgressIp").unwrap()).unwrap();
    assert_eq!(template.resource_type(eip), Some("AWS::EC2::EIP"));
}
