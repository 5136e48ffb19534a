// adversaries: pairs of actors linked by FIGHTS, SANCTIONS, CONDEMNS or THREATENS
// One row per unordered pair of actors of any kind (actor_a < actor_b by key):
// the hostile relation types between them, either direction, and the number of
// assertions.
// Negated assertions are excluded (the question is who is hostile).
// list: types
// int: assertions
MATCH (s)-[e:FIGHTS|SANCTIONS|CONDEMNS|THREATENS]->(t)
WHERE e.modality <> 'negated'
WITH coalesce(s.iso3, s.id) AS ks, coalesce(t.iso3, t.id) AS kt, e
WHERE ks <> kt
WITH CASE WHEN ks < kt THEN ks ELSE kt END AS actor_a,
     CASE WHEN ks < kt THEN kt ELSE ks END AS actor_b, e
RETURN actor_a, actor_b, collect(DISTINCT type(e)) AS types, count(DISTINCT e) AS assertions
ORDER BY actor_a, actor_b
