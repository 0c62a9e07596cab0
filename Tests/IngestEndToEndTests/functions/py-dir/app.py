"""A Python function from a directory: writes each message to the table through boto3 and the engine's endpoint."""
import json
import os

import boto3

client = boto3.client("dynamodb")


def lambda_handler(event, context):
    for record in event["Records"]:
        body = json.loads(record["body"])
        client.put_item(TableName="fn-items", Item={"id": {"S": body["id"]}, "by": {"S": "py-dir"},
                                                    "remaining": {"N": str(context.get_remaining_time_in_millis())}})
    return {"written": len(event["Records"]), "endpoint": os.environ.get("AWS_ENDPOINT_URL")}
