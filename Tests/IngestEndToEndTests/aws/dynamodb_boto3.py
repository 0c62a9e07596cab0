#!/usr/bin/env python3
"""Drives the engine's DynamoDB and DynamoDB Streams APIs with boto3 (JSON 1.0).

Usage: dynamodb_boto3.py ENDPOINT_URL run|after-restart
"run" creates tables and exercises every operation and its main errors; "after-restart" checks that
what "run" created through the API is still there after the engine restarted. Prints one
"ok: <check>" line per passed check and exits non-zero at the first failure.
"""
import sys

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

ENDPOINT, PHASE = sys.argv[1], sys.argv[2]
ARGS = dict(endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
ddb = boto3.client("dynamodb", **ARGS)
streams = boto3.client("dynamodbstreams", **ARGS)
TABLE = "e2e-orders"


def ok(name):
    print("ok: " + name, flush=True)


def expect_error(expected, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ClientError as e:
        code = e.response["Error"]["Code"]
        assert code == expected, f"expected {expected}, got {code}: {e}"
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response["ResponseMetadata"]
        return e
    raise AssertionError(f"expected {expected}, the call succeeded")


def key(pk, sk):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def stream_records(arn):
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    while True:
        page = streams.get_records(ShardIterator=it, Limit=100)
        records += page["Records"]
        if not page["Records"]:
            return records, page["NextShardIterator"]
        it = page["NextShardIterator"]


def tables_phase():
    before = ddb.list_tables()["TableNames"]
    created = ddb.create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})["TableDescription"]
    assert created["TableStatus"] == "ACTIVE" and created["LatestStreamArn"].startswith(created["TableArn"] + "/stream/"), created
    ddb.get_waiter("table_exists").wait(TableName=TABLE, WaiterConfig={"Delay": 1, "MaxAttempts": 5})
    d = ddb.describe_table(TableName=TABLE)["Table"]
    assert d["KeySchema"][1] == {"AttributeName": "sk", "KeyType": "RANGE"} and d["ItemCount"] == 0, d
    assert d["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST" and d["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    expect_error("ResourceInUseException", ddb.create_table, TableName=TABLE, BillingMode="PAY_PER_REQUEST",
                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
    expect_error("ValidationException", ddb.create_table, TableName="e2e-bad",
                 AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])  # PROVISIONED without throughput
    ddb.create_table(TableName="e2e-temp", AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5})
    names = ddb.list_tables()["TableNames"]
    assert names == sorted(before + [TABLE, "e2e-temp"]), names
    first = ddb.list_tables(Limit=1)
    assert len(first["TableNames"]) == 1 and first["LastEvaluatedTableName"] == names[0], first
    rest = ddb.list_tables(ExclusiveStartTableName=first["LastEvaluatedTableName"])["TableNames"]
    assert rest == names[1:], rest
    deleted = ddb.delete_table(TableName="e2e-temp")["TableDescription"]
    assert deleted["TableStatus"] == "DELETING"
    assert "e2e-temp" not in ddb.list_tables()["TableNames"]
    expect_error("ResourceNotFoundException", ddb.describe_table, TableName="e2e-temp")
    ok("CreateTable, DescribeTable, ListTables (paged), DeleteTable, ResourceInUseException")


