-- The exact-cache + routing replay of the tiered-router preset (without batch) as SQL over the calls table, for
-- the what-if benchmark (tst_whatif_bench.cpp fills in the prices and the TTL). It computes exactly the README
-- rules: replay order (timestamp, row id); the cache key is the store's prompt_hash (64-bit hash of the
-- normalized prompt); an entry is created only by a successful miss and not refreshed by hits, so the entry
-- creations of a key form a chain: the first successful call, then each first successful call at least TTL
-- after the previous creation (a recursive CTE over the successful calls numbered by row_number()). A call hits
-- when the latest creation before it (a MAX window over the preceding rows) is younger than the TTL.
-- Keywords are matched with LIKE on the logged text (case-insensitive for ASCII), which equals the engine's
-- normalized-text match when keywords hold no white space runs and prompts are ASCII (the demo's are).
PRAGMA temp_store = MEMORY;
CREATE TEMP TABLE logged(model_id INTEGER PRIMARY KEY, display TEXT);
CREATE TEMP TABLE price(model_id INTEGER PRIMARY KEY, pin INT, pout INT, pcached INT, pcw INT);
CREATE TEMP TABLE target(tier TEXT PRIMARY KEY, display TEXT, pin INT, pout INT, pcached INT, pcw INT);
-- @PRICES@

CREATE TEMP TABLE c AS
WITH b AS (
  SELECT c.id, c.timestamp_ms AS t, c.success AS ok, lg.display AS logged_display,
         CASE WHEN pr.text IS NULL OR trim(pr.text, ' ' || char(9, 10, 11, 12, 13)) = '' THEN NULL ELSE c.prompt_hash END AS k,
         c.input_tokens AS i, c.cached_tokens AS ci, c.cache_write_tokens AS cw, c.output_tokens AS o,
         COALESCE(c.cost_nusd,
                  CASE WHEN p.model_id IS NULL THEN NULL
                       ELSE (max(0, c.input_tokens - c.cached_tokens - c.cache_write_tokens) * p.pin
                             + c.cached_tokens * p.pcached + c.cache_write_tokens * p.pcw
                             + c.output_tokens * p.pout + 500) / 1000 END) AS base,
         CASE WHEN tk.name IN ('classification') THEN 'trivial'
              WHEN pr.text LIKE '%classify%' OR pr.text LIKE '%extract%' OR pr.text LIKE '%detect%'
                   OR pr.text LIKE '%identify%' THEN 'trivial'
              WHEN pr.text LIKE '%summarize%' OR pr.text LIKE '%explain%' OR pr.text LIKE '%rewrite%'
                   OR pr.text LIKE '%translate%' THEN 'standard'
              WHEN pr.text LIKE '%generate code%' OR pr.text LIKE '%debug%' OR pr.text LIKE '%refactor%'
                   OR pr.text LIKE '%implement%' THEN 'complex'
              WHEN c.input_tokens >= 4000 THEN 'expert'
              ELSE 'standard' END AS tier
  FROM calls c
  JOIN tasks tk ON tk.id = c.task_id
  JOIN logged lg ON lg.model_id = c.model_id
  LEFT JOIN prompts pr ON pr.id = c.prompt_id
  LEFT JOIN price p ON p.model_id = c.model_id)
SELECT b.id, b.t, b.ok, b.k, COALESCE(b.base, 0) AS base,
       CASE WHEN b.base IS NULL THEN 0
            WHEN tg.display = b.logged_display THEN b.base
            ELSE (max(0, b.i - b.ci - b.cw) * tg.pin + b.ci * tg.pcached + b.cw * tg.pcw + b.o * tg.pout + 500) / 1000
       END AS routed
FROM b JOIN target tg ON tg.tier = b.tier;

CREATE TEMP TABLE s AS
  SELECT k, t, id, row_number() OVER (PARTITION BY k ORDER BY t, id) AS rn FROM c WHERE ok = 1 AND k IS NOT NULL;
CREATE INDEX s_by_key ON s(k, rn);

CREATE TEMP TABLE creations(id INTEGER PRIMARY KEY);
INSERT INTO creations
WITH RECURSIVE chain(k, t, rn, id) AS (
  SELECT k, t, rn, id FROM s WHERE rn = 1
  UNION ALL
  SELECT nx.k, nx.t, nx.rn, nx.id FROM chain ch JOIN s nx
    ON nx.k = ch.k
   AND nx.rn = (SELECT s2.rn FROM s s2 WHERE s2.k = ch.k AND s2.rn > ch.rn AND s2.t >= ch.t + @TTL_MS@
                ORDER BY s2.rn LIMIT 1))
SELECT id FROM chain;

SELECT count(*), sum(base), sum(CASE WHEN hit THEN 0 WHEN ok = 0 THEN base ELSE routed END), sum(hit)
FROM (
  SELECT base, routed, ok,
         (k IS NOT NULL AND NOT creates AND last_created IS NOT NULL AND t - last_created < @TTL_MS@) AS hit
  FROM (
    SELECT c.*, cr.id IS NOT NULL AS creates,
           MAX(CASE WHEN cr.id IS NOT NULL THEN c.t END)
             OVER (PARTITION BY c.k ORDER BY c.t, c.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS last_created
    FROM c LEFT JOIN creations cr ON cr.id = c.id));
