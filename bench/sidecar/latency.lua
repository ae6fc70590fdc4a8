-- Paces each connection: one request, then a pause, so N connections give about N * 1000 / delay_ms requests/s.
local pause_ms = tonumber(os.getenv("PAUSE_MS") or "4")
function delay()
  return pause_ms
end
