#!/usr/bin/env python3
"""Drives the engine's AWS endpoint with boto3 (JSON 1.0) and raw form POSTs (query protocol).

Usage: sqs_boto3.py ENDPOINT_URL TEMPLATE_QUEUE...
Prints one "ok: <check>" line per passed check and exits non-zero at the first failure. botocore does
not check SQS digests itself, so this script computes MD5OfMessageBody and MD5OfMessageAttributes the
way SQS documents them and compares (the algorithm the Java and Go SDKs verify).
"""
import base64
import hashlib
import json
import struct
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
from botocore.exceptions import ClientError

ENDPOINT = sys.argv[1]
TEMPLATE_QUEUES = sys.argv[2:]
sqs = boto3.client("sqs", endpoint_url=ENDPOINT, region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")


def ok(name):
    print("ok: " + name, flush=True)


def md5_of_attributes(attrs):
    """SQS's digest: names sorted, each length-prefixed name, type, transport byte, value."""
    def enc(b):
        return struct.pack("!I", len(b)) + b
    buf = b""
    for name in sorted(attrs):
        v = attrs[name]
        buf += enc(name.encode()) + enc(v["DataType"].encode())
        if "BinaryValue" in v:
            buf += b"\x02" + enc(v["BinaryValue"])
        else:
            buf += b"\x01" + enc(v["StringValue"].encode())
    return hashlib.md5(buf).hexdigest()


def code(e):
    return e.response["Error"]["Code"]


def expect_error(expected, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        assert code(e) == expected, f"expected {expected}, got {code(e)}: {e}"
        return e
    raise AssertionError(f"expected {expected}, the call succeeded")


def list_queues():
    urls = sqs.list_queues().get("QueueUrls", [])
    for q in TEMPLATE_QUEUES:
        assert any(u.endswith("/" + q) for u in urls), f"{q} not in {urls}"
    assert all(u.startswith(ENDPOINT + "/") for u in urls), urls
    page = sqs.list_queues(MaxResults=1)
    assert len(page["QueueUrls"]) == 1 and "NextToken" in page, page
    rest = sqs.list_queues(MaxResults=1000, NextToken=page["NextToken"])
    assert page["QueueUrls"][0] not in rest["QueueUrls"], rest
    ok("list-queues shows the template's queues, paginated")


def round_trip():
    url = sqs.create_queue(QueueName="e2e-jobs", Attributes={"VisibilityTimeout": "40"}, tags={"team": "ops"})["QueueUrl"]
    assert url == ENDPOINT + "/000000000000/e2e-jobs", url
    assert sqs.create_queue(QueueName="e2e-jobs", Attributes={"VisibilityTimeout": "40"})["QueueUrl"] == url
    expect_error("QueueAlreadyExists", sqs.create_queue, QueueName="e2e-jobs", Attributes={"VisibilityTimeout": "41"})
    try:
        sqs.create_queue(QueueName="e2e-jobs", Attributes={"VisibilityTimeout": "41"})
    except sqs.exceptions.QueueNameExists:
        pass
    assert sqs.get_queue_url(QueueName="e2e-jobs")["QueueUrl"] == url
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attrs["VisibilityTimeout"] == "40" and attrs["QueueArn"].endswith(":e2e-jobs"), attrs
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=url)
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "0", "ReceiveMessageWaitTimeSeconds": "1"})
    message_attributes = {
        "color": {"DataType": "String", "StringValue": "blue"},
        "count": {"DataType": "Number", "StringValue": "42"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\xff"},
        "custom": {"DataType": "String.note", "StringValue": "h\u00e9llo <&>"},
    }
    body = "hello \u2603 <xml> & \"quotes\""
    sent = sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=message_attributes)
    assert sent["MD5OfMessageBody"] == hashlib.md5(body.encode()).hexdigest(), sent
    assert sent["MD5OfMessageAttributes"] == md5_of_attributes(message_attributes), sent
    got = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"],
                              WaitTimeSeconds=2)["Messages"]
    assert len(got) == 1, got
    m = got[0]
    assert m["Body"] == body and m["MessageId"] == sent["MessageId"], m
    assert m["MD5OfBody"] == sent["MD5OfMessageBody"], m
    assert m["MessageAttributes"] == message_attributes, m["MessageAttributes"]
    assert m["MD5OfMessageAttributes"] == md5_of_attributes(m["MessageAttributes"]), m
    assert m["Attributes"]["ApproximateReceiveCount"] == "1" and "SentTimestamp" in m["Attributes"], m["Attributes"]
    some = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["col.*"], VisibilityTimeout=0, WaitTimeSeconds=1)
    assert some.get("Messages") is None, "the message is in flight for 40 s"
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0)
    again = sqs.receive_message(QueueUrl=url, MessageAttributeNames=["color"], AttributeNames=["ApproximateReceiveCount"])["Messages"][0]
    assert list(again["MessageAttributes"]) == ["color"], again
    assert again["MD5OfMessageAttributes"] == md5_of_attributes({"color": message_attributes["color"]}), again
    assert again["Attributes"] == {"ApproximateReceiveCount": "2"}, again
    sqs.delete_message(QueueUrl=url, ReceiptHandle=again["ReceiptHandle"])
    started = time.monotonic()
    assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)
    assert time.monotonic() - started >= 0.9, "a long poll returns after its wait"
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "ops"}
    sqs.tag_queue(QueueUrl=url, Tags={"env": "test"})
    sqs.untag_queue(QueueUrl=url, TagKeys=["team"])
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"env": "test"}
    # Any URL form names the queue.
    for form in ["https://sqs.us-east-1.amazonaws.com/000000000000/e2e-jobs", "/000000000000/e2e-jobs"]:
        sqs.get_queue_attributes(QueueUrl=form, AttributeNames=["QueueArn"])
    ok("create/get-url/attributes/send/receive/delete round trip with message attributes and SQS digests")


