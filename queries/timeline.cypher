// timeline: dated assertions involving a state or its leaders, in date order
// One row per assertion with a date whose source or target is the State or a
// leader of it (LEADER_OF, not negated): date, type, both ends (keys),
// modality, article and sentence; by date, then type, source, target.
// Negated assertions are excluded (the question is what happened); undated
// assertions are left out.
// The relationship types are the ontology's relation types (a test checks).
// params: iso3
// param: iso3 (iso3) the state, as an ISO 3166-1 alpha-3 code
MATCH (state:State {iso3: $iso3})
OPTIONAL MATCH (leader)-[office:LEADER_OF]->(state)
WHERE office.modality <> 'negated'
WITH [state] + collect(DISTINCT leader) AS actors
UNWIND actors AS who
MATCH (who)-[e:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-()
WHERE e.date IS NOT NULL AND e.modality <> 'negated'
RETURN DISTINCT e.date AS date, type(e) AS type,
       coalesce(startNode(e).iso3, startNode(e).id) AS source,
       coalesce(endNode(e).iso3, endNode(e).id) AS target,
       e.modality AS modality, e.article_id AS article, e.sentence AS sentence
ORDER BY date, type, source, target, article, sentence, modality
