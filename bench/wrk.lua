-- wrk script of the benchmark (bench/run.py): headers, unique titles for POST, a JSON summary.
-- Environment: BENCH_METHOD, BENCH_TOKEN (signed-in scenarios), BENCH_BODY (a JSON object
-- without its closing brace, for POST), BENCH_RUN (makes titles unique across runs).

wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.headers["Accept"] = "application/json"
wrk.headers["X-Forwarded-Proto"] = "https"
local token = os.getenv("BENCH_TOKEN") or ""
if token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
local body = os.getenv("BENCH_BODY")
if wrk.method == "POST" then
  wrk.headers["Content-Type"] = "application/json"
end
local run = os.getenv("BENCH_RUN") or "0"

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local counter = 0
function request()
  if wrk.method ~= "POST" then
    return wrk.format()
  end
  counter = counter + 1
  local title = string.format("Load test %s %d %d", run, id, counter)
  return wrk.format(nil, nil, nil, body .. string.format(', "title": "%s"}', title))
end

-- Anything but a 2xx is a failed request (wrk itself counts only 4xx and 5xx).
unexpected = 0
function response(status, headers, body)
  if status < 200 or status > 299 then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
  end
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    bad, errors.connect + errors.read + errors.write + errors.timeout))
end
