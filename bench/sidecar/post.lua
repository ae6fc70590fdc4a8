local file = io.open(os.getenv("BODY_FILE"), "r")
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
local pause_ms = tonumber(os.getenv("PAUSE_MS") or "0")
if pause_ms > 0 then
  function delay() return pause_ms end
end