def items_phase():
    assert "Attributes" not in ddb.put_item(TableName=TABLE, Item={**key("u1", 1), "status": {"S": "new"}, "n": {"N": "1"}})
    r = ddb.put_item(TableName=TABLE, Item={**key("u1", 1), "status": {"S": "new"}, "n": {"N": "1"}, "tags": {"SS": ["a"]}},
                     ReturnValues="ALL_OLD")
    assert r["Attributes"]["status"] == {"S": "new"}, r
    got = ddb.get_item(TableName=TABLE, Key=key("u1", 1), ConsistentRead=True)["Item"]
    assert got["tags"] == {"SS": ["a"]} and got["n"] == {"N": "1"}, got
    proj = ddb.get_item(TableName=TABLE, Key=key("u1", 1), ProjectionExpression="#s, n", ExpressionAttributeNames={"#s": "status"})["Item"]
    assert proj == {"status": {"S": "new"}, "n": {"N": "1"}}, proj
    assert "Item" not in ddb.get_item(TableName=TABLE, Key=key("u1", 99))
    e = expect_error("ConditionalCheckFailedException", ddb.put_item, TableName=TABLE, Item=key("u1", 1),
                     ConditionExpression="attribute_not_exists(pk)", ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert e.response["Item"]["status"] == {"S": "new"}, e.response
    e = expect_error("ConditionalCheckFailedException", ddb.put_item, TableName=TABLE, Item=key("u1", 1), ConditionExpression="attribute_not_exists(pk)")
    assert "Item" not in e.response
    ok("PutItem, GetItem (projection, ConsistentRead), ConditionalCheckFailedException with and without Item")

    u = ddb.update_item(TableName=TABLE, Key=key("u1", 1), UpdateExpression="SET #s = :s ADD n :one",
                        ExpressionAttributeNames={"#s": "status"},
                        ExpressionAttributeValues={":s": {"S": "paid"}, ":one": {"N": "1"}, ":old": {"S": "new"}},
                        ConditionExpression="#s = :old", ReturnValues="UPDATED_NEW")
    assert u["Attributes"] == {"status": {"S": "paid"}, "n": {"N": "2"}}, u
    u = ddb.update_item(TableName=TABLE, Key=key("u1", 1), UpdateExpression="REMOVE tags", ReturnValues="UPDATED_OLD")
    assert u["Attributes"] == {"tags": {"SS": ["a"]}}, u
    u = ddb.update_item(TableName=TABLE, Key=key("u1", 1), UpdateExpression="SET n = n + :one",
                        ExpressionAttributeValues={":one": {"N": "1"}}, ReturnValues="ALL_NEW")
    assert u["Attributes"]["n"] == {"N": "3"} and u["Attributes"]["status"] == {"S": "paid"}, u
    u = ddb.update_item(TableName=TABLE, Key=key("u1", 1), UpdateExpression="SET n = :z", ExpressionAttributeValues={":z": {"N": "0"}},
                        ReturnValues="ALL_OLD")
    assert u["Attributes"]["n"] == {"N": "3"}, u
    assert "Attributes" not in ddb.update_item(TableName=TABLE, Key=key("u1", 1), UpdateExpression="SET n = :z",
                                               ExpressionAttributeValues={":z": {"N": "4"}})
    expect_error("ConditionalCheckFailedException", ddb.update_item, TableName=TABLE, Key=key("u1", 1), UpdateExpression="SET n = :z",
                 ConditionExpression="n > :big", ExpressionAttributeValues={":z": {"N": "9"}, ":big": {"N": "100"}})
    expect_error("ValidationException", ddb.put_item, TableName=TABLE, Item=key("u1", 1), ReturnValues="ALL_NEW")
    expect_error("ValidationException", ddb.update_item, TableName=TABLE, Key=key("u1", 1), UpdateExpression="SET = :z",
                 ExpressionAttributeValues={":z": {"N": "9"}})
    expect_error("ValidationException", ddb.update_item, TableName=TABLE, Key=key("u1", 1), UpdateExpression="SET pk = :z",
                 ExpressionAttributeValues={":z": {"S": "x"}})
    ok("UpdateItem: SET/ADD/REMOVE, ReturnValues UPDATED_NEW/UPDATED_OLD/ALL_NEW/ALL_OLD/NONE, bad expressions")

    ddb.put_item(TableName=TABLE, Item={**key("gone", 1), "v": {"S": "x"}})
    d = ddb.delete_item(TableName=TABLE, Key=key("gone", 1), ReturnValues="ALL_OLD")
    assert d["Attributes"]["v"] == {"S": "x"}, d
    assert "Attributes" not in ddb.delete_item(TableName=TABLE, Key=key("gone", 1), ReturnValues="ALL_OLD")
    expect_error("ConditionalCheckFailedException", ddb.delete_item, TableName=TABLE, Key=key("u1", 1), ConditionExpression="attribute_not_exists(pk)")
    expect_error("ValidationException", ddb.delete_item, TableName=TABLE, Key={"pk": {"S": "u1"}})  # sort key missing
    expect_error("ResourceNotFoundException", ddb.get_item, TableName="e2e-nope", Key=key("u1", 1))
    expect_error("ResourceNotFoundException", ddb.put_item, TableName="e2e-nope", Item=key("u1", 1))
    ok("DeleteItem (ReturnValues, condition), key mismatch, missing table")


def batch_and_query_phase():
    puts = [{"PutRequest": {"Item": {**key("q", i), "kind": {"S": "even" if i % 2 == 0 else "odd"}}}} for i in range(1, 26)]
    assert ddb.batch_write_item(RequestItems={TABLE: puts})["UnprocessedItems"] == {}
    dup = [{"PutRequest": {"Item": key("d", 1)}}, {"DeleteRequest": {"Key": key("d", 1)}}]
    e = expect_error("ValidationException", ddb.batch_write_item, RequestItems={TABLE: dup})
    assert "duplicates" in e.response["Error"]["Message"], e.response
    expect_error("ValidationException", ddb.batch_write_item, RequestItems={TABLE: puts + [{"PutRequest": {"Item": key("q", 26)}}]})
    assert "Item" not in ddb.get_item(TableName=TABLE, Key=key("d", 1)), "a refused batch applies nothing"
    expect_error("ResourceNotFoundException", ddb.batch_write_item, RequestItems={"e2e-nope": [{"PutRequest": {"Item": key("q", 1)}}]})
    got = ddb.batch_get_item(RequestItems={TABLE: {"Keys": [key("q", 1), key("q", 2), key("q", 99)], "ProjectionExpression": "sk, kind"}})
    assert got["UnprocessedKeys"] == {} and sorted(i["sk"]["N"] for i in got["Responses"][TABLE]) == ["1", "2"], got
    expect_error("ValidationException", ddb.batch_get_item, RequestItems={TABLE: {"Keys": [key("q", 1), key("q", 1)]}})
    expect_error("ValidationException", ddb.batch_get_item, RequestItems={TABLE: {"Keys": [key("q", i) for i in range(101)]}})
    ok("BatchWriteItem (25, duplicates, 26, missing table), BatchGetItem (projection, duplicates, 101)")

    def q(expr, values, **kw):
        return ddb.query(TableName=TABLE, KeyConditionExpression=expr, ExpressionAttributeValues={":p": {"S": "q"}, **values}, **kw)

    def sks(r):
        return [int(i["sk"]["N"]) for i in r["Items"]]
    assert sks(q("pk = :p AND sk = :v", {":v": {"N": "3"}})) == [3]
    assert sks(q("pk = :p AND sk < :v", {":v": {"N": "3"}})) == [1, 2]
    assert sks(q("pk = :p AND sk <= :v", {":v": {"N": "3"}})) == [1, 2, 3]
    assert sks(q("pk = :p AND sk > :v", {":v": {"N": "23"}})) == [24, 25]
    assert sks(q("pk = :p AND sk >= :v", {":v": {"N": "23"}})) == [23, 24, 25]
    assert sks(q("pk = :p AND sk BETWEEN :a AND :b", {":a": {"N": "5"}, ":b": {"N": "7"}})) == [5, 6, 7]
    assert sks(q("pk = :p", {}, ScanIndexForward=False, Limit=3)) == [25, 24, 23]
    f = q("pk = :p AND sk <= :v", {":v": {"N": "10"}, ":k": {"S": "even"}}, FilterExpression="kind = :k")
    assert sks(f) == [2, 4, 6, 8, 10] and f["Count"] == 5 and f["ScannedCount"] == 10, f
    c = q("pk = :p", {}, Select="COUNT")
    assert c["Count"] == 25 and "Items" not in c, c
    p = q("pk = :p AND sk < :v", {":v": {"N": "3"}}, ProjectionExpression="sk")
    assert p["Items"] == [{"sk": {"N": "1"}}, {"sk": {"N": "2"}}], p
    seen, start = [], None
    while True:
        kw = {"ExclusiveStartKey": start} if start else {}
        page = q("pk = :p", {}, Limit=10, **kw)
        seen += sks(page)
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert seen == list(range(1, 26)), seen
    expect_error("ValidationException", q, "pk = :p OR sk = :v", {":v": {"N": "1"}})
    expect_error("ValidationException", q, "sk = :v", {":v": {"N": "1"}})
    expect_error("ValidationException", q, "pk = :p AND", {})
    expect_error("ValidationException", q, "pk = :p", {}, FilterExpression="kind = :undefined")
    expect_error("ResourceNotFoundException", ddb.query, TableName="e2e-nope", KeyConditionExpression="pk = :p",
                 ExpressionAttributeValues={":p": {"S": "q"}})
    # begins_with needs a string sort key: the table resource's query with boto3's condition builders.
    table = boto3.resource("dynamodb", **ARGS).Table(TABLE)
    hi = table.query(KeyConditionExpression=Key("pk").eq("q") & Key("sk").gte(24), FilterExpression=Attr("kind").eq("even"))
    assert [int(i["sk"]) for i in hi["Items"]] == [24], hi
    ok("Query: =, <, <=, >, >=, BETWEEN, ScanIndexForward, Limit, filter, Select COUNT, projection, pagination, errors")

    ddb.create_table(TableName="e2e-prefix", BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}])
    for sk in ["a#1", "a#2", "b#1"]:
        ddb.put_item(TableName="e2e-prefix", Item={"pk": {"S": "p"}, "sk": {"S": sk}})
    b = ddb.query(TableName="e2e-prefix", KeyConditionExpression="pk = :p AND begins_with(sk, :a)",
                  ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"S": "a#"}})
    assert [i["sk"]["S"] for i in b["Items"]] == ["a#1", "a#2"], b
    ok("Query: begins_with on a string sort key")

    s = ddb.scan(TableName=TABLE, FilterExpression="kind = :k", ExpressionAttributeValues={":k": {"S": "odd"}})
    assert s["Count"] == 13 and s["ScannedCount"] == 26, s
    seen, start = 0, None
    while True:
        kw = {"ExclusiveStartKey": start} if start else {}
        page = ddb.scan(TableName=TABLE, Limit=7, **kw)
        seen += page["Count"]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert seen == 26, seen
    assert ddb.scan(TableName=TABLE, Select="COUNT")["Count"] == 26
    expect_error("ValidationException", ddb.scan, TableName=TABLE, FilterExpression="kind ==")
    ok("Scan: filter, Limit pagination, Select COUNT, bad expression")


