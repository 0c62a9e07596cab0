#!/usr/bin/env python3
"""Drives the engine's CloudWatch and CloudWatch Logs endpoints with boto3.

botocore 1.43 ranks JSON above RPC v2 CBOR, so its CloudWatch client speaks JSON 1.0; a second client made
with CBOR ranked first speaks RPC v2 CBOR, as Smithy-based SDKs do, and runs the alarm checks again.

Usage: cloudwatch_boto3.py ENDPOINT_URL PHASE
PHASE "first": every CloudWatch operation (botocore 1.43 speaks RPC v2 CBOR to CloudWatch), the JSON 1.0 and
query protocols by hand, the main errors, and the logs of a function invocation; leaves the alarm
"e2e-api-alarm" in ALARM. PHASE "after-restart": that alarm is still there, in ALARM, then deletes it.
Prints one "ok: <check>" line per passed check and exits non-zero at the first failure.
"""
import datetime
import json
import sys
import time
import urllib.error
import urllib.request

import boto3
import botocore.model
from botocore.exceptions import ClientError

ENDPOINT, PHASE = sys.argv[1], sys.argv[2]
ARGS = dict(endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
cw = boto3.client("cloudwatch", **ARGS)
logs = boto3.client("logs", **ARGS)
sqs = boto3.client("sqs", **ARGS)


def cbor_client():
    """A CloudWatch client whose protocol is RPC v2 CBOR."""
    saved = botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS
    botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = ("smithy-rpc-v2-cbor",) + tuple(p for p in saved if p != "smithy-rpc-v2-cbor")
    try:
        client = boto3.session.Session().client("cloudwatch", **ARGS)
    finally:
        botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = saved
    seen = []
    client.meta.events.register("before-send", lambda request, **_: seen.append(
        (request.url, request.headers.get("smithy-protocol"), request.headers.get("Content-Type"))))
    return client, seen
ALARM = "e2e-api-alarm"


def ok(name):
    print("ok: " + name, flush=True)


def expect_error(code, status, call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except ClientError as e:
        got = (e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])
        assert got == (code, status), f"expected {code}/{status}, got {got}: {e.response['Error']}"
        return e
    raise AssertionError(f"expected {code}, the call succeeded")


def post(body, headers):
    req = urllib.request.Request(ENDPOINT + "/", data=body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


def poll(what, fn, seconds=60):
    deadline = time.time() + seconds
    while True:
        value = fn()
        if value:
            return value
        assert time.time() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def first_phase():
    # The bundled template's alarms, DLQ alarm included, in the MetricAlarm shape.
    alarms = cw.describe_alarms()["MetricAlarms"]
    names = [a["AlarmName"] for a in alarms]
    dlq = [a for a in alarms if "Dlq" in a["AlarmName"]]
    assert dlq, names
    d = dlq[0]
    assert d["Namespace"] == "AWS/SQS" and d["MetricName"] == "ApproximateNumberOfMessagesVisible", d
    assert d["StateValue"] in ("OK", "ALARM", "INSUFFICIENT_DATA") and isinstance(d["StateUpdatedTimestamp"], datetime.datetime), d
    assert d["Dimensions"][0]["Name"] == "QueueName" and isinstance(d["Threshold"], float), d
    assert any(action.endswith(":demo-user-ingestion-alarm-notifications") for action in d["AlarmActions"]), d
    ok("describe_alarms shows the template's alarms and its DLQ alarm")
    page = cw.describe_alarms(MaxRecords=2)
    assert len(page["MetricAlarms"]) == 2 and "NextToken" in page
    rest = cw.describe_alarms(MaxRecords=100, NextToken=page["NextToken"])["MetricAlarms"]
    assert [a["AlarmName"] for a in page["MetricAlarms"] + rest] == names
    assert all(a["AlarmName"].startswith(names[0][:6]) for a in cw.describe_alarms(AlarmNamePrefix=names[0][:6])["MetricAlarms"])
    expect_error("InvalidNextToken", 400, cw.describe_alarms, NextToken="garbage")
    expect_error("InvalidParameterCombination", 400, cw.describe_alarms, AlarmNames=["a"], AlarmNamePrefix="a")
    ok("describe_alarms pages, filters by prefix and refuses bad tokens")

    # PutMetricAlarm: real alarms, evaluated like the template's. ALARM's metric never has data and it ignores
    # missing data, so the state forced below stays; "e2e-evaluated" watches a queue's depth and goes OK on a tick.
    cw.put_metric_alarm(AlarmName=ALARM, AlarmDescription="made by boto3", MetricName="NoData", Namespace="e2e",
                        Dimensions=[{"Name": "Purpose", "Value": "restart"}], Statistic="Maximum", Period=60,
                        EvaluationPeriods=2, DatapointsToAlarm=1, Threshold=5.0,
                        ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="ignore")
    a = cw.describe_alarms(AlarmNames=[ALARM])["MetricAlarms"][0]
    assert a["AlarmDescription"] == "made by boto3" and a["DatapointsToAlarm"] == 1 and a["Threshold"] == 5.0, a
    assert a["StateValue"] == "INSUFFICIENT_DATA" and a["TreatMissingData"] == "ignore", a
    cw.put_metric_alarm(AlarmName="e2e-evaluated", MetricName="ApproximateNumberOfMessagesVisible", Namespace="AWS/SQS",
                        Dimensions=[{"Name": "QueueName", "Value": "demo-user-ingestion-onboarding-queue"}],
                        Statistic="Maximum", Period=60, EvaluationPeriods=1, Threshold=1000.0,
                        ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="notBreaching")
    expect_error("MissingParameter", 400, cw.put_metric_alarm, AlarmName="x", MetricName="m", Namespace="n", Period=60,
                 EvaluationPeriods=1, Threshold=1.0, ComparisonOperator="GreaterThanThreshold")
    expect_error("ValidationError", 400, cw.put_metric_alarm, AlarmName="x", MetricName="m", Namespace="n", Statistic="Sum",
                 Period=7, EvaluationPeriods=1, Threshold=1.0, ComparisonOperator="GreaterThanThreshold")
    assert not cw.describe_alarms(AlarmNames=["x"])["MetricAlarms"], "a refused alarm is not half-created"
    ok("put_metric_alarm creates an alarm; refuses a missing statistic and a bad period")

    cw.set_alarm_state(AlarmName=ALARM, StateValue="ALARM", StateReason="forced by boto3", StateReasonData='{"k": 1}')
    a = cw.describe_alarms(AlarmNames=[ALARM], StateValue="ALARM")["MetricAlarms"]
    assert a and a[0]["StateReason"] == "forced by boto3" and a[0]["StateReasonData"] == '{"k": 1}', a
    expect_error("ResourceNotFound", 404, cw.set_alarm_state, AlarmName="e2e-nope", StateValue="OK", StateReason="r")
    expect_error("InvalidFormat", 400, cw.set_alarm_state, AlarmName=ALARM, StateValue="OK", StateReason="r", StateReasonData="not json")
    ok("set_alarm_state forces a state; a missing alarm is ResourceNotFound")

    h = cw.describe_alarm_history(AlarmName=ALARM)["AlarmHistoryItems"]
    assert [i["HistoryItemType"] for i in h][:2] == ["StateUpdate", "ConfigurationUpdate"], h
    assert "to ALARM" in h[0]["HistorySummary"] and isinstance(h[0]["Timestamp"], datetime.datetime), h
    asc = cw.describe_alarm_history(AlarmName=ALARM, ScanBy="TimestampAscending", HistoryItemType="ConfigurationUpdate")["AlarmHistoryItems"]
    assert len(asc) == 1 and asc[0]["HistorySummary"].endswith("created"), asc
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=3650)
    assert cw.describe_alarm_history(AlarmName=ALARM, StartDate=future)["AlarmHistoryItems"] == []
    ok("describe_alarm_history by type, date and scan order")

    # A function invocation through its queue: its metrics and its log lines.
    url = sqs.get_queue_url(QueueName="demo-user-ingestion-user-metadata-queue")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"broken": "record", "contact": "someone.private@example.com"}))
    group = "/aws/lambda/demo-user-metadata"
    groups = [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePrefix="/aws/lambda/")["logGroups"]]
    assert group in groups, groups
    events = poll("the invocation's log lines", lambda: logs.filter_log_events(logGroupName=group, filterPattern='"START RequestId"')["events"])
    assert events[0]["message"].startswith("START RequestId") and isinstance(events[0]["timestamp"], int), events
    everything = logs.filter_log_events(logGroupName=group)["events"]
    assert all("someone.private@example.com" not in e["message"] for e in everything), "log lines are redacted"
    streams = logs.describe_log_streams(logGroupName=group, orderBy="LastEventTime", descending=True)["logStreams"]
    assert streams and "[$LATEST]" in streams[0]["logStreamName"], streams
    stream = streams[0]["logStreamName"]
    got = logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True, limit=1)
    assert len(got["events"]) == 1 and got["nextForwardToken"].startswith("f/"), got
    more = logs.get_log_events(logGroupName=group, logStreamName=stream, nextToken=got["nextForwardToken"])
    assert more["events"] and more["events"][0]["timestamp"] >= got["events"][0]["timestamp"], more
    assert logs.filter_log_events(logGroupName=group, filterPattern="START -RequestId")["events"] == []
    expect_error("ResourceNotFoundException", 400, logs.filter_log_events, logGroupName="/aws/lambda/no-such-function")
    expect_error("ResourceNotFoundException", 400, logs.get_log_events, logGroupName=group, logStreamName="no-such-stream")
    expect_error("InvalidParameterException", 400, logs.filter_log_events, logGroupName=group, filterPattern='{ $.level = "x" }')
    ok("logs of a function invocation: groups, streams, filter_log_events, get_log_events, errors")

    # Metrics: the queue depth sampled on the engine's tick.
    metrics = poll("SQS metrics", lambda: cw.list_metrics(Namespace="AWS/SQS", MetricName="NumberOfMessagesSent",
                                                          Dimensions=[{"Name": "QueueName"}])["Metrics"], seconds=120)
    assert all(m["Namespace"] == "AWS/SQS" and m["Dimensions"][0]["Name"] == "QueueName" for m in metrics), metrics
    now = datetime.datetime.now(datetime.timezone.utc)
    dims = [{"Name": "QueueName", "Value": "demo-user-ingestion-user-metadata-queue"}]

    def sent_stats():
        # Counts are sampled on the engine's tick: the send shows in the first sample after it, which can
        # come after the first sample that made the metric exist.
        s = cw.get_metric_statistics(Namespace="AWS/SQS", MetricName="NumberOfMessagesSent", Dimensions=dims,
                                     StartTime=now - datetime.timedelta(hours=1), EndTime=now + datetime.timedelta(minutes=2),
                                     Period=60, Statistics=["Sum", "SampleCount"])
        return s if sum(p["Sum"] for p in s["Datapoints"]) >= 1 else None
    stats = poll("the send counted in NumberOfMessagesSent", sent_stats, seconds=120)
    assert stats["Label"] == "NumberOfMessagesSent", stats
    data = cw.get_metric_data(StartTime=now - datetime.timedelta(hours=1), EndTime=now + datetime.timedelta(minutes=2), MetricDataQueries=[
        {"Id": "sent", "MetricStat": {"Metric": {"Namespace": "AWS/SQS", "MetricName": "NumberOfMessagesSent", "Dimensions": dims},
                                      "Period": 60, "Stat": "Sum"}, "Label": "sent"}])
    r = data["MetricDataResults"][0]
    assert r["Id"] == "sent" and r["StatusCode"] == "Complete" and len(r["Timestamps"]) == len(r["Values"]) and sum(r["Values"]) >= 1, r
    expect_error("InvalidParameterValue", 400, cw.get_metric_statistics, Namespace="AWS/SQS", MetricName="x",
                 StartTime=now, EndTime=now - datetime.timedelta(hours=1), Period=60, Statistics=["Sum"])
    expect_error("InvalidParameterCombination", 400, cw.get_metric_statistics, Namespace="AWS/SQS", MetricName="x",
                 StartTime=now - datetime.timedelta(days=1), EndTime=now, Period=1, Statistics=["Sum"])
    ok("list_metrics, get_metric_statistics and get_metric_data read the engine's metrics")
    evaluated = poll("the API alarm's first evaluation", lambda: [
        a for a in cw.describe_alarms(AlarmNames=["e2e-evaluated"], StateValue="OK")["MetricAlarms"]], seconds=120)
    assert evaluated[0]["StateReason"].startswith("Threshold Crossed"), evaluated
    cw.delete_alarms(AlarmNames=["e2e-evaluated"])
    ok("an alarm put through the API is evaluated on the engine's tick")

    # The same service in JSON 1.0 and in the query protocol (older SDKs).
    status, headers, body = post(json.dumps({"AlarmNames": [ALARM]}), {"X-Amz-Target": "GraniteServiceVersion20100801.DescribeAlarms",
                                                                       "Content-Type": "application/x-amz-json-1.0"})
    assert status == 200 and json.loads(body)["MetricAlarms"][0]["StateValue"] == "ALARM", body
    status, headers, body = post(json.dumps({"AlarmNames": ["e2e-nope"]}), {"X-Amz-Target": "GraniteServiceVersion20100801.DeleteAlarms",
                                                                             "Content-Type": "application/x-amz-json-1.0"})
    assert status == 404 and json.loads(body)["__type"].endswith("#ResourceNotFound"), body
    assert {k.lower(): v for k, v in headers.items()}["x-amzn-query-error"] == "ResourceNotFound;Sender", headers
    status, _, body = post(f"Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1={ALARM}",
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and "<DescribeAlarmsResponse" in body and f"<AlarmName>{ALARM}</AlarmName>" in body, body
    status, _, body = post("Action=DeleteAlarms&Version=2010-08-01&AlarmNames.member.1=e2e-nope", {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 404 and "<Code>ResourceNotFound</Code>" in body, body
    ok("JSON 1.0 and query protocols answer the same alarms and errors")

    # DeleteAlarms: all or nothing.
    cw.put_metric_alarm(AlarmName="e2e-doomed", MetricName="m", Namespace="e2e", Statistic="Sum", Period=60,
                        EvaluationPeriods=1, Threshold=1.0, ComparisonOperator="GreaterThanThreshold")
    expect_error("ResourceNotFound", 404, cw.delete_alarms, AlarmNames=["e2e-doomed", "e2e-nope"])
    assert cw.describe_alarms(AlarmNames=["e2e-doomed"])["MetricAlarms"], "nothing is deleted when a name is missing"
    cw.delete_alarms(AlarmNames=["e2e-doomed"])
    assert not cw.describe_alarms(AlarmNames=["e2e-doomed"])["MetricAlarms"]
    ok("delete_alarms deletes, all or nothing")

    # RPC v2 CBOR: the same alarms, errors and metrics.
    cbor, seen = cbor_client()
    alarms = cbor.describe_alarms()["MetricAlarms"]
    assert seen[-1] == (ENDPOINT + "/service/GraniteServiceVersion20100801/operation/DescribeAlarms", b"rpc-v2-cbor", b"application/cbor"), seen
    assert [a["AlarmName"] for a in alarms] == [a["AlarmName"] for a in cw.describe_alarms()["MetricAlarms"]]
    a = cbor.describe_alarms(AlarmNames=[ALARM])["MetricAlarms"][0]
    assert a["StateValue"] == "ALARM" and a["Threshold"] == 5.0 and isinstance(a["StateUpdatedTimestamp"], datetime.datetime), a
    cbor.put_metric_alarm(AlarmName="e2e-cbor", MetricName="m", Namespace="e2e", Statistic="Average", Period=300,
                          EvaluationPeriods=3, Threshold=-2.5, ComparisonOperator="LessThanThreshold")
    assert cbor.describe_alarms(AlarmNames=["e2e-cbor"])["MetricAlarms"][0]["Threshold"] == -2.5
    e = expect_error("ResourceNotFound", 404, cbor.set_alarm_state, AlarmName="e2e-nope", StateValue="OK", StateReason="r")
    assert e.response["Error"]["Message"], e.response
    expect_error("InvalidNextToken", 400, cbor.describe_alarms, NextToken="garbage")
    h = cbor.describe_alarm_history(AlarmName="e2e-cbor", StartDate=now - datetime.timedelta(hours=1))["AlarmHistoryItems"]
    assert len(h) == 1 and isinstance(h[0]["Timestamp"], datetime.datetime), h
    data = cbor.get_metric_data(StartTime=now - datetime.timedelta(hours=1), EndTime=now + datetime.timedelta(minutes=2), MetricDataQueries=[
        {"Id": "sent", "MetricStat": {"Metric": {"Namespace": "AWS/SQS", "MetricName": "NumberOfMessagesSent", "Dimensions": dims},
                                      "Period": 60, "Stat": "Sum"}}])["MetricDataResults"][0]
    assert data["Label"] == "NumberOfMessagesSent" and all(isinstance(t, datetime.datetime) for t in data["Timestamps"]), data
    assert sum(data["Values"]) >= 1, data
    cbor.delete_alarms(AlarmNames=["e2e-cbor"])
    assert all(u.startswith(ENDPOINT + "/service/") and p == b"rpc-v2-cbor" for u, p, _ in seen), seen
    ok("RPC v2 CBOR: describe, put, history, metric data, errors")


def after_restart():
    a = cw.describe_alarms(AlarmNames=[ALARM])["MetricAlarms"]
    assert a and a[0]["AlarmDescription"] == "made by boto3" and a[0]["Threshold"] == 5.0, a
    assert not cw.describe_alarms(AlarmNames=["e2e-doomed"])["MetricAlarms"], "a deleted alarm stays deleted"
    history = cw.describe_alarm_history(AlarmName=ALARM)["AlarmHistoryItems"]
    assert any(i["HistorySummary"].endswith("created") for i in history), history
    ok("the API alarm survived the restart with its configuration and history")
    cw.delete_alarms(AlarmNames=[ALARM])
    assert not cw.describe_alarms(AlarmNames=[ALARM])["MetricAlarms"]
    ok("delete_alarms removes it")


first_phase() if PHASE == "first" else after_restart()
