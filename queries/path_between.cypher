// path_between: the shortest chains of relations linking two states (up to 4 hops)
// One row per shortest simple path from state a to state b, hops taken in
// either direction over any relation type and through any kind of node:
// length (hops), nodes (keys from a to b) and relations (each hop as
// "SOURCE TYPE TARGET", as stored). No rows when a and b are not linked within
// 4 hops, or are the same state. Ordered by nodes, then relations (each as
// its "|"-joined text, as the SPARQL twin orders them).
// Negated assertions are not links (the question is what connects them); a
// hop holds when some non-negated assertion backs it.
// How: the nodes within 1 and within 2 hops of a and of b give the shortest
// length (the first of: b next to a, a common neighbour, a node within 2 of
// a next to b, a node within 2 of both); then the paths of exactly that
// length are matched. A walk of the shortest length never repeats a node.
// Not allShortestPaths(): Neo4j applies the non-negated condition while it
// searches, but ArcadeDB (the test server) applies it to the shortest paths
// found, so a shorter negated link hides the real answer there.
// The relationship types are the ontology's relation types (a test checks).
// params: a, b
// param: a (iso3) the first state, ISO 3166-1 alpha-3
// param: b (iso3) the second state, ISO 3166-1 alpha-3
// int: length
// seq: nodes, relations
MATCH (x:State {iso3: $a}), (y:State {iso3: $b})
WHERE x <> y
OPTIONAL MATCH px = (x)-[:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS*1..2]-(u)
WHERE all(r IN relationships(px) WHERE r.modality <> 'negated')
WITH x, y, collect(DISTINCT CASE WHEN length(px) = 1 THEN u END) AS x1, collect(DISTINCT u) AS x2
OPTIONAL MATCH py = (y)-[:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS*1..2]-(v)
WHERE all(r IN relationships(py) WHERE r.modality <> 'negated')
WITH x, y, x1, x2,
     collect(DISTINCT CASE WHEN length(py) = 1 THEN v END) AS y1, collect(DISTINCT v) AS y2
WITH x, y, CASE
       WHEN y IN x1 THEN 1
       WHEN any(n IN x1 WHERE n IN y1) THEN 2
       WHEN any(n IN x2 WHERE n IN y1) THEN 3
       WHEN any(n IN x2 WHERE n IN y2) THEN 4
     END AS length
WHERE length IS NOT NULL
OPTIONAL MATCH (x)-[p1:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(y)
WHERE length = 1 AND p1.modality <> 'negated'
OPTIONAL MATCH (x)-[q1:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(q)-[q2:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(y)
WHERE length = 2 AND q1.modality <> 'negated' AND q2.modality <> 'negated'
OPTIONAL MATCH (x)-[r1:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(r)-[r2:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(rr)-[r3:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(y)
WHERE length = 3 AND r1.modality <> 'negated' AND r2.modality <> 'negated'
  AND r3.modality <> 'negated'
OPTIONAL MATCH (x)-[s1:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(s)-[s2:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(ss)-[s3:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(sss)-[s4:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(y)
WHERE length = 4 AND s1.modality <> 'negated' AND s2.modality <> 'negated'
  AND s3.modality <> 'negated' AND s4.modality <> 'negated'
WITH length, CASE length
       WHEN 1 THEN [[x, y], [p1]]
       WHEN 2 THEN [[x, q, y], [q1, q2]]
       WHEN 3 THEN [[x, r, rr, y], [r1, r2, r3]]
       ELSE [[x, s, ss, sss, y], [s1, s2, s3, s4]]
     END AS path
WHERE all(h IN path[1] WHERE h IS NOT NULL)
WITH DISTINCT length, [n IN path[0] | coalesce(n.iso3, n.id)] AS nodes,
     [h IN path[1] | coalesce(startNode(h).iso3, startNode(h).id) + ' ' + type(h) + ' '
                     + coalesce(endNode(h).iso3, endNode(h).id)] AS relations
RETURN length, nodes, relations
ORDER BY reduce(acc = head(nodes), k IN tail(nodes) | acc + '|' + k),
         reduce(acc = head(relations), k IN tail(relations) | acc + '|' + k)
