// arms_flows: supplier -> recipient pairs of arms transfers
// One row per SUPPLIES_ARMS supplier, recipient and modality, with the number
// of assertions; reported and planned transfers are kept apart from asserted.
// Negated assertions are excluded (the question is what was supplied).
// int: assertions
MATCH (s)-[e:SUPPLIES_ARMS]->(t)
WHERE e.modality <> 'negated'
RETURN coalesce(s.iso3, s.id) AS supplier, coalesce(t.iso3, t.id) AS recipient,
       e.modality AS modality, count(DISTINCT e) AS assertions
ORDER BY supplier, recipient, modality
