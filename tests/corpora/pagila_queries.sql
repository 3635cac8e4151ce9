-- Read queries a DVD-rental application or analyst would run against Pagila.
-- Replayed by `pgshadow conformance --corpus pagila` in rounds separated by a write workload.

-- Lookups
SELECT film_id, title, release_year, rating, rental_rate FROM film WHERE film_id = 42;
SELECT customer_id, first_name, last_name, email FROM customer WHERE last_name = 'SMITH';
SELECT actor_id, first_name, last_name FROM actor WHERE last_name LIKE 'WA%' ORDER BY last_name, first_name;
SELECT title, length FROM film WHERE length > 180 ORDER BY length DESC, title;
SELECT count(*) FROM film;
SELECT count(*) FROM customer WHERE activebool;
SELECT title FROM film WHERE rating = 'PG-13' AND rental_rate < 1 ORDER BY title LIMIT 20;
SELECT DISTINCT rating FROM film ORDER BY rating;
SELECT name FROM category ORDER BY name;
SELECT store_id, count(*) FROM inventory GROUP BY store_id ORDER BY store_id;
SELECT title, rental_duration, rental_rate, replacement_cost FROM film WHERE title ILIKE '%love%' ORDER BY title;
SELECT email FROM customer WHERE email IS NULL OR email NOT LIKE '%@%';

-- Joins
SELECT f.title, l.name AS language FROM film f JOIN language l USING (language_id) WHERE f.film_id BETWEEN 1 AND 15 ORDER BY f.film_id;
SELECT a.first_name, a.last_name, count(*) AS films FROM actor a JOIN film_actor fa ON fa.actor_id = a.actor_id GROUP BY a.actor_id, a.first_name, a.last_name ORDER BY films DESC, a.actor_id LIMIT 10;
SELECT c.name AS category, count(*) AS films FROM category c JOIN film_category fc USING (category_id) GROUP BY c.name ORDER BY films DESC, c.name;
SELECT cu.first_name, cu.last_name, a.address, ci.city, co.country FROM customer cu JOIN address a USING (address_id) JOIN city ci USING (city_id) JOIN country co USING (country_id) WHERE co.country = 'Canada' ORDER BY cu.last_name;
SELECT f.title, i.store_id, count(*) AS copies FROM film f JOIN inventory i USING (film_id) WHERE f.title LIKE 'A%' GROUP BY f.title, i.store_id ORDER BY f.title, i.store_id;
SELECT r.rental_id, lower(r.rental_period), f.title FROM rental r JOIN inventory i USING (inventory_id) JOIN film f USING (film_id) WHERE r.customer_id = 1 ORDER BY lower(r.rental_period), r.rental_id;
SELECT f.title FROM film f LEFT JOIN inventory i USING (film_id) WHERE i.inventory_id IS NULL ORDER BY f.title;
SELECT s.store_id, st.first_name, st.last_name, a.address FROM store s JOIN staff st ON st.staff_id = s.manager_staff_id JOIN address a ON a.address_id = s.address_id ORDER BY s.store_id;
SELECT co.country, count(*) AS customers FROM customer cu JOIN address a USING (address_id) JOIN city ci USING (city_id) JOIN country co USING (country_id) GROUP BY co.country HAVING count(*) >= 20 ORDER BY customers DESC, co.country;
SELECT a1.last_name, a1.first_name, a2.first_name AS namesake FROM actor a1 JOIN actor a2 ON a1.last_name = a2.last_name AND a1.actor_id < a2.actor_id ORDER BY 1, 2, 3;
SELECT f.title FROM film f WHERE EXISTS (SELECT 1 FROM film_actor fa JOIN actor a USING (actor_id) WHERE fa.film_id = f.film_id AND a.last_name = 'GUINESS') ORDER BY f.title;
SELECT cu.customer_id, cu.last_name FROM customer cu WHERE cu.customer_id NOT IN (SELECT customer_id FROM rental WHERE lower(rental_period) >= '2007-03-01') ORDER BY cu.customer_id LIMIT 25;