def batches():
    url = sqs.get_queue_url(QueueName="e2e-jobs")["QueueUrl"]
    try:
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "a", "MessageBody": "1"}, {"Id": "a", "MessageBody": "2"}])
        raise AssertionError("duplicate ids were accepted")
    except sqs.exceptions.BatchEntryIdsNotDistinct as e:
        assert code(e) == "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", code(e)
    expect_error("AWS.SimpleQueueService.EmptyBatchRequest", sqs.send_message_batch, QueueUrl=url, Entries=[])
    r = sqs.send_message_batch(QueueUrl=url, Entries=[
        {"Id": "a", "MessageBody": "1"},
        {"Id": "b", "MessageBody": "2", "MessageAttributes": {"k": {"DataType": "String", "StringValue": "v"}}},
        {"Id": "c", "MessageBody": "3", "DelaySeconds": 901},
    ])
    assert sorted(e["Id"] for e in r["Successful"]) == ["a", "b"], r
    assert [f["Id"] for f in r["Failed"]] == ["c"] and r["Failed"][0]["SenderFault"] is True, r
    b = next(e for e in r["Successful"] if e["Id"] == "b")
    assert b["MD5OfMessageAttributes"] == md5_of_attributes({"k": {"DataType": "String", "StringValue": "v"}}), b
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert len(got) == 2, got
    cv = sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
        {"Id": "x", "ReceiptHandle": got[0]["ReceiptHandle"], "VisibilityTimeout": 100}])
    assert [s["Id"] for s in cv["Successful"]] == ["x"], cv
    d = sqs.delete_message_batch(QueueUrl=url, Entries=[
        {"Id": "x", "ReceiptHandle": got[0]["ReceiptHandle"]}, {"Id": "y", "ReceiptHandle": got[1]["ReceiptHandle"]},
        {"Id": "z", "ReceiptHandle": "not-a-handle"}])
    assert sorted(s["Id"] for s in d["Successful"]) == ["x", "y"], d
    assert d["Failed"][0]["Id"] == "z" and d["Failed"][0]["Code"] == "ReceiptHandleIsInvalid", d
    ok("batches: duplicate ids are BatchEntryIdsNotDistinct, entries fail one by one")


def stale_receipt():
    url = sqs.create_queue(QueueName="e2e-stale")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x")
    first = sqs.receive_message(QueueUrl=url, VisibilityTimeout=0)["Messages"][0]["ReceiptHandle"]
    second = sqs.receive_message(QueueUrl=url, VisibilityTimeout=30)["Messages"][0]["ReceiptHandle"]
    assert first != second
    sqs.delete_message(QueueUrl=url, ReceiptHandle=first)  # stale: succeeds and deletes nothing
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessagesNotVisible"])["Attributes"]
    assert attrs["ApproximateNumberOfMessagesNotVisible"] == "1", attrs
    sqs.delete_message(QueueUrl=url, ReceiptHandle=second)
    attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attrs["ApproximateNumberOfMessages"] == "0" and attrs["ApproximateNumberOfMessagesNotVisible"] == "0", attrs
    expect_error("ReceiptHandleIsInvalid", sqs.delete_message, QueueUrl=url, ReceiptHandle="garbage")
    sqs.send_message(QueueUrl=url, MessageBody="y")
    sqs.purge_queue(QueueUrl=url)
    expect_error("AWS.SimpleQueueService.PurgeQueueInProgress", sqs.purge_queue, QueueUrl=url)
    sqs.delete_queue(QueueUrl=url)
    expect_error("AWS.SimpleQueueService.QueueDeletedRecently", sqs.create_queue, QueueName="e2e-stale")
    ok("a stale receipt handle deletes nothing; the latest one deletes")


def missing_queue():
    try:
        sqs.get_queue_url(QueueName="e2e-does-not-exist")
        raise AssertionError("a missing queue was found")
    except sqs.exceptions.QueueDoesNotExist as e:
        assert code(e) == "AWS.SimpleQueueService.NonExistentQueue", code(e)
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert e.response["ResponseMetadata"]["RequestId"]
    expect_error("AWS.SimpleQueueService.NonExistentQueue", sqs.send_message,
                 QueueUrl=ENDPOINT + "/000000000000/e2e-does-not-exist", MessageBody="x")
    ok("a missing queue is QueueDoesNotExist (AWS.SimpleQueueService.NonExistentQueue) to boto3")


