-- Request generators for wrk (bench/run.py): every request is built at random, so that no
-- cache can carry the load. Arguments (after `--`): mode, path prefix, seed, now (Unix
-- seconds), ids (comma-separated: IBM content ids, api.video video ids or JTV asset ids).
--   ibm-mixed   IBM /views, /viewers, every aggregate and dimension, peaks; random range
--               (start in the 100 days before now, span from an hour to 100 days, log-uniform),
--               page 1-50 (half the time 1), _limit 10-1000, content type, some content_id filters
--   ibm-repeat  20 requests of the same generator, drawn once with the seed and rotated
--   apivideo    GET /videos (random page and size) and GET /videos/{id}, half each
--   jtv-ingest  PUT /metax/3.0/ui/user/stat/{subscriber} with a random delta or full history
local mode, prefix, seed, now, ids
local HISTORY = 100 * 86400
local FAMILIES = { "views", "viewers", "total-views", "unique-devices", "authenticated-viewers",
                   "peak-viewer-numbers" }
local DIMENSIONS = { "summary", "month", "day", "hour", "location", "device", "view-source",
                     "country", "region" }
local KINDS = { "", "", "/live", "/recorded" }
local counter = 0
local fixed = {}

local function pick(list) return list[math.random(#list)] end

local function split(text)
  local found = {}
  for item in string.gmatch(text or "", "[^,]+") do found[#found + 1] = item end
  return found
end

local function stamp(t) return os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(t)) end

local function ibm()
  local family = pick(FAMILIES)
  local kind = pick(KINDS)
  local span = math.exp(math.log(3600) + math.random() * (math.log(HISTORY) - math.log(3600)))
  local start = now - HISTORY + math.random() * (HISTORY - span + 86400)
  local page = math.random() < 0.5 and 1 or math.random(1, 50)
  local query = "date_time_from=" .. stamp(start) .. "&date_time_to=" .. stamp(start + span)
    .. "&_page=" .. page .. "&_limit=" .. math.random(10, 1000)
  if kind ~= "" and math.random() < 0.3 then
    local chosen = { pick(ids) }
    if math.random() < 0.3 then chosen[2] = pick(ids) end
    query = query .. "&content_id=" .. table.concat(chosen, ",")
  end
  local path
  if family == "views" or family == "viewers" then
    path = "/" .. family .. kind
  elseif family == "peak-viewer-numbers" then
    path = "/" .. family .. kind
    query = query .. "&granularity=" .. (math.random() < 0.5 and "minute" or "hour")
  else
    path = "/" .. family .. kind .. "/" .. pick(DIMENSIONS)
  end
  return wrk.format("GET", prefix .. path .. "?" .. query)
end

local function apivideo()
  if math.random() < 0.5 then
    return wrk.format("GET", prefix .. "/videos?currentPage=" .. math.random(1, 5)
      .. "&pageSize=" .. math.random(1, 100))
  end
  return wrk.format("GET", prefix .. "/videos/" .. pick(ids))
end

local function jtv_ingest()
  local headers = { ["Content-Type"] = "application/json" }
  for name, value in pairs(wrk.headers) do headers[name] = value end
  local favorites, views = {}, {}
  for i = 1, math.random(0, 5) do favorites[i] = '"' .. pick(ids) .. '"' end
  for i = 1, math.random(1, 5) do
    views[i] = string.format('{"asset_id":"%s","play_count":%d,"view_time":%d}',
      pick(ids), math.random(0, 20), math.random(0, 7200))
  end
  local body = '{"favorites":[' .. table.concat(favorites, ",") .. '],"view_data":['
    .. table.concat(views, ",") .. ']}'
  local subscriber = "bench" .. math.random(1, 500) .. "@example.com"
  local delta = math.random() < 0.8 and "true" or "false"
  return wrk.format("PUT", prefix .. "/metax/3.0/ui/user/stat/" .. subscriber .. "?isDelta=" .. delta,
    headers, body)
end

local GENERATORS = { ["ibm-mixed"] = ibm, ["apivideo"] = apivideo, ["jtv-ingest"] = jtv_ingest }

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

function init(args)
  mode, prefix, seed, now, ids = args[1], args[2], tonumber(args[3]), tonumber(args[4]), split(args[5])
  if mode == "ibm-repeat" then
    math.randomseed(seed)
    for i = 1, 20 do fixed[i] = ibm() end
  end
  -- Each thread draws its own sequence; the same seed gives both servers the same requests.
  math.randomseed(seed * 1000 + (thread_number or 0))
end

function request()
  if mode == "ibm-repeat" then
    counter = counter % #fixed + 1
    return fixed[counter]
  end
  return GENERATORS[mode]()
end
