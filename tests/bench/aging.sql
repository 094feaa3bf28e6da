-- The aging report of the SQLite baseline, as cobrador's CSV gives it:
-- portfolio, bucket, open documents and amount, as of the benchmark's day.
.mode csv
SELECT portfolio, CASE WHEN d <= 0 THEN 'current' WHEN d <= 30 THEN '1-30'
    WHEN d <= 60 THEN '31-60' WHEN d <= 90 THEN '61-90' ELSE '91+' END,
  count(*), sum(amount)
FROM (SELECT portfolio, amount,
    julianday('2026-03-02') - julianday(due) AS d FROM invoices)
GROUP BY 1, 2;