-- Aggregates
SELECT rating, count(*), round(avg(length), 2) AS avg_length, min(length), max(length) FROM film GROUP BY rating ORDER BY rating;
SELECT staff_id, sum(amount) AS total, count(*) AS payments FROM payment GROUP BY staff_id ORDER BY staff_id;
SELECT customer_id, sum(amount) AS spent FROM payment GROUP BY customer_id ORDER BY spent DESC, customer_id LIMIT 10;
SELECT date_trunc('month', payment_date) AS month, sum(amount), count(*) FROM payment GROUP BY 1 ORDER BY 1;
SELECT c.name, sum(p.amount) AS revenue FROM payment p JOIN rental r USING (rental_id) JOIN inventory i USING (inventory_id) JOIN film_category fc USING (film_id) JOIN category c USING (category_id) GROUP BY c.name ORDER BY revenue DESC;
SELECT rental_rate, count(*) FROM film GROUP BY ROLLUP (rental_rate) ORDER BY rental_rate NULLS LAST;
SELECT rating, rental_rate, count(*) FROM film GROUP BY GROUPING SETS ((rating), (rental_rate), ()) ORDER BY rating NULLS LAST, rental_rate NULLS LAST;
SELECT string_agg(title, ', ' ORDER BY title) FROM film WHERE film_id <= 10;
SELECT array_agg(DISTINCT store_id ORDER BY store_id) FROM inventory;
SELECT count(DISTINCT customer_id) AS customers, count(*) AS rentals FROM rental;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS median, mode() WITHIN GROUP (ORDER BY amount) AS mode FROM payment;
SELECT count(*) FILTER (WHERE upper_inf(rental_period)) AS open, count(*) FILTER (WHERE NOT upper_inf(rental_period)) AS returned FROM rental;
SELECT sum(replacement_cost), avg(rental_rate), stddev_samp(length)::numeric(10,4) FROM film;
SELECT bool_and(activebool), bool_or(activebool) FROM customer;

-- Window functions
SELECT title, length, rank() OVER (ORDER BY length DESC) AS r FROM film ORDER BY r, title LIMIT 15;
SELECT customer_id, payment_date, amount, sum(amount) OVER (PARTITION BY customer_id ORDER BY payment_date, payment_id) AS running FROM payment WHERE customer_id IN (1, 2) ORDER BY customer_id, payment_date, payment_id;
SELECT rating, title, length FROM (SELECT rating, title, length, row_number() OVER (PARTITION BY rating ORDER BY length DESC, title) AS rn FROM film) t WHERE rn <= 3 ORDER BY rating, rn;
SELECT payment_id, amount, lag(amount) OVER w AS prev, lead(amount) OVER w AS next FROM payment WHERE customer_id = 5 WINDOW w AS (ORDER BY payment_date, payment_id) ORDER BY payment_date, payment_id;
SELECT store_id, film_id, count(*) AS copies, dense_rank() OVER (PARTITION BY store_id ORDER BY count(*) DESC) FROM inventory GROUP BY store_id, film_id ORDER BY store_id, 4, film_id LIMIT 20;
SELECT customer_id, amount, ntile(4) OVER (ORDER BY amount, payment_id) AS quartile FROM payment WHERE customer_id = 10 ORDER BY amount, payment_id;
SELECT date_trunc('month', payment_date)::date AS month, sum(amount) AS revenue, sum(sum(amount)) OVER (ORDER BY date_trunc('month', payment_date)::date) AS cumulative FROM payment GROUP BY 1 ORDER BY 1;
SELECT DISTINCT rating, first_value(title) OVER (PARTITION BY rating ORDER BY replacement_cost DESC, title) AS priciest FROM film ORDER BY rating;

-- CTEs
WITH spend AS (SELECT customer_id, sum(amount) AS total FROM payment GROUP BY customer_id) SELECT c.first_name, c.last_name, s.total FROM spend s JOIN customer c USING (customer_id) WHERE s.total > 180 ORDER BY s.total DESC, c.customer_id;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) SELECT i AS month, (SELECT count(*) FROM rental WHERE extract(month FROM lower(rental_period)) = i) AS rentals FROM n ORDER BY i;
WITH late AS (SELECT r.rental_id, r.customer_id, upper(r.rental_period) - lower(r.rental_period) AS kept, f.rental_duration FROM rental r JOIN inventory i USING (inventory_id) JOIN film f USING (film_id) WHERE NOT upper_inf(r.rental_period)) SELECT customer_id, count(*) AS late_returns FROM late WHERE kept > rental_duration * interval '1 day' GROUP BY customer_id ORDER BY late_returns DESC, customer_id LIMIT 10;
WITH top_actors AS (SELECT actor_id FROM film_actor GROUP BY actor_id ORDER BY count(*) DESC, actor_id LIMIT 5) SELECT a.first_name, a.last_name FROM actor a JOIN top_actors USING (actor_id) ORDER BY a.last_name, a.first_name;
WITH stores AS (SELECT store_id, count(*) AS n FROM customer GROUP BY store_id) SELECT store_id, n, round(100.0 * n / sum(n) OVER (), 1) AS pct FROM stores ORDER BY store_id;

