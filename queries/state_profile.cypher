// state_profile: every relation of one state and of its leaders, grouped by type
// One row per relation type, actor (the State or one of its leaders by
// LEADER_OF, not negated), direction (out, in, or both for symmetric types),
// other end (key and kind) and modality, with the number of assertions.
// A leader's relations with its own state are listed once, from the state.
// All modalities are listed, negated included, since this is a profile of what
// is said; filter on the modality column for what happened.
// The relationship types are the ontology's relation types, and the symmetric
// ones are those the ontology declares symmetric (a test checks both).
// params: iso3
// param: iso3 (iso3) the state, as an ISO 3166-1 alpha-3 code
// int: assertions
MATCH (state:State {iso3: $iso3})
OPTIONAL MATCH (leader)-[office:LEADER_OF]->(state)
WHERE office.modality <> 'negated'
WITH state, [state] + collect(DISTINCT leader) AS actors
UNWIND actors AS who
WITH state, who,
     [(who)-[e:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]->(o) | [e, o, 'out']] +
     [(who)<-[e:CONDEMNS|COOPERATES_WITH|FIGHTS|LEADER_OF|MEETS|MEMBER_OF|SANCTIONS|SEVERS_TIES|SUPPLIES_ARMS|THREATENS|VISITS]-(o) | [e, o, 'in']] AS links
UNWIND links AS link
WITH state, who, link[0] AS e, link[1] AS o, link[2] AS side
WHERE who = state OR o <> state
RETURN type(e) AS type, coalesce(who.iso3, who.id) AS actor,
       CASE WHEN type(e) IN ['COOPERATES_WITH', 'FIGHTS', 'MEETS'] THEN 'both' ELSE side END
         AS direction,
       coalesce(o.iso3, o.id) AS other, labels(o)[0] AS other_kind, e.modality AS modality,
       count(DISTINCT e) AS assertions
ORDER BY type, actor, direction, other, modality, other_kind
