-- The SQLite baseline of the import: the same two files, converted from
-- WINDOWS-1252, amounts and dates read into numbers and ISO days, and the
-- accounts with their balances and the indexes the other measures need.
PRAGMA journal_mode=WAL;
CREATE TABLE debtors_in(rut, name, phone, address, city, region, segment);
CREATE TABLE invoices_in(folio, rut, issued, due, amount, portfolio, currency);
.mode csv
.separator ;
.import --skip 1 "|iconv -f WINDOWS-1252 -t UTF-8 debtors.csv" debtors_in
.import --skip 1 "|iconv -f WINDOWS-1252 -t UTF-8 invoices.csv" invoices_in
CREATE TABLE debtors(rut TEXT PRIMARY KEY, name TEXT, phone TEXT,
  address TEXT, city TEXT, region TEXT, segment TEXT);
INSERT INTO debtors SELECT * FROM debtors_in;
CREATE TABLE invoices(portfolio TEXT, folio TEXT, rut TEXT, issued TEXT,
  due TEXT, amount INTEGER, PRIMARY KEY (portfolio, folio));
INSERT INTO invoices SELECT portfolio, folio, rut,
  substr(issued, 7, 4) || '-' || substr(issued, 4, 2) || '-' || substr(issued, 1, 2),
  substr(due, 7, 4) || '-' || substr(due, 4, 2) || '-' || substr(due, 1, 2),
  CAST(replace(amount, '.', '') AS INTEGER) FROM invoices_in;
DROP TABLE debtors_in;
DROP TABLE invoices_in;
CREATE INDEX invoices_debtor ON invoices(rut, due);
CREATE TABLE accounts(rut TEXT PRIMARY KEY, portfolio TEXT, balance INTEGER,
  oldest_due TEXT, priority REAL DEFAULT 0, holder TEXT, lease_until INTEGER,
  attempts INTEGER DEFAULT 0);
INSERT INTO accounts (rut, portfolio, balance, oldest_due)
  SELECT rut, portfolio, sum(amount), min(due) FROM invoices GROUP BY rut
  ORDER BY rut;
CREATE INDEX accounts_queue ON accounts(priority);
CREATE TABLE events(seq INTEGER PRIMARY KEY, at INTEGER, agent TEXT,
  kind TEXT, rut TEXT);
