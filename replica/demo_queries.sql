-- The query set `pgshadow demo` diffs against the primary after its write burst.
-- Only what the walking-skeleton engine answers exactly: one table, WHERE, ORDER BY,
-- LIMIT/OFFSET, arithmetic, comparisons, count(*).
SELECT count(*) FROM customers;
SELECT count(*) FROM orders;
SELECT count(*) FROM events;
SELECT * FROM customers ORDER BY id;
SELECT id, name, balance, balance * 2 AS doubled, balance / 3 AS third FROM customers WHERE active ORDER BY id LIMIT 50;
SELECT id, email FROM customers WHERE balance > 500.00 AND NOT active ORDER BY balance DESC, id LIMIT 20 OFFSET 5;
SELECT name, signup, created FROM customers WHERE signup BETWEEN '2020-01-01' AND '2021-06-30' ORDER BY signup, id;
SELECT id, score, score * 1.5 AS boosted, -score AS negated FROM customers ORDER BY score DESC NULLS LAST, id LIMIT 40;
SELECT id, ref FROM customers WHERE id IN (1, 2, 3, 5, 8, 13, 21, 34) ORDER BY id;
SELECT * FROM orders WHERE status = 'shipped' ORDER BY amount DESC, id LIMIT 25;
SELECT id, customer_id, amount, amount + 10 AS with_fee, quantity * 3 % 7 AS odd_math FROM orders ORDER BY id DESC LIMIT 30;
SELECT count(*) FROM orders WHERE status <> 'cancelled' AND amount >= 100;
SELECT id, ordered_at FROM orders WHERE ordered_at < '2023-01-01 00:00:00' ORDER BY ordered_at, id LIMIT 15;
SELECT * FROM events;
SELECT kind, payload FROM events WHERE kind = 'login' ORDER BY payload;
SELECT id, length_note FROM notes ORDER BY id;
SELECT id FROM notes WHERE body IS NOT NULL ORDER BY id;
SELECT 1 + 2 AS three, 7 / 2 AS int_div, 7.0 / 2 AS num_div, -7 % 3 AS modulo, 2.50 * 1.10 AS scaled;
SELECT 'text' AS t, true AS yes, NULL::int AS nothing, '2024-02-29'::date AS leap, 1e15::float8 AS big;
