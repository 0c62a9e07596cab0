"""ingest's runtime client for Python functions.

The engine starts one of these per execution environment with the environment Lambda gives a function
(_HANDLER, LAMBDA_TASK_ROOT, AWS_LAMBDA_RUNTIME_API, ...). It imports the handler's module from the task
root, then loops on the Lambda Runtime API: take the next invocation, call the handler, post its result or
its error. It uses nothing outside the standard library. When the engine goes away the loop ends.
"""

import http.client
import importlib
import json
import logging
import os
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
PREFIX = "/2018-06-01/runtime"


class RuntimeAPI:
    """One keep-alive connection to the engine's Runtime API."""

    def __init__(self):
        host, _, port = API.rpartition(":")
        self.host, self.port = host, int(port)
        self.conn = None

    def call(self, method, path, body=None, headers=None):
        # A GET is retried once on a fresh connection; a POST is not (it may have been taken).
        for attempt in ((0, 1) if method == "GET" else (1,)):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port)
            try:
                self.conn.request(method, PREFIX + path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                return response.status, response, response.read()
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise

    def post(self, path, payload, headers=None):
        body = json.dumps(payload).encode() if not isinstance(payload, bytes) else payload
        try:
            status, _, answer = self.call("POST", path, body, {"Content-Type": "application/json", **(headers or {})})
        except (OSError, http.client.HTTPException) as e:
            print(f"runtime api: POST {path} failed: {e}", file=sys.stderr)
            return
        if status >= 300:
            print(f"runtime api answered {status} to {path}: {answer.decode(errors='replace')}", file=sys.stderr)


def error_payload(error, error_type=None):
    return {
        "errorMessage": str(error),
        "errorType": error_type or type(error).__name__,
        "stackTrace": traceback.format_tb(error.__traceback__) if error.__traceback__ else [],
    }


class Context:
    """What a Python handler gets as its `context`, as Lambda's own runtime gives it."""

    def __init__(self, request_id, deadline_ms, arn):
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.identity = None
        self.client_context = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))


def load_handler():
    """The handler `module.function` names (`app.lambda_handler`, `src/app.handler`), or raises with Lambda's error type."""
    spec = os.environ.get("_HANDLER", "")
    module_path, _, function_name = spec.rpartition(".")
    if not module_path or not function_name:
        raise InitError("Runtime.MalformedHandlerName", f"Bad handler '{spec}': not enough values to unpack (expected 2, got 1)")
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except Exception as e:  # an import error or an exception raised while the module loads
        raise InitError("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {e}", e)
    handler = getattr(module, function_name, None)
    if handler is None:
        raise InitError("Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'")
    return handler


class InitError(Exception):
    def __init__(self, error_type, message, cause=None):
        super().__init__(message)
        self.error_type = error_type
        self.cause = cause


def main():
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path.insert(0, task_root)
    logging.basicConfig(stream=sys.stdout, format="[%(levelname)s]\t%(message)s")
    api = RuntimeAPI()
    try:
        handler = load_handler()
    except InitError as e:
        if e.cause is not None:
            traceback.print_exception(e.cause, file=sys.stderr)
        print(f"[ERROR] {e.error_type}: {e}", file=sys.stderr)
        api.post("/init/error", {"errorMessage": str(e), "errorType": e.error_type, "stackTrace": []},
                 {"Lambda-Runtime-Function-Error-Type": e.error_type})
        sys.exit(1)
    while True:
        try:
            status, response, body = api.call("GET", "/invocation/next")
        except (OSError, http.client.HTTPException):
            return  # the engine is gone
        if status != 200:
            print(f"runtime api answered {status} to /invocation/next", file=sys.stderr)
            return
        request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
        deadline = int(response.getheader("Lambda-Runtime-Deadline-Ms", "0"))
        arn = response.getheader("Lambda-Runtime-Invoked-Function-Arn", "")
        trace = response.getheader("Lambda-Runtime-Trace-Id")
        if trace:
            os.environ["_X_AMZN_TRACE_ID"] = trace
        try:
            event = json.loads(body) if body else None
            result = handler(event, Context(request_id, deadline, arn))
            try:
                payload = to_json(result)
            except (TypeError, ValueError) as e:
                raise MarshalError(f"Unable to marshal response: {e}") from e
        except Exception as e:
            error_type = "Runtime.MarshalError" if isinstance(e, MarshalError) else type(e).__name__
            print(f"[ERROR] {error_type}: {e}", file=sys.stderr)
            traceback.print_exception(e, file=sys.stderr)
            api.post(f"/invocation/{request_id}/error", error_payload(e, error_type),
                     {"Lambda-Runtime-Function-Error-Type": error_type})
            continue
        api.post(f"/invocation/{request_id}/response", payload)


class MarshalError(Exception):
    pass


def to_json(value):
    """JSON for a handler's result, with Decimal (as boto3's DynamoDB resource returns numbers) as a number."""
    import decimal

    def default(o):
        if isinstance(o, decimal.Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")

    return json.dumps(value, default=default).encode()


if __name__ == "__main__":
    main()
