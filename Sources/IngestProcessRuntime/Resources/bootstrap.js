'use strict';
// ingest's runtime client for Node.js functions.
//
// The engine starts one of these per execution environment with the environment Lambda gives a function
// (_HANDLER, LAMBDA_TASK_ROOT, AWS_LAMBDA_RUNTIME_API, ...). It loads the handler's module from the task
// root (CommonJS `exports.handler`, or an ES module's `export const handler`), then loops on the Lambda
// Runtime API: take the next invocation, call the handler, post its result or its error. It uses node's own
// modules only. When the engine goes away the loop ends.

const http = require('http');
const path = require('path');
const fs = require('fs');
const { pathToFileURL } = require('url');

const [host, port] = (() => {
  const api = process.env.AWS_LAMBDA_RUNTIME_API;
  const i = api.lastIndexOf(':');
  return [api.slice(0, i), Number(api.slice(i + 1))];
})();
const PREFIX = '/2018-06-01/runtime';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, route, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port, method, path: PREFIX + route, agent, headers: headers || {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function post(route, payload, errorType) {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  const headers = { 'Content-Type': 'application/json', 'Content-Length': body.length };
  if (errorType) headers['Lambda-Runtime-Function-Error-Type'] = errorType;
  let res;
  try {
    res = await call('POST', route, body, headers);
  } catch (e) {
    process.stderr.write(`runtime api: POST ${route} failed: ${e.message}\n`);
    return;
  }
  if (res.status >= 300) process.stderr.write(`runtime api answered ${res.status} to ${route}: ${res.body}\n`);
}

function errorPayload(error, type) {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    errorType: type || e.name || 'Error',
    errorMessage: e.message,
    trace: String(e.stack || '').split('\n'),
  };
}

class InitError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

// The handler `file.function` names (`index.handler`, `src/app.main`), loaded as Lambda's runtime loads it.
async function loadHandler() {
  // As Lambda reads it: the module is everything up to the first dot after the last slash, the rest a property path.
  const spec = process.env._HANDLER || '';
  const slash = spec.lastIndexOf('/');
  const dot = spec.indexOf('.', slash + 1);
  if (dot <= slash + 1 || dot === spec.length - 1) throw new InitError('Runtime.MalformedHandlerName', `Bad handler ${spec}`);
  const modulePath = spec.slice(0, dot);
  const exportPath = spec.slice(dot + 1).split('.');
  const root = process.env.LAMBDA_TASK_ROOT || process.cwd();
  const base = path.resolve(root, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (!file) throw new InitError('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'`);
  let mod;
  try {
    if (file.endsWith('.mjs')) {
      mod = await import(pathToFileURL(file).href);
    } else {
      try {
        mod = require(file);
      } catch (e) {
        if (e && (e.code === 'ERR_REQUIRE_ESM' || e.code === 'ERR_REQUIRE_ASYNC_MODULE')) mod = await import(pathToFileURL(file).href);
        else throw e;
      }
    }
  } catch (e) {
    process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
    throw new InitError('Runtime.ImportModuleError', `${e && e.name ? e.name : 'Error'}: ${e && e.message ? e.message : e}`);
  }
  const lookup = (root) => exportPath.reduce((o, k) => (o == null ? undefined : o[k]), root);
  const handler = lookup(mod) ?? lookup(mod.default);
  if (typeof handler !== 'function') throw new InitError('Runtime.HandlerNotFound', `${spec} is undefined or not exported`);
  return handler;
}

function context(requestId, deadline, arn) {
  const env = process.env;
  return {
    awsRequestId: requestId,
    invokedFunctionArn: arn,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

// Calls an async handler, or a callback-style one (three parameters), and settles with its result.
function run(handler, event, ctx) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (err, result) => {
      if (settled) return;
      settled = true;
      if (err !== null && err !== undefined) reject(err);
      else resolve(result);
    };
    try {
      const r = handler(event, ctx, done);
      if (r && typeof r.then === 'function') r.then((v) => done(null, v), (e) => done(e || new Error('rejected')));
      else if (handler.length < 3) done(null, r);
    } catch (e) {
      done(e);
    }
  });
}

async function main() {
  let handler;
  try {
    handler = await loadHandler();
  } catch (e) {
    const type = e instanceof InitError ? e.type : 'Runtime.UnknownError';
    process.stderr.write(`ERROR ${type}: ${e.message}\n`);
    await post('/init/error', { errorType: type, errorMessage: e.message, trace: [] }, type);
    process.exit(1);
  }
  for (;;) {
    let next;
    try {
      next = await call('GET', '/invocation/next');
    } catch (e) {
      return; // the engine is gone
    }
    if (next.status !== 200) {
      process.stderr.write(`runtime api answered ${next.status} to /invocation/next\n`);
      return;
    }
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    const deadline = Number(next.headers['lambda-runtime-deadline-ms'] || 0);
    const arn = next.headers['lambda-runtime-invoked-function-arn'] || '';
    if (next.headers['lambda-runtime-trace-id']) process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'];
    let payload;
    try {
      const event = next.body.length ? JSON.parse(next.body.toString('utf8')) : null;
      const result = await run(handler, event, context(requestId, deadline, arn));
      payload = Buffer.from(JSON.stringify(result === undefined ? null : result));
    } catch (e) {
      const p = errorPayload(e);
      process.stderr.write(`ERROR Invoke Error ${p.errorType}: ${p.errorMessage}\n${p.trace.slice(1).join('\n')}\n`);
      await post(`/invocation/${requestId}/error`, p, p.errorType);
      continue;
    }
    await post(`/invocation/${requestId}/response`, payload);
  }
}

main();
