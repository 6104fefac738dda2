--[[
demasque for Rspamd (3.x): asks a demasque server whether a message impersonates Assurance
Maladie (ameli, CPAM, Carte Vitale) to scam its reader, and maps the answer to symbols:

  DEMASQUE_SCAM        the verdict is "scam"       (score 20 by default: over the reject threshold, 15)
  DEMASQUE_SUSPICIOUS  the verdict is "suspicious" (score 2 by default)

Each symbol carries the ids of the rules that fired as options. The message also gets the header
fields X-Demasque-Verdict, X-Demasque-Score and X-Demasque-Rules (those that came with it are
removed first). On any failure (server down, time-out, error, message too large) the plugin inserts
nothing but a zero-score DEMASQUE_FAIL and the message goes on: it fails open.

Install: run `demasque serve --rate-limit 0` on the Rspamd host, copy this file to
/etc/rspamd/plugins.d/demasque.lua and configure it in /etc/rspamd/rspamd.conf.local (a plugin of
one's own is configured there; docs/gateway.md):

  demasque {
    url = "http://127.0.0.1:8000/api/v1/rspamd";   # `demasque serve --rate-limit 0`
    timeout = 5s;
    # servers whose Authentication-Results are believed, besides Rspamd's own results
    authserv_ids = [];
    scam_score = 20.0;
    suspicious_score = 2.0;
    # force an action for a scam whatever the other symbols say ("reject", "add header" ...)
    #scam_action = "reject";
    add_headers = true;
    max_size = 10485760;
  }

Rspamd's own DKIM / SPF / DMARC results are sent along as an Authentication-Results field under
Rspamd's host name, so an official sender it authenticated counts as such.
]]

local rspamd_http = require "rspamd_http"
local rspamd_logger = require "rspamd_logger"
local lua_auth_results = require "lua_auth_results"
local lua_mime = require "lua_mime"
local lua_util = require "lua_util"
local ucl = require "ucl"

local N = "demasque"
local HEADERS = { "X-Demasque-Verdict", "X-Demasque-Score", "X-Demasque-Rules" }

local settings = {
  url = "http://127.0.0.1:8000/api/v1/rspamd",
  timeout = 5.0,
  authserv_ids = {},
  scam_score = 20.0,
  suspicious_score = 2.0,
  scam_action = nil,
  add_headers = true,
  max_size = 10 * 1024 * 1024,
}

local function fail(task, why)
  rspamd_logger.infox(task, "%s: no verdict (%s), the message goes on", N, why)
  task:insert_result("DEMASQUE_FAIL", 1.0, why)
end

local function query_string(ids)
  local parts = {}
  for _, id in ipairs(ids) do
    parts[#parts + 1] = "authserv_id=" .. id
  end
  return table.concat(parts, "&")
end

local function apply(task, answer)
  if answer.symbol == "DEMASQUE_SCAM" or answer.symbol == "DEMASQUE_SUSPICIOUS" then
    task:insert_result(answer.symbol, 1.0, answer.rules or {})
  end
  if settings.add_headers and type(answer.headers) == "table" then
    local add, remove = {}, {}
    for _, name in ipairs(HEADERS) do
      remove[name] = 0            -- 0: every field of that name that came with the message
      if answer.headers[name] then
        add[name] = { order = 0, value = answer.headers[name] }
      end
    end
    lua_mime.modify_headers(task, { add = add, remove = remove, order = HEADERS })
  end
  if answer.verdict == "scam" and settings.scam_action then
    local reason = answer.reason or {}
    local message = (reason.fr and reason.en) and (reason.fr .. " / " .. reason.en)
      or "Message rejected: likely scam (demasque)"
    task:set_pre_result({ action = settings.scam_action, module = N, message = message })
  end
end

local function demasque_check(task)
  local content = task:get_content()
  if not content or #content == 0 then
    return
  end
  if #content > settings.max_size then
    return fail(task, "too large")
  end
  local ids = lua_util.shallowcopy(settings.authserv_ids)
  local body = content
  -- Rspamd's own authentication results, under its own authserv-id (believed by the server)
  local ar = lua_auth_results.gen_auth_results(task)
  if ar then
    local own = ar:match("^%s*([^;%s]+)")
    if own then
      ids[#ids + 1] = own
      body = { "Authentication-Results: " .. ar .. "\r\n", content }
    end
  end
  local query = query_string(ids)
  local url = settings.url .. (query ~= "" and ("?" .. query) or "")

  local function callback(err, code, reply)
    if err then
      return fail(task, "error: " .. tostring(err))
    end
    if code ~= 200 then
      return fail(task, "HTTP " .. tostring(code))
    end
    local parser = ucl.parser()
    local ok, perr = parser:parse_string(tostring(reply))
    if not ok then
      return fail(task, "bad answer: " .. tostring(perr))
    end
    apply(task, parser:get_object())
  end

  rspamd_http.request({
    task = task,
    url = url,
    body = body,
    mime_type = "message/rfc822",
    timeout = settings.timeout,
    callback = callback,
  })
end

-- Configuration ----------------------------------------------------------------------------------

local opts = rspamd_config:get_all_opt(N)
if not opts then
  lua_util.disable_module(N, "config")
  return
end
settings = lua_util.override_defaults(settings, opts)
for _, id in ipairs(settings.authserv_ids) do
  if not tostring(id):match("^[%w%.%-]+$") then
    rspamd_logger.errx(rspamd_config, "%s: authserv_ids: %s is not a host name, module disabled", N, id)
    lua_util.disable_module(N, "config")
    return
  end
end

local id = rspamd_config:register_symbol({
  name = "DEMASQUE_CHECK",
  type = "normal",
  callback = demasque_check,
  augmentations = { string.format("timeout=%f", settings.timeout) },
})
rspamd_config:register_symbol({
  name = "DEMASQUE_SCAM", type = "virtual", parent = id, score = settings.scam_score,
  group = N, description = "demasque: scam impersonating an official body",
})
rspamd_config:register_symbol({
  name = "DEMASQUE_SUSPICIOUS", type = "virtual", parent = id, score = settings.suspicious_score,
  group = N, description = "demasque: red flags, none conclusive",
})
rspamd_config:register_symbol({
  name = "DEMASQUE_FAIL", type = "virtual", parent = id, score = 0.0,
  group = N, description = "demasque: no verdict (the message goes on)",
})
-- judged after Rspamd's own authentication checks, whose results are sent along
for _, dep in ipairs({ "DKIM_CHECK", "SPF_CHECK", "DMARC_CHECK" }) do
  rspamd_config:register_dependency("DEMASQUE_CHECK", dep)
end
rspamd_logger.infox(rspamd_config, "%s: enabled, server %s", N, settings.url)
