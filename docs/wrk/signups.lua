-- wrk script for docs/benchmarks.md (Gateway): unique sign-ups sent as the seed's curl script sends
-- them (GET <stage>/store?topic=ARN&message=<every byte %xx>, header x-api-key), counting the answers
-- by status. Environment: TOPIC (the topic ARN), API_KEY, STORE_PATH (default /prod/store).
local topic = os.getenv("TOPIC")
local key = os.getenv("API_KEY")
local path = os.getenv("STORE_PATH") or "/prod/store"
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  counter = 0
  wrk.headers["x-api-key"] = key
end

function request()
  counter = counter + 1
  local msg = string.format('{"user_id":"bench-%d-%d","email":"b%d-%d@example.com"}', id, counter, id, counter)
  local enc = msg:gsub(".", function(c) return string.format("%%%02x", string.byte(c)) end)
  return wrk.format("GET", path .. "?topic=" .. topic .. "&message=" .. enc)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local totals = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do totals[k] = (totals[k] or 0) + v end
  end
  for k, v in pairs(totals) do io.write(string.format("status %d: %d (%.1f/s)\n", k, v, v / seconds)) end
  io.write(string.format("latency p50 %.2f ms, p99 %.2f ms, over %.1f s\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, seconds))
end
