// shared_sanctions_exposure: pairs of states sanctioned by at least one common sanctioner
// One row per pair of States (state_a < state_b by ISO3) that some actor of any
// kind sanctions both of: the common sanctioners (keys) and the number of
// SANCTIONS assertions behind them (evidence count).
// Negated assertions are excluded (the question is who is sanctioned); planned
// and reported ones count.
// list: sanctioners
// int: assertions
MATCH (s)-[x:SANCTIONS]->(a:State), (s)-[y:SANCTIONS]->(b:State)
WHERE x.modality <> 'negated' AND y.modality <> 'negated' AND a.iso3 < b.iso3
UNWIND [x, y] AS evidence
RETURN a.iso3 AS state_a, b.iso3 AS state_b,
       collect(DISTINCT coalesce(s.iso3, s.id)) AS sanctioners,
       count(DISTINCT evidence) AS assertions
ORDER BY state_a, state_b
