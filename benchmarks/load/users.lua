-- One wrk thread per simulated user (run with -t N -c N): each has its own session, form and
-- think time. Filled in by benchmarks/form_load.py: USERS, MODE, PATH, BODY, THINK_MIN/MAX (ms).
local users = USERS
local next_user = 1
local threads = {}

function setup(thread)
  thread:set("me", users[next_user])
  next_user = next_user + 1
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(me.seed)
  unexpected = 0  -- answers that are not what a logged-in user gets (a login redirect, a 409 ...)
  first = true
end

function delay()
  if THINK_MAX == 0 then return 0 end
  if first then
    -- users start at random moments within one think time, not all in the same millisecond
    first = false
    return math.random(0, THINK_MAX)
  end
  return math.random(THINK_MIN, THINK_MAX)
end

function request()
  local headers = {["Cookie"] = "sessionid=" .. me.session .. "; csrftoken=" .. me.csrf}
  if MODE == "post" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    headers["X-CSRFToken"] = me.csrf
    return wrk.format("POST", "/submissions/" .. me.form .. "/", headers,
                      BODY .. "&action=save&version=" .. me.version)
  end
  local path = PATH
  if path == "form" then path = "/submissions/" .. me.form .. "/" end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if MODE == "post" then
    if status == 302 and headers["Location"] == "/submissions/" .. me.form .. "/" then
      me.version = me.version + 1  -- a saved draft moves the form's version by one
    else
      unexpected = unexpected + 1
      local current = body and body:match('name="version" value="(%d+)"')
      if current then me.version = tonumber(current) end  -- a 409 page carries the version now stored
    end
  elseif status ~= 200 then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("unexpected") end
  io.write(string.format('RESULT {"requests": %d, "seconds": %.3f, "p50": %.1f, "p95": %.1f, "p99": %.1f, ' ..
    '"bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
