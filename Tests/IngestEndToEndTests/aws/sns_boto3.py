#!/usr/bin/env python3
"""Drives the engine's SNS API with boto3 (the query protocol), and the seed's flow from outside.

Usage: sns_boto3.py ENDPOINT_URL TEMPLATE_TOPIC_ARN
Prints one "ok: <check>" line per passed check and exits non-zero at the first failure. It leaves behind
what the calling test checks in `ingest status` and after a restart: topic e2e-signups with a filtered
raw subscription to e2e-signup-q (whose RedrivePolicy names e2e-signup-dlq), and a redriven message.
"""
import json
import sys
import time

import boto3
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
TEMPLATE_TOPIC = sys.argv[2]
kw = dict(endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
sns = boto3.client("sns", **kw)
sqs = boto3.client("sqs", **kw)


def ok(name):
    print("ok: " + name, flush=True)


def expect_error(expected, status, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        assert got == expected, f"expected {expected}, got {got}: {e}"
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == status, e.response
        return e
    raise AssertionError(f"expected {expected}, the call succeeded")


def queue(name, **attrs):
    url = sqs.create_queue(QueueName=name, Attributes=attrs)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def topics():
    arn = sns.create_topic(Name="e2e-signups", Attributes={"DisplayName": "Sign-ups"}, Tags=[{"Key": "team", "Value": "growth"}])["TopicArn"]
    assert arn == "arn:aws:sns:us-east-1:000000000000:e2e-signups", arn
    again = sns.create_topic(Name="e2e-signups", Attributes={"DisplayName": "Sign-ups"})["TopicArn"]
    assert again == arn, "CreateTopic is idempotent with the same attributes"
    expect_error("InvalidParameter", 400, sns.create_topic, Name="e2e-signups", Attributes={"DisplayName": "Other"})
    expect_error("InvalidParameter", 400, sns.create_topic, Name="bad name!")
    listed = [t["TopicArn"] for t in sns.list_topics()["Topics"]]
    assert arn in listed and TEMPLATE_TOPIC in listed, listed
    attrs = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attrs["DisplayName"] == "Sign-ups" and attrs["TopicArn"] == arn and attrs["Owner"] == "000000000000", attrs
    assert json.loads(attrs["Policy"])["Statement"][0]["Resource"] == arn, attrs
    sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="New sign-ups")
    assert sns.get_topic_attributes(TopicArn=arn)["Attributes"]["DisplayName"] == "New sign-ups"
    expect_error("InvalidParameter", 400, sns.set_topic_attributes, TopicArn=arn, AttributeName="Bogus", AttributeValue="x")
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "growth"}]
    expect_error("NotFound", 404, sns.get_topic_attributes, TopicArn=arn + "-missing")
    expect_error("NotFound", 404, sns.publish, TopicArn=arn + "-missing", Message="x")
    ok("topics: create (idempotent, conflicting attributes refused), list, attributes, tags; a missing topic is NotFound 404")
    return arn


def subscriptions(topic):
    dlq_url, dlq_arn = queue("e2e-signup-dlq")
    url, qarn = queue("e2e-signup-q", RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"}))
    policy = json.dumps({"kind": ["signup"]})
    sub = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn,
                        Attributes={"RawMessageDelivery": "true", "FilterPolicy": policy}, ReturnSubscriptionArn=True)["SubscriptionArn"]
    assert sub.startswith(topic + ":"), sub
    same = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn,
                         Attributes={"RawMessageDelivery": "true", "FilterPolicy": policy})["SubscriptionArn"]
    assert same == sub, "the same subscription again is the same ARN"
    expect_error("InvalidParameter", 400, sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=qarn, Attributes={"RawMessageDelivery": "false"})
    expect_error("InvalidParameter", 400, sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint="not-an-arn")
    expect_error("InvalidParameter", 400, sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=qarn + "x",
                 Attributes={"FilterPolicy": json.dumps({"kind": [{"bogus-operator": 1}]})})
    attrs = sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]
    assert attrs["RawMessageDelivery"] == "true" and json.loads(attrs["FilterPolicy"]) == {"kind": ["signup"]}, attrs
    assert attrs["FilterPolicyScope"] == "MessageAttributes" and attrs["Endpoint"] == qarn and attrs["PendingConfirmation"] == "false", attrs
    by_topic = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [s["SubscriptionArn"] for s in by_topic] == [sub] and by_topic[0]["Protocol"] == "sqs", by_topic
    assert sub in [s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]]
    expect_error("NotFound", 404, sns.list_subscriptions_by_topic, TopicArn=topic + "-missing")
    expect_error("NotFound", 404, sns.get_subscription_attributes, SubscriptionArn=topic + ":00000000-0000-0000-0000-000000000000")

    # A second, enveloped subscription that is then removed.
    other_url, other_arn = queue("e2e-envelope-q")
    env = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=other_arn)["SubscriptionArn"]
    sns.publish(TopicArn=topic, Message="enveloped", Subject="Hi")
    m = sqs.receive_message(QueueUrl=other_url)["Messages"][0]
    envelope = json.loads(m["Body"])
    assert envelope["Type"] == "Notification" and envelope["Message"] == "enveloped" and envelope["Subject"] == "Hi", envelope
    assert envelope["TopicArn"] == topic and envelope["MessageId"], envelope
    sns.unsubscribe(SubscriptionArn=env)
    sns.unsubscribe(SubscriptionArn=env)  # already gone: succeeds
    sns.publish(TopicArn=topic, Message="after unsubscribe")
    assert "Messages" not in sqs.receive_message(QueueUrl=other_url, VisibilityTimeout=0), "an unsubscribed queue gets nothing more"
    ok("subscriptions: sqs with raw delivery and a filter policy (idempotent, conflicts and bad policies refused), attributes, lists; unsubscribe stops delivery")
    return sub, url, dlq_url, dlq_arn


