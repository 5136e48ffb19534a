// cooperation_network: state pairs that cooperate, by domain
// One row per pair of States (state_a < state_b) and cooperation domain, from
// COOPERATES_WITH assertions: how many assertions and with which modalities.
// Only State-State pairs (Organizations are left out). domain is null when
// the text names none; such rows come last in their pair.
// Negated assertions are excluded (the question is who cooperates).
// list: modalities
// int: assertions
MATCH (s:State)-[c:COOPERATES_WITH]->(t:State)
WHERE c.modality <> 'negated'
WITH CASE WHEN s.iso3 < t.iso3 THEN s.iso3 ELSE t.iso3 END AS state_a,
     CASE WHEN s.iso3 < t.iso3 THEN t.iso3 ELSE s.iso3 END AS state_b, c
RETURN state_a, state_b, c.domain AS domain, count(DISTINCT c) AS assertions,
       collect(DISTINCT c.modality) AS modalities
ORDER BY state_a, state_b, domain IS NULL, domain