-- Text search, strings, arrays
SELECT title FROM film WHERE fulltext @@ to_tsquery('english', 'drama & cat') ORDER BY title;
SELECT title, ts_rank(fulltext, q) AS rank FROM film, to_tsquery('english', 'astronaut | shark') q WHERE fulltext @@ q ORDER BY rank DESC, title LIMIT 10;
SELECT title FROM film WHERE 'Behind the Scenes' = ANY (special_features) AND 'Trailers' = ANY (special_features) ORDER BY title LIMIT 20;
SELECT unnest(special_features) AS feature, count(*) FROM film GROUP BY 1 ORDER BY 2 DESC, 1;
SELECT upper(left(first_name, 1)) || lower(substr(first_name, 2)) AS name, length(last_name) FROM actor WHERE actor_id <= 10 ORDER BY actor_id;
SELECT title, array_length(special_features, 1) AS n_features FROM film WHERE film_id IN (1, 2, 3) ORDER BY film_id;
SELECT split_part(email, '@', 2) AS domain, count(*) FROM customer GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5;
SELECT regexp_replace(phone, '[^0-9]', '', 'g') AS digits FROM address WHERE address_id <= 5 ORDER BY address_id;
SELECT title, description FROM film WHERE description ~* 'boat' ORDER BY title LIMIT 10;

-- Dates and times
SELECT rental_id, lower(rental_period), upper(rental_period), upper(rental_period) - lower(rental_period) AS kept FROM rental WHERE customer_id = 3 ORDER BY lower(rental_period), rental_id;
SELECT extract(dow FROM lower(rental_period)) AS dow, count(*) FROM rental GROUP BY 1 ORDER BY 1;
SELECT to_char(payment_date, 'YYYY-MM') AS month, to_char(sum(amount), 'FM999990.00') FROM payment GROUP BY 1 ORDER BY 1;
SELECT customer_id, max(lower(rental_period)) AS last_rental, min(lower(rental_period)) AS first_rental FROM rental GROUP BY customer_id ORDER BY customer_id LIMIT 15;
SELECT count(*) FROM rental WHERE lower(rental_period) BETWEEN '2005-07-01' AND '2005-07-31 23:59:59';
SELECT date_part('year', create_date) AS year, count(*) FROM customer GROUP BY 1 ORDER BY 1;
SELECT rental_id, age(upper(rental_period), lower(rental_period)) FROM rental WHERE NOT upper_inf(rental_period) ORDER BY rental_id LIMIT 10;
SELECT r.rental_id, lower(r.rental_period) + f.rental_duration * interval '1 day' AS due FROM rental r JOIN inventory i USING (inventory_id) JOIN film f USING (film_id) WHERE upper_inf(r.rental_period) ORDER BY r.rental_id LIMIT 20;

-- Views and functions shipped with the schema
SELECT * FROM customer_list WHERE country = 'Japan' ORDER BY id;
SELECT * FROM sales_by_store ORDER BY store;
SELECT * FROM sales_by_film_category ORDER BY category;
SELECT fid, title, category, price FROM film_list WHERE category = 'Horror' ORDER BY fid LIMIT 15;
SELECT * FROM actor_info WHERE actor_id <= 5 ORDER BY actor_id;
SELECT * FROM staff_list ORDER BY id;

-- Set operations, CASE, misc
SELECT first_name FROM actor UNION SELECT first_name FROM customer ORDER BY 1 LIMIT 20;
SELECT last_name FROM actor INTERSECT SELECT last_name FROM customer ORDER BY 1;
SELECT title, CASE WHEN length < 60 THEN 'short' WHEN length < 120 THEN 'medium' ELSE 'long' END AS size FROM film WHERE film_id <= 12 ORDER BY film_id;
SELECT rating, count(*) FROM film WHERE rating IN ('G', 'PG') GROUP BY rating ORDER BY rating;
SELECT coalesce(upper(rental_period)::text, 'not returned') FROM rental WHERE rental_id IN (1, 2, 11496) ORDER BY rental_id;
SELECT title, rental_rate FROM film ORDER BY rental_rate DESC, title OFFSET 10 LIMIT 10;
VALUES ('pagila', (SELECT count(*) FROM actor));
TABLE language;
