"""The seed's two SQS workers (user-metadata and user-onboarding) in Python, with their flaws fixed: each record on
its own, a bad record reported in batchItemFailures, user_id stored as the key, a conditional insert that a
redelivery cannot reset, the time in ISO-8601 UTC, and the body never logged. Which table it writes, and the
status a new user starts with, follow the function's environment (USER_METADATA_TABLE_NAME or
USER_ONBOARDING_TABLE_NAME). Run the bundled template's workers on it with

    ingest function update-code user-metadata templates/python/signup-worker --runtime python3.12 --handler app.handler
    ingest function update-code user-onboarding templates/python/signup-worker --runtime python3.12 --handler app.handler
"""
import json
import os
from datetime import datetime, timezone

import boto3

if "USER_ONBOARDING_TABLE_NAME" in os.environ:
    TABLE, STATUS = os.environ["USER_ONBOARDING_TABLE_NAME"], ("status", "INITIATED")
else:
    TABLE, STATUS = os.environ.get("USER_METADATA_TABLE_NAME", "demo_user_metadata"), ("onboarding_status", "PENDING")
dynamodb = boto3.client("dynamodb")


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            user = json.loads(record["body"])
            user_id, email = user["user_id"], user["email"]
            if not isinstance(user_id, str) or not isinstance(email, str) or "@" not in email:
                raise ValueError("user_id and a valid email are required")
        except (ValueError, KeyError, TypeError) as e:
            print(f"[WARNING] record {record['messageId']}: {e}")
            failures.append({"itemIdentifier": record["messageId"]})
            continue
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        item = {"user_id": {"S": user_id}, "email": {"S": email}, STATUS[0]: {"S": STATUS[1]},
                "created_at": {"S": now}, "updated_at": {"S": now}, "source_message_id": {"S": record["messageId"]}}
        if isinstance(user.get("username"), str):
            item["username"] = {"S": user["username"]}
        try:
            dynamodb.put_item(TableName=TABLE, Item=item, ConditionExpression="attribute_not_exists(user_id)")
        except dynamodb.exceptions.ConditionalCheckFailedException:
            pass  # a redelivery of a user already stored
        except Exception as e:  # the table refused it: retry the record
            print(f"[ERROR] record {record['messageId']}: {e}")
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
