"""Deploys the seed's queues, DLQs, topic, subscriptions, alarms and tables as a CloudFormation stack
(moto) or directly (an endpoint without CloudFormation, such as ingest's own), then dead-letters sign-ups
in the metadata DLQ. Prints a JSON summary. Usage: seed_stack.py ENDPOINT [--direct] [--app NAME]"""
import json
import sys
import time

import boto3

endpoint = sys.argv[1]
direct = "--direct" in sys.argv
app = sys.argv[sys.argv.index("--app") + 1] if "--app" in sys.argv else "demo-user-ingestion"
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
sqs = boto3.client("sqs", **kw)
sns = boto3.client("sns", **kw)
cw = boto3.client("cloudwatch", **kw)

def alarm(logical, name, queue_ref, metric, op, threshold):
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmName": name, "Namespace": "AWS/SQS", "MetricName": metric, "Statistic": "Maximum", "Period": 300,
        "EvaluationPeriods": 3, "DatapointsToAlarm": 2, "Threshold": threshold, "ComparisonOperator": op,
        "TreatMissingData": "notBreaching", "Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": [queue_ref, "QueueName"]}}]}}

def queue(name, dlq=None):
    props = {"QueueName": f"{app}-{name}", "VisibilityTimeout": 60, "MessageRetentionPeriod": 86400}
    if dlq:
        props["RedrivePolicy"] = {"deadLetterTargetArn": {"Fn::GetAtt": [dlq, "Arn"]}, "maxReceiveCount": 1}
    return {"Type": "AWS::SQS::Queue", "Properties": props}

ALARMS = {
    "UserIngestionSnsDlqAlarm": alarm("a1", "UserIngestionSnsDlqApproximateNumberOfMessagesVisible", "SnsDeadLetterQueue",
                                      "ApproximateNumberOfMessagesVisible", "GreaterThanOrEqualToThreshold", 1),
    "UserMetadataAgeAlarm": alarm("a2", "UserMetadataAgeOfOldestMessage", "UserMetadataQueue",
                                  "ApproximateAgeOfOldestMessage", "GreaterThanThreshold", 30),
    "UserMetadataDlqAlarm": alarm("a3", "UserMetadataDlqApproximateNumberOfMessagesVisible", "UserMetadataDeadLetterQueue",
                                  "ApproximateNumberOfMessagesVisible", "GreaterThanOrEqualToThreshold", 1),
}

template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
    "SnsDeadLetterQueue": queue("sns-dead-letter-queue"),
    "UserMetadataDeadLetterQueue": queue("user-metadata-dead-letter-queue"),
    "UserMetadataQueue": queue("user-metadata-queue", "UserMetadataDeadLetterQueue"),
    "UserOnboardingDeadLetterQueue": queue("onboarding-dead-letter-queue"),
    "UserOnboardingQueue": queue("onboarding-queue", "UserOnboardingDeadLetterQueue"),
    "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": f"{app}-topic"}},
    "UserMetadataTable": {"Type": "AWS::DynamoDB::Table", "Properties": {
        "TableName": "demo_user_metadata", "AttributeDefinitions": [{"AttributeName": "username", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "username", "KeyType": "HASH"}],
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}},
    "UserOnboardingTable": {"Type": "AWS::DynamoDB::Table", "Properties": {
        "TableName": "demo_user_onboarding", "AttributeDefinitions": [{"AttributeName": "username", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "username", "KeyType": "HASH"}],
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"}}},
}}