def publishing(topic, sub, url):
    kind = lambda v: {"kind": {"DataType": "String", "StringValue": v}}
    sns.publish(TopicArn=topic, Message="filtered out", MessageAttributes=kind("other"))
    mid = sns.publish(TopicArn=topic, Message='{"user_id":"u1"}', MessageAttributes=kind("signup"))["MessageId"]
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"], VisibilityTimeout=0)["Messages"]
    assert [m["Body"] for m in got] == ['{"user_id":"u1"}'], got
    assert got[0]["MessageAttributes"]["kind"]["StringValue"] == "signup", got
    sqs.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])
    assert mid

    structured = json.dumps({"default": "plain", "sqs": "for queues"})
    sns.publish(TopicArn=topic, Message=structured, MessageStructure="json", MessageAttributes=kind("signup"))
    expect_error("InvalidParameter", 400, sns.publish, TopicArn=topic, Message=json.dumps({"sqs": "x"}), MessageStructure="json")
    expect_error("InvalidParameter", 400, sns.publish, TopicArn=topic, Message="")
    expect_error("InvalidParameter", 400, sns.publish, TopicArn=topic, Message="x" * 262_145)
    m = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]
    assert m["Body"] == "for queues", m
    sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])

    r = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
        {"Id": "one", "Message": "b1", "MessageAttributes": kind("signup")},
        {"Id": "two", "Message": "b2", "MessageAttributes": kind("signup")},
        {"Id": "bad", "Message": ""}])
    assert sorted(s["Id"] for s in r["Successful"]) == ["one", "two"], r
    assert r["Failed"][0]["Id"] == "bad" and r["Failed"][0]["Code"] == "InvalidParameter" and r["Failed"][0]["SenderFault"], r
    expect_error("BatchEntryIdsNotDistinct", 400, sns.publish_batch, TopicArn=topic,
                 PublishBatchRequestEntries=[{"Id": "a", "Message": "1"}, {"Id": "a", "Message": "2"}])
    expect_error("TooManyEntriesInBatchRequest", 400, sns.publish_batch, TopicArn=topic,
                 PublishBatchRequestEntries=[{"Id": f"e{i}", "Message": "m"} for i in range(11)])
    bodies = []
    for _ in range(5):
        for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0).get("Messages", []):
            bodies.append(m["Body"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        if len(bodies) >= 2:
            break
    assert sorted(bodies) == ["b1", "b2"], bodies
    ok("publish: filter policies filter, MessageStructure=json gives queues their entry, PublishBatch fails entries one by one")


def seed_flow(topic, url, dlq_url, dlq_arn):
    """The seed's path from outside: publish, a consumer that keeps failing, the DLQ, and a redrive back."""
    kind = {"kind": {"DataType": "String", "StringValue": "signup"}}
    mid = sns.publish(TopicArn=topic, Message='{"user_id":"poison"}', MessageAttributes=kind)["MessageId"]
    assert mid
    for n in (1, 2):
        got = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0, AttributeNames=["ApproximateReceiveCount"])["Messages"]
        assert got[0]["Body"] == '{"user_id":"poison"}' and got[0]["Attributes"]["ApproximateReceiveCount"] == str(n), got
    assert "Messages" not in sqs.receive_message(QueueUrl=url), "the third receive moves it to the DLQ"
    depth = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
    assert depth["ApproximateNumberOfMessages"] == "1", depth
    sqs.start_message_move_task(SourceArn=dlq_arn)
    for _ in range(200):
        task = sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]
        if task["Status"] != "RUNNING":
            break
        time.sleep(0.05)
    assert task["Status"] == "COMPLETED" and task["ApproximateNumberOfMessagesMoved"] == 1, task
    back = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
    assert back["ApproximateNumberOfMessages"] == "1", back
    ok("seed flow: publish, fail twice, dead-letter, StartMessageMoveTask back to the source")


def template_topic():
    # The template's own topic takes API subscriptions as well.
    url, qarn = queue("e2e-tap")
    sub = sns.subscribe(TopicArn=TEMPLATE_TOPIC, Protocol="sqs", Endpoint=qarn, Attributes={"RawMessageDelivery": "true"})["SubscriptionArn"]
    sns.publish(TopicArn=TEMPLATE_TOPIC, Message=json.dumps({"user_id": "tap-1", "email": "tap@example.com"}))
    got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5)["Messages"]
    assert json.loads(got[0]["Body"])["user_id"] == "tap-1", got
    t = sns.create_topic(Name="e2e-doomed")["TopicArn"]
    sns.delete_topic(TopicArn=t)
    sns.delete_topic(TopicArn=t)  # already gone: succeeds
    assert t not in [x["TopicArn"] for x in sns.list_topics()["Topics"]]
    ok("the template's topic takes an API subscription; DeleteTopic removes a topic (twice is fine)")
    return sub


topic = topics()
sub, url, dlq_url, dlq_arn = subscriptions(topic)
publishing(topic, sub, url)
seed_flow(topic, url, dlq_url, dlq_arn)
tap = template_topic()
print("subscription " + sub)
print("tap " + tap)
