// The seed's layout (lambda/<name>/index.js with exports.handler), with node's own modules only: it writes
// each message to the table with a DynamoDB PutItem sent to the engine's AWS endpoint (AWS_ENDPOINT_URL).
const http = require('http');

function putItem(item) {
  const body = JSON.stringify({ TableName: process.env.USER_METADATA_TABLE_NAME, Item: item });
  const url = new URL(process.env.AWS_ENDPOINT_URL);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, method: 'POST', path: '/',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.PutItem', 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`PutItem ${res.statusCode}: ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

exports.handler = async (event, context) => {
  for (const record of event.Records) {
    const message = JSON.parse(record.body);
    console.log('Received message for', message.id);
    await putItem({ id: { S: message.id }, by: { S: 'node-seed' }, memory: { S: context.memoryLimitInMB } });
  }
  return { statusCode: 200, body: 'Success' };
};