def streams_phase():
    arn = ddb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    listed = streams.list_streams(TableName=TABLE)["Streams"]
    assert listed == [{"StreamArn": arn, "TableName": TABLE, "StreamLabel": arn.split("/stream/")[1]}], listed
    assert any(s["StreamArn"] == arn for s in streams.list_streams()["Streams"])
    desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert desc["StreamStatus"] == "ENABLED" and desc["StreamViewType"] == "NEW_AND_OLD_IMAGES" and desc["TableName"] == TABLE, desc
    records, _ = stream_records(arn)
    first = records[0]
    assert set(first) >= {"eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb"}, first
    assert first["eventName"] == "INSERT" and first["eventSource"] == "aws:dynamodb" and first["awsRegion"] == "us-east-1", first
    dyn = first["dynamodb"]
    assert dyn["Keys"] == key("u1", 1) and "NewImage" in dyn and "OldImage" not in dyn and dyn["StreamViewType"] == "NEW_AND_OLD_IMAGES", dyn
    assert {"ApproximateCreationDateTime", "SequenceNumber", "SizeBytes"} <= set(dyn), dyn
    names = [r["eventName"] for r in records]
    assert "MODIFY" in names and "REMOVE" in names, names
    removed = next(r for r in records if r["eventName"] == "REMOVE")
    assert removed["dynamodb"]["OldImage"]["v"] == {"S": "x"} and "NewImage" not in removed["dynamodb"], removed
    seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    shard = desc["Shards"][0]["ShardId"]
    latest = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]
    ddb.put_item(TableName=TABLE, Item={**key("late", 1), "v": {"S": "after"}})
    fresh = streams.get_records(ShardIterator=latest)["Records"]
    assert [r["dynamodb"]["Keys"] for r in fresh] == [key("late", 1)], fresh
    at = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER",
                                    SequenceNumber=records[1]["dynamodb"]["SequenceNumber"])["ShardIterator"]
    assert streams.get_records(ShardIterator=at, Limit=1)["Records"][0]["eventID"] == records[1]["eventID"]
    expect_error("ResourceNotFoundException", streams.describe_stream, StreamArn=arn.replace(TABLE, "e2e-nope"))
    expect_error("ResourceNotFoundException", streams.get_shard_iterator, StreamArn=arn, ShardId="shardId-00000000000000000000-00000099", ShardIteratorType="LATEST")
    expect_error("ValidationException", streams.get_records, ShardIterator="not-an-iterator")
    ok("Streams: ListStreams, DescribeStream, GetShardIterator (TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER), GetRecords of API writes")


def after_restart():
    d = ddb.describe_table(TableName=TABLE)["Table"]
    assert d["ItemCount"] == 27 and d["StreamSpecification"]["StreamEnabled"], d
    assert ddb.get_item(TableName=TABLE, Key=key("u1", 1))["Item"]["status"] == {"S": "paid"}
    assert "e2e-temp" not in ddb.list_tables()["TableNames"]
    records, _ = stream_records(d["LatestStreamArn"])
    assert records and records[0]["eventName"] == "INSERT", records[:1]
    ddb.put_item(TableName=TABLE, Item=key("after", 1))
    seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in stream_records(d["LatestStreamArn"])[0]]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), "numbering continues after the restart"
    ok("after a restart: the API-created table, its items and its stream are back")


if PHASE == "run":
    tables_phase()
    items_phase()
    batch_and_query_phase()
    streams_phase()
else:
    after_restart()