def dead_letters_and_redrive():
    dlq = sqs.create_queue(QueueName="e2e-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"})
    src = sqs.create_queue(QueueName="e2e-src", Attributes={"RedrivePolicy": policy})["QueueUrl"]
    sent = sqs.send_message(QueueUrl=src, MessageBody="poison")["MessageId"]
    for n in (1, 2):
        got = sqs.receive_message(QueueUrl=src, VisibilityTimeout=0, AttributeNames=["ApproximateReceiveCount"])["Messages"]
        assert got[0]["MessageId"] == sent and got[0]["Attributes"]["ApproximateReceiveCount"] == str(n), got
    assert "Messages" not in sqs.receive_message(QueueUrl=src), "the third receive moves the message instead"
    moved = sqs.receive_message(QueueUrl=dlq, VisibilityTimeout=0, MessageSystemAttributeNames=["All"])["Messages"][0]
    assert moved["MessageId"] == sent and moved["Attributes"]["DeadLetterQueueSourceArn"].endswith(":e2e-src"), moved
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == [src]
    expect_error("AWS.SimpleQueueService.UnsupportedOperation", sqs.start_message_move_task, SourceArn=dlq_arn.replace("e2e-dlq", "e2e-src"))
    handle = sqs.start_message_move_task(SourceArn=dlq_arn)["TaskHandle"]
    assert handle
    for _ in range(100):
        task = sqs.list_message_move_tasks(SourceArn=dlq_arn)["Results"][0]
        if task["Status"] != "RUNNING":
            break
        time.sleep(0.05)
    assert task["Status"] == "COMPLETED" and task["ApproximateNumberOfMessagesMoved"] == 1, task
    assert "TaskHandle" not in task, task
    expect_error("ResourceNotFoundException", sqs.cancel_message_move_task, TaskHandle=handle)
    back = sqs.get_queue_attributes(QueueUrl=src, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]
    assert back["ApproximateNumberOfMessages"] == "1", back
    ok("a RedrivePolicy queue dead-letters after maxReceiveCount; StartMessageMoveTask returns it to the source")


def query_protocol():
    def post(path, **fields):
        data = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(ENDPOINT + path, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(req) as r:
                return r.status, r.headers, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode()
    status, headers, text = post("/", Action="GetQueueUrl", Version="2012-11-05", QueueName="e2e-jobs")
    assert status == 200 and headers["x-amzn-RequestId"], (status, text)
    assert "<GetQueueUrlResponse xmlns=\"https://queue.amazonaws.com/doc/2012-11-05/\"><GetQueueUrlResult><QueueUrl>" + ENDPOINT in text, text
    status, _, text = post("/000000000000/e2e-jobs", Action="SendMessage", MessageBody="via query",
                           **{"MessageAttribute.1.Name": "color", "MessageAttribute.1.Value.DataType": "String",
                              "MessageAttribute.1.Value.StringValue": "blue"})
    assert status == 200 and "<MD5OfMessageBody>" + hashlib.md5(b"via query").hexdigest() in text, text
    assert "<MD5OfMessageAttributes>" + md5_of_attributes({"color": {"DataType": "String", "StringValue": "blue"}}) in text, text
    status, _, text = post("/", Action="ReceiveMessage", QueueUrl=ENDPOINT + "/000000000000/e2e-jobs",
                           **{"MessageAttributeName.1": "All", "AttributeName.1": "ApproximateReceiveCount"})
    assert status == 200 and "<Body>via query</Body>" in text, text
    assert "<MessageAttribute><Name>color</Name><Value><StringValue>blue</StringValue><DataType>String</DataType></Value></MessageAttribute>" in text, text
    assert "<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>" in text, text
    status, headers, text = post("/", Action="GetQueueUrl", QueueName="e2e-does-not-exist")
    assert status == 400 and headers["x-amzn-RequestId"], status
    assert "<ErrorResponse xmlns=\"https://queue.amazonaws.com/doc/2012-11-05/\"><Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code>" in text, text
    status, _, text = post("/", Action="Frobnicate")
    assert status == 400 and "<Code>InvalidAction</Code>" in text, text
    req = urllib.request.Request(ENDPOINT + "/", data=b"{not json", headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.ListQueues"})
    try:
        urllib.request.urlopen(req)
        raise AssertionError("a malformed body was accepted")
    except urllib.error.HTTPError as e:
        assert e.code == 400 and "SerializationException" in json.loads(e.read())["__type"]
    ok("query protocol: form POSTs answer XML in the SQS namespace, errors in ErrorResponse")


for check in [list_queues, round_trip, batches, stale_receipt, missing_queue, dead_letters_and_redrive, query_protocol]:
    check()