if direct:
    urls = {}
    for logical in ["SnsDeadLetterQueue", "UserMetadataDeadLetterQueue", "UserMetadataQueue", "UserOnboardingDeadLetterQueue", "UserOnboardingQueue"]:
        props = template["Resources"][logical]["Properties"]
        attrs = {"VisibilityTimeout": "60", "MessageRetentionPeriod": "86400"}
        if "RedrivePolicy" in props:
            target = props["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
            arn = sqs.get_queue_attributes(QueueUrl=urls[target], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            attrs["RedrivePolicy"] = json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": "1"})
        urls[logical] = sqs.create_queue(QueueName=props["QueueName"], Attributes=attrs)["QueueUrl"]
    topic_arn = sns.create_topic(Name=f"{app}-topic")["TopicArn"]
else:
    cf = boto3.client("cloudformation", **kw)
    cf.create_stack(StackName=app, TemplateBody=json.dumps(template))
    resources = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in cf.describe_stack_resources(StackName=app)["StackResources"] if "LogicalResourceId" in r}
    urls = {k: v for k, v in resources.items() if k.endswith("Queue")}
    topic_arn = resources["Topic"]

# The alarms (moto's CloudFormation does not create them): found by the queues they watch.
for logical, a in ALARMS.items():
    p = dict(a["Properties"])
    queue_logical = p["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
    p["Dimensions"] = [{"Name": "QueueName", "Value": template["Resources"][queue_logical]["Properties"]["QueueName"]}]
    cw.put_metric_alarm(**p)

dlq_arn = sqs.get_queue_attributes(QueueUrl=urls["SnsDeadLetterQueue"], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
for q in ["UserMetadataQueue", "UserOnboardingQueue"]:
    arn = sqs.get_queue_attributes(QueueUrl=urls[q], AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=arn, ReturnSubscriptionArn=True,
                  Attributes={"RawMessageDelivery": "true", "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn})})

# Three sign-ups; the metadata worker "fails" each once (maxReceiveCount 1), so they dead-letter.
for i in range(3):
    sns.publish(TopicArn=topic_arn, Message=json.dumps({"username": f"poison-{i}", "user_id": f"u{i}", "email": f"user{i}@example.com"}))
meta = urls["UserMetadataQueue"]
deadline = time.time() + 30
moved = 0
while time.time() < deadline and moved < 3:
    sqs.receive_message(QueueUrl=meta, MaxNumberOfMessages=10, VisibilityTimeout=0)
    dlq_attrs = sqs.get_queue_attributes(QueueUrl=urls["UserMetadataDeadLetterQueue"], AttributeNames=["ApproximateNumberOfMessages"])
    moved = int(dlq_attrs["Attributes"]["ApproximateNumberOfMessages"])

cw.set_alarm_state(AlarmName="UserMetadataDlqApproximateNumberOfMessagesVisible", StateValue="ALARM",
                   StateReason="Threshold Crossed: 2 out of the last 3 datapoints were greater than or equal to the threshold (1.0).")

if not direct:
    # A function with a stream mapping (never invoked: nothing writes the table) and log lines as Lambda writes them.
    import io, zipfile
    iam = boto3.client("iam", **kw)
    role = iam.create_role(RoleName="stream-role", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))["Role"]["Arn"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.js", "exports.handler = async () => ({})\n")
    lam = boto3.client("lambda", **kw)
    lam.create_function(FunctionName="demo-user-onboarding-stream", Runtime="nodejs18.x", Role=role, Handler="index.handler",
                        Code={"ZipFile": buf.getvalue()}, Timeout=10, MemorySize=128, Environment={"Variables": {"APP_NAME": app}})
    stream_arn = boto3.client("dynamodb", **kw).describe_table(TableName="demo_user_onboarding")["Table"]["LatestStreamArn"]
    lam.create_event_source_mapping(FunctionName="demo-user-onboarding-stream", EventSourceArn=stream_arn, StartingPosition="LATEST", BatchSize=100)
    logs = boto3.client("logs", **kw)
    group = "/aws/lambda/demo-user-onboarding-stream"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName="2026/12/07/[$LATEST]abc")
    now = int(time.time() * 1000)
    rid = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
    logs.put_log_events(logGroupName=group, logStreamName="2026/12/07/[$LATEST]abc", logEvents=[
        {"timestamp": now - 3000, "message": f"START RequestId: {rid} Version: $LATEST"},
        {"timestamp": now - 2000, "message": f"2026-12-07T02:00:00.000Z\t{rid}\tERROR\tonboarding failed for jane.doe@example.com"},
        {"timestamp": now - 1000, "message": f"END RequestId: {rid}"},
    ])

print(json.dumps({"topic": topic_arn, "queues": urls, "dlqDepth": moved}))
